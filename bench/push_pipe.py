#!/usr/bin/env python3
"""A push query printing to a pipe beside the same query as a job writing a file (issue 20, 3).

Both read the same newline-delimited JSON file of N bids (riffle's own generator, SEED=1) and
select AUCTION, BIDDER, PRICE, CHANNEL, DATETIME from every line:
  - push:  `riffle -f` with `SELECT ... EMIT CHANGES LIMIT N` in json, csv and table mode,
           stdout into `wc -l` through a pipe; whole-process wall and CPU time;
  - job:   `riffle run` with `CREATE STREAM ... WITH (CONNECTOR='file', ...) AS SELECT ...`;
           time from start until its file holds every row (as many bytes as the json push
           printed), CPU time read from /proc at that moment.
Rounds interleave the variants; every output is checked (line counts, json bytes equal).

Usage: push_pipe.py --riffle build/riffle [--lines 1000000] [--rounds 3] [--work DIR]
"""
import argparse
import os
import shutil
import subprocess
import tempfile
import time

COLUMNS = ("AUCTION BIGINT, BIDDER BIGINT, PRICE BIGINT, CHANNEL STRING, URL STRING, "
           "DATETIME BIGINT, EXTRA STRING")
PROJECTION = "AUCTION, BIDDER, PRICE, CHANNEL, DATETIME"
TICKS = os.sysconf("SC_CLK_TCK")


def generate_bids(riffle, path, lines, work):
    script = os.path.join(work, "gen.sql")
    with open(script, "w") as f:
        f.write(f"CREATE STREAM gen WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT={lines}, "
                "SEED=1);\nSELECT AUCTION, BIDDER, PRICE, CHANNEL, URL, UNIX_TIMESTAMP(DATETIME) "
                "AS DATETIME, EXTRA FROM gen;\n")
    with open(path, "wb") as out:
        subprocess.run([riffle, "--catalog", os.path.join(work, "gen.db"), "--output", "json",
                        "-f", script], stdout=out, stderr=subprocess.DEVNULL, check=True,
                       env=dict(os.environ, HOME=work))


def source_ddl(data):
    return (f"CREATE STREAM bids ({COLUMNS}) WITH (CONNECTOR='file', "
            f"PATH='{os.path.basename(data)}', FORMAT='JSON');\n")


def run_push(riffle, data, lines, mode, work):
    """(wall s, cpu s, lines seen, bytes seen) of the push query piped into `wc`."""
    script = os.path.join(work, "push.sql")
    with open(script, "w") as f:
        f.write(source_ddl(data))
        f.write(f"SELECT {PROJECTION} FROM bids EMIT CHANGES LIMIT {lines};\n")
    catalog = os.path.join(work, f"push-{time.monotonic_ns()}.db")
    start = time.monotonic()
    p = subprocess.Popen([riffle, "--catalog", catalog, "--data-dir", os.path.dirname(data),
                          "--output", mode, "-f", script], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, env=dict(os.environ, HOME=work))
    wc = subprocess.Popen(["wc", "-lc"], stdin=p.stdout, stdout=subprocess.PIPE)
    p.stdout.close()
    _, status, usage = os.wait4(p.pid, 0)
    counts = wc.communicate()[0].split()
    wall = time.monotonic() - start
    if status != 0:
        raise SystemExit(f"push query ({mode}) failed: status {status}")
    return wall, usage.ru_utime + usage.ru_stime, int(counts[0]), int(counts[1])


def run_job(riffle, data, expected_bytes, work):
    """(wall s, cpu s) until the job's file sink holds `expected_bytes`."""
    script = os.path.join(work, "job.sql")
    out = os.path.join(os.path.dirname(data), "job-out.json")
    if os.path.exists(out):
        os.remove(out)
    with open(script, "w") as f:
        f.write(source_ddl(data))
        f.write("CREATE STREAM job_out WITH (CONNECTOR='file', PATH='job-out.json', "
                f"FORMAT='JSON') AS SELECT {PROJECTION} FROM bids;\n")
    catalog = os.path.join(work, f"job-{time.monotonic_ns()}.db")
    start = time.monotonic()
    p = subprocess.Popen([riffle, "run", script, "--catalog", catalog, "--data-dir",
                          os.path.dirname(data)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, env=dict(os.environ, HOME=work))
    size = 0
    while size < expected_bytes:
        if p.poll() is not None:
            raise SystemExit("job process ended before writing every row")
        time.sleep(0.002)
        size = os.path.getsize(out) if os.path.exists(out) else 0
    wall = time.monotonic() - start
    with open(f"/proc/{p.pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
    p.terminate()
    p.wait()
    if size != expected_bytes:
        raise SystemExit(f"job wrote {size} bytes, expected {expected_bytes}")
    return wall, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--riffle", required=True)
    ap.add_argument("--lines", type=int, default=1000000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--modes", default="json,csv,table")
    ap.add_argument("--work", help="keep the generated file here (reused when present)")
    args = ap.parse_args()
    riffle = os.path.abspath(args.riffle)
    work = args.work or tempfile.mkdtemp(prefix="riffle-bench-push-")
    os.makedirs(work, exist_ok=True)
    data = os.path.join(work, f"bids-{args.lines}.json")
    if not os.path.exists(data):
        generate_bids(riffle, data, args.lines, work)
    modes = args.modes.split(",")
    results = {name: [] for name in ["job"] + modes}
    try:
        for r in range(args.rounds):
            json_bytes = None
            for mode in modes:
                wall, cpu, nlines, nbytes = run_push(riffle, data, args.lines, mode, work)
                header = {"json": 0, "csv": 1}.get(mode)
                if header is not None and nlines != args.lines + header:
                    raise SystemExit(f"{mode}: {nlines} lines, expected {args.lines + header}")
                if mode == "table" and nlines < args.lines:
                    raise SystemExit(f"table: {nlines} lines, fewer than the rows")
                if mode == "json":
                    json_bytes = nbytes
                results[mode].append((wall, cpu))
                print(f"round {r + 1} push {mode:5} {wall:6.2f} s wall {cpu:6.2f} s cpu", flush=True)
            if json_bytes is None:  # the job's file is as long as the json push's output
                json_bytes = run_push(riffle, data, args.lines, "json", work)[3]
            wall, cpu = run_job(riffle, data, json_bytes, work)
            results["job"].append((wall, cpu))
            print(f"round {r + 1} job        {wall:6.2f} s wall {cpu:6.2f} s cpu", flush=True)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    job_wall = min(w for w, _ in results["job"])
    job_cpu = min(c for _, c in results["job"])
    print(f"\n{'variant':8} {'best wall':>10} {'best cpu':>9} {'wall/job':>9} {'cpu/job':>8}")
    for name, runs in results.items():
        wall = min(w for w, _ in runs)
        cpu = min(c for _, c in runs)
        print(f"{name:8} {wall:9.2f}s {cpu:8.2f}s {wall / job_wall:8.2f}x {cpu / job_cpu:7.2f}x")


if __name__ == "__main__":
    main()
