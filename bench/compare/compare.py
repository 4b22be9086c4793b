#!/usr/bin/env python3
"""riffle beside DuckDB, chDB, jq and a hand-written simdjson loop on the same Nexmark bids.

Workloads over a newline-delimited JSON file of bids (~189 bytes a line, riffle's own Nexmark
generator with SEED=1):
  (a) filter + project: AUCTION, BIDDER, PRICE of the bids with PRICE > 90099 (~10%)
  (b) GROUP BY AUCTION with COUNT(*)
  (c) 1-minute tumbling COUNT per AUCTION (event time = DATETIME)
riffle runs each as one `riffle -f` script of a finite query (no EMIT CHANGES: it reads the file
to its end and answers once), DuckDB and chDB as npm packages with one thread (peers.js), jq as
a filter, the simdjson loop (bench/json_reference_loop.cpp) for (a) only. Tools run one after
the other in interleaved rounds; each run's whole-process wall time and max RSS are measured
(wait4), its output is checked against the others (same rows, in any order) and the machine's
load average is printed with every round, since a loaded machine makes the figures noisy.

Usage: compare.py --riffle build/riffle --loop build/bench/riffle-bench-json-loop
                  [--lines 1000000,10000000] [--rounds 3] [--tools riffle,duckdb,...]
                  [--workloads a,b,c] [--data DIR] [--pin CPU] [--quick]
--quick is 1M lines and 1 round: a smoke test that every tool runs and the outputs agree.
Exit status: 0 when every output agreed, 1 when one differed or a tool failed (or, with
--min-tools N, a workload ran in fewer than N tools), 2 on bad usage.
"""

import argparse
import collections
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PRICE_ABOVE = 90099
COLUMNS = ("AUCTION BIGINT, BIDDER BIGINT, PRICE BIGINT, CHANNEL STRING, URL STRING, "
           "DATETIME BIGINT, EXTRA STRING")
RIFFLE_QUERIES = {
    "a": f"SELECT AUCTION, BIDDER, PRICE FROM bids WHERE PRICE > {PRICE_ABOVE};",
    "b": "SELECT AUCTION, COUNT(*) AS N FROM bids GROUP BY AUCTION;",
    # Bids arrive up to 2 s late: a 10 s grace keeps every one of them, as the batch peers do.
    "c": ("SELECT AUCTION, WINDOWSTART, COUNT(*) AS N FROM bids "
          "WINDOW TUMBLING (SIZE 1 MINUTE, GRACE PERIOD 10 SECONDS) GROUP BY AUCTION;"),
}
# jq 1.6's `.[$k] += 1` copies the object on every update (quadratic); setpath/getpath does not.
JQ_COUNT = ("reduce (inputs | {key}) as $k ({{}}; setpath([$k]; getpath([$k]) + 1)) "
            "| to_entries[] | \"\\(.key),\\(.value)\"")
JQ_PROGRAMS = {
    "a": ["-r", f"select(.PRICE > {PRICE_ABOVE}) | [.AUCTION, .BIDDER, .PRICE] | @csv"],
    "b": ["-n", "-r", JQ_COUNT.format(key=".AUCTION | tostring")],
    "c": ["-n", "-r",
          JQ_COUNT.format(key="\"\\(.AUCTION),\\(.DATETIME / 60000 | floor * 60000)\"")],
}
ALL_TOOLS = ["riffle", "duckdb", "chdb", "jq", "simdjson-loop"]


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def run_measured(argv, stdout_path=None, cwd=None, pin=None):
    """Runs argv; returns (exit status, wall seconds, max RSS in MB, CPU seconds (user + system),
    stderr text). RSS and CPU come from GNU time, not from wait4 here: a child forked from this
    Python process would report Python's own RSS (the rows it has read) as its peak."""
    rss_file = tempfile.NamedTemporaryFile(prefix="rss-", delete=False)
    rss_file.close()
    argv = ["/usr/bin/time", "-f", "%M %U %S", "-o", rss_file.name] + (
        ["taskset", "-c", str(pin)] if pin is not None else []) + argv
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    err = tempfile.TemporaryFile()
    try:
        start = time.perf_counter()
        status = subprocess.call(argv, stdout=out, stderr=err, cwd=cwd)
        wall = time.perf_counter() - start
    finally:
        if stdout_path:
            out.close()
    with open(rss_file.name) as f:
        last = f.read().strip().split("\n")[-1].split()  # GNU time's line comes last
    os.unlink(rss_file.name)
    try:
        rss_kb, cpu = int(last[0]), float(last[1]) + float(last[2])
    except (IndexError, ValueError):
        rss_kb, cpu = 0, float("nan")
    err.seek(0)
    return status, wall, rss_kb / 1024.0, cpu, err.read().decode(errors="replace")


def generate_bids(riffle, path, lines):
    """Writes `lines` Nexmark bids with riffle's generator (SEED=1): ~189 bytes a line, EXTRA
    padded to 33 characters so lines match the size the figures in issue 20 were taken with."""
    work = tempfile.mkdtemp(prefix="riffle-bench-gen-")
    try:
        script = os.path.join(work, "gen.sql")
        with open(script, "w") as f:
            f.write(f"CREATE STREAM gen WITH (CONNECTOR='datagen', GENERATOR='bid', "
                    f"COUNT={lines}, SEED=1);\n"
                    "SELECT AUCTION, BIDDER, PRICE, CHANNEL, URL, UNIX_TIMESTAMP(DATETIME) AS "
                    "DATETIME, CONCAT(EXTRA, EXTRA, EXTRA, SUBSTRING(EXTRA, 1, 3)) AS EXTRA "
                    "FROM gen;\n")
        tmp = path + ".partial"
        print(f"generating {lines:,} bids into {path} ...", flush=True)
        with open(tmp, "wb") as out:
            subprocess.run([riffle, "--catalog", os.path.join(work, "c.db"), "--output", "json",
                            "-f", script], stdout=out, stderr=subprocess.DEVNULL, check=True,
                           env=dict(os.environ, HOME=work))
        with open(tmp, "rb") as f:
            count = sum(1 for _ in f)
        if count != lines:
            raise SystemExit(f"generator wrote {count} lines, expected {lines}")
        os.replace(tmp, path)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def riffle_command(args, workload, data_path, work):
    script = os.path.join(work, f"riffle-{workload}.sql")
    with open(script, "w") as f:
        f.write(f"CREATE STREAM bids ({COLUMNS}) WITH (CONNECTOR='file', "
                f"PATH='{os.path.basename(data_path)}', FORMAT='JSON', TIMESTAMP='DATETIME');\n")
        f.write(RIFFLE_QUERIES[workload] + "\n")
    catalog = os.path.join(work, f"riffle-{workload}-{time.monotonic_ns()}.db")
    return [args.riffle, "--catalog", catalog, "--data-dir", os.path.dirname(data_path),
            "--output", "csv", "-f", script]


def command_for(tool, args, workload, data_path, out_path, work):
    """(argv, path its stdout goes to or None) for one run; None when it has no such workload."""
    if tool == "riffle":
        return riffle_command(args, workload, data_path, work), out_path
    if tool in ("duckdb", "chdb"):
        return ["node", os.path.join(HERE, "peers.js"), tool, workload, data_path, out_path], None
    if tool == "jq":
        return ["jq"] + JQ_PROGRAMS[workload] + [data_path], out_path
    if tool == "simdjson-loop":
        return ([args.loop, data_path, out_path], None) if workload == "a" else None
    raise ValueError(tool)


def read_rows(path, tool):
    """The output as a multiset of rows (fields stripped of CSV quotes), header lines dropped."""
    rows = collections.Counter()
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            fields = tuple(x.strip('"') for x in line.split(","))
            if tool == "riffle" and fields[0] == "AUCTION":
                continue
            rows[fields] += 1
    return rows


def describe_checkout():
    """The commit the comparison ran on, for bench/RESULTS.md ("+dirty" with local changes)."""
    root = os.path.dirname(os.path.dirname(HERE))
    try:
        head = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", root, "status", "--porcelain",
                                "--untracked-files=no"], capture_output=True, text=True).stdout
        dirty = dirty.strip()
        return head + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def available_tools(args):
    tools, skipped = [], []
    for tool in args.tools:
        if tool in ("duckdb", "chdb"):
            package = "@duckdb/node-api" if tool == "duckdb" else "chdb"
            if shutil.which("node") is None:
                skipped.append(f"{tool} (node is not installed)")
                continue
            if not os.path.isdir(os.path.join(HERE, "node_modules", package)):
                skipped.append(f"{tool} (npm package {package} not installed in {HERE}: "
                               "run scripts/install-deps.sh)")
                continue
        if tool == "jq" and shutil.which("jq") is None:
            skipped.append("jq (not installed)")
            continue
        if tool == "simdjson-loop" and not (args.loop and os.access(args.loop, os.X_OK)):
            skipped.append("simdjson-loop (no --loop binary)")
            continue
        tools.append(tool)
    return tools, skipped


def summarize(results, tools, workloads, lines):
    """Median wall time, CPU time and max RSS per tool and workload, with ratios of wall time to
    DuckDB's and the loop's, and of CPU time to DuckDB's (steadier on a loaded machine)."""
    print(f"\n== {lines:,} lines: medians of the rounds; ratios are time / the peer's time")
    print("| workload | tool | wall s | min-max | CPU s | max RSS MB | rec/s (wall) |"
          " vs DuckDB | vs simdjson loop | CPU vs DuckDB |")
    print("|:---|:---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for w in workloads:
        med, cpu = {}, {}
        for t in tools:
            runs = results.get((lines, w, t))
            if runs:
                med[t] = statistics.median(r[0] for r in runs)
                cpu[t] = statistics.median(r[2] for r in runs)
        for t in tools:
            runs = results.get((lines, w, t))
            if not runs:
                continue
            walls = [r[0] for r in runs]
            rss = max(r[1] for r in runs)
            vs_duck = f"{med[t] / med['duckdb']:.2f}x" if "duckdb" in med else "-"
            vs_loop = f"{med[t] / med['simdjson-loop']:.2f}x" if "simdjson-loop" in med else "-"
            cpu_duck = f"{cpu[t] / cpu['duckdb']:.2f}x" if "duckdb" in cpu else "-"
            print(f"| ({w}) | {t} | {med[t]:.3f} | {min(walls):.3f}-{max(walls):.3f} |"
                  f" {cpu[t]:.2f} | {rss:.0f} | {lines / med[t] / 1e6:.2f}M | {vs_duck} |"
                  f" {vs_loop} | {cpu_duck} |")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--riffle", required=True)
    p.add_argument("--loop", help="the simdjson reference loop (riffle-bench-json-loop)")
    p.add_argument("--lines", default="1000000,10000000")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--tools", default=",".join(ALL_TOOLS))
    p.add_argument("--workloads", default="a,b,c")
    p.add_argument("--data", default=os.path.join(os.getcwd(), "bench-data"),
                   help="where the bids files are kept between runs")
    p.add_argument("--pin", type=int, help="run every tool on this CPU only (taskset)")
    p.add_argument("--quick", action="store_true", help="1M lines, 1 round")
    p.add_argument("--keep", action="store_true", help="keep the outputs' scratch directory")
    p.add_argument("--min-tools", type=int, default=1,
                   help="fail when a workload ran in fewer tools (nothing to check it against)")
    args = p.parse_args()
    if args.quick:
        args.lines, args.rounds = "1000000", 1
    args.riffle = os.path.abspath(args.riffle)
    args.loop = os.path.abspath(args.loop) if args.loop else None
    args.tools = [t for t in args.tools.split(",") if t]
    workloads = [w for w in args.workloads.split(",") if w]
    bad = [t for t in args.tools if t not in ALL_TOOLS] + [w for w in workloads if w not in "abc"]
    if bad:
        p.error(f"unknown tool or workload: {', '.join(bad)}")
    if not os.access("/usr/bin/time", os.X_OK):
        p.error("GNU time (/usr/bin/time, Debian package `time`) measures every run: "
                "install it (scripts/install-deps.sh does)")
    tools, skipped = available_tools(args)
    print(f"commit {describe_checkout()}, {os.cpu_count()} CPUs, "
          f"{time.strftime('%Y-%m-%d %H:%M %Z')}, load average {load_average()}; "
          f"tools: {', '.join(tools)}")
    for s in skipped:
        print(f"skipping {s}")
    os.makedirs(args.data, exist_ok=True)
    work = tempfile.mkdtemp(prefix="riffle-bench-compare-")
    results = {}
    failures = 0
    sizes = [int(n) for n in args.lines.split(",")]
    try:
        for lines in sizes:
            data = os.path.join(os.path.abspath(args.data), f"bids-{lines}.json")
            if not os.path.exists(data):
                generate_bids(args.riffle, data, lines)
            print(f"\n{data}: {lines:,} lines, {os.path.getsize(data) / lines:.1f} bytes a line")
            for rnd in range(1, args.rounds + 1):
                for w in workloads:
                    # Rotate the order each round so no tool always runs first (or right after
                    # the data was written).
                    order = tools[rnd % len(tools):] + tools[:rnd % len(tools)]
                    reference = None
                    agreed = True
                    line = [f"round {rnd} ({w}) load {load_average()}:"]
                    for tool in order:
                        out = os.path.join(work, f"{tool}-{w}.out")
                        cmd = command_for(tool, args, w, data, out, work)
                        if cmd is None:
                            continue
                        argv, stdout_path = cmd
                        status, wall, rss, cpu, err = run_measured(argv, stdout_path, work,
                                                                   args.pin)
                        if status != 0:
                            failures += 1
                            print(f"  {tool} ({w}) failed with status {status}:\n{err[-2000:]}")
                            continue
                        rows = read_rows(out, tool)
                        if reference is None:
                            reference = (tool, rows)
                        elif rows != reference[1]:
                            failures += 1
                            agreed = False
                            diff = (rows - reference[1]) + (reference[1] - rows)
                            print(f"  MISMATCH ({w}): {tool} has {sum(rows.values())} rows, "
                                  f"{reference[0]} {sum(reference[1].values())}; e.g. "
                                  f"{list(diff)[:3]}")
                        results.setdefault((lines, w, tool), []).append((wall, rss, cpu))
                        line.append(f"{tool} {wall:.2f}s (cpu {cpu:.2f}s) {rss:.0f}MB")
                    ran = sum(1 for t in tools if len(results.get((lines, w, t), [])) == rnd)
                    if ran < args.min_tools:
                        failures += 1
                        print(f"  ({w}) ran in {ran} tool(s), fewer than --min-tools "
                              f"{args.min_tools}: its output was not checked")
                    rows_note = (f"[{sum(reference[1].values())} rows, all agree]"
                                 if reference and agreed else "")
                    print(" ".join(line), rows_note, flush=True)
            summarize(results, tools, workloads, lines)
        print(f"\nload average at the end: {load_average()}")
    finally:
        if args.keep:
            print(f"outputs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{failures} run(s) failed or disagreed")
        return 1
    print("every output agreed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
