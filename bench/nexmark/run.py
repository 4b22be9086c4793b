#!/usr/bin/env python3
"""Runs the Nexmark queries of bench/nexmark/ (qN.sql, riffle SQL) on riffle's generator.

    bench/nexmark/run.py build/riffle [EVENTS] [--queries gen,q0,q2] [--work DIR] [--check]

EVENTS (default 10,000,000) is the number of bids a bid-only query reads; a query over several
generators reads Nexmark's mix of EVENTS events (46 bids : 3 auctions : 1 person in 50). The
generator alone runs first as a baseline (gen.sql). Each query runs in its own riffle process,
catalog and directory under --work, and is timed to the end of its bounded input: a file of
finite queries ends by itself; a file with persistent queries has lines `-- @wait` where the
runner, which feeds the file to riffle's stdin, polls SHOW JOBS until every job has stopped
reading (its records-in count unchanged over three polls, 0.5 s apart, the time of the last
change being the end: the polls after it are not counted in the wall time), then feeds the
rest. Per query it prints the events read, wall seconds,
CPU seconds of the riffle process (user + system), events per CPU second, max RSS and the
output rows; every output is checked for being non-empty and, where the count is known from the
generated data itself (the bids written by q0, auctions and people dumped by a finite query),
for exactly that count. It exits non-zero when a query fails or a check does not hold.
"""

import argparse
import collections
import csv
import datetime
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ORDER = ["gen"] + [f"q{i}" for i in range(23)]
# Queries over several generators read Nexmark's mix; the others read EVENTS bids.
MIXED = {"q3", "q4", "q8", "q9", "q20"}
# The window checks of q5 and q7 are done in Python over every bid: up to this many.
WINDOW_CHECK_MAX_BIDS = 2_000_000
GRACE_MS = 2000  # the generator's lateness, the GRACE PERIOD of the windowed queries
POLL_S = 0.5
STABLE_POLLS = 3


def counts_for(query, events):
    if query in MIXED:
        return {"BIDS": events * 46 // 50, "AUCTIONS": events * 3 // 50, "PERSONS": events // 50}
    return {"BIDS": events, "AUCTIONS": 0, "PERSONS": 0}


def events_read(query, text, counts):
    """The generated records a query reads: the counts of the generators its file names."""
    total = 0
    for name, generator in (("BIDS", "'bid'"), ("AUCTIONS", "'auction'"), ("PERSONS", "'person'")):
        if f"GENERATOR={generator}" in text:
            total += counts[name]
    return total


def split_at_waits(text):
    """The file's parts between `-- @wait` lines; every part but the last ends with a wait."""
    parts, current = [], []
    for line in text.splitlines(keepends=True):
        if line.strip() == "-- @wait":
            parts.append("".join(current))
            current = []
        else:
            current.append(line)
    parts.append("".join(current))
    return parts


def persistent_queries(sql):
    """How many CREATE ... AS SELECT statements `sql` holds (each starts a job)."""
    code = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    return sum(1 for statement in code.split(";")
               if re.match(r"\s*CREATE\s+(OR\s+REPLACE\s+)?(STREAM|TABLE)\b", statement, re.I)
               and re.search(r"\bAS\s+SELECT\b", statement, re.I))


class Riffle:
    """One riffle shell fed on stdin; its output lines are collected by a thread."""

    def __init__(self, riffle, work):
        self.start = time.monotonic()
        self.proc = subprocess.Popen([riffle, "--catalog", os.path.join(work, "catalog.db")],
                                     cwd=work, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.lines = queue.Queue()
        self.log = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.log.append(line)
            self.lines.put(line)
        self.lines.put(None)

    def send(self, text):
        self.proc.stdin.write(text if text.endswith("\n") else text + "\n")
        self.proc.stdin.flush()

    def jobs(self, njobs, timeout=60):
        """SHOW JOBS as a list of dicts (needs `.mode json`)."""
        self.send("SHOW JOBS;")
        rows, deadline = [], time.monotonic() + timeout
        while len(rows) < njobs:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise RuntimeError("no answer to SHOW JOBS")
            if line is None:
                raise RuntimeError("riffle ended while its jobs were polled")
            if line.startswith("{") and '"Query ID"' in line:
                rows.append(json.loads(line))
        return rows

    def finish(self):
        self.proc.stdin.close()
        _, status, usage = os.wait4(self.proc.pid, 0)
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        end = time.monotonic()
        return end, usage


def wait_for_jobs(shell, njobs, limit_s):
    """Polls until no job's records-in count changes; returns the time of the last change."""
    last, last_change, stable = None, time.monotonic(), 0
    deadline = time.monotonic() + limit_s
    while stable < STABLE_POLLS:
        if time.monotonic() > deadline:
            raise RuntimeError(f"jobs still reading after {limit_s} s")
        time.sleep(POLL_S)
        rows = shell.jobs(njobs)
        for row in rows:
            if row["Status"] != "RUNNING" or row["Error"]:
                raise RuntimeError(f"job {row['Query ID']} is {row['Status']}: {row['Error']}")
        now = tuple(row["Records In"] for row in rows)
        if now == last and sum(now) > 0:
            stable += 1
        else:
            stable, last, last_change = 0, now, time.monotonic()
    return last_change


def output_rows(work, query):
    path = os.path.join(work, f"{query}.out")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        first = f.readline()
        n = sum(1 for _ in f) + (1 if first else 0)
    # A finite query's CSV has a header line; a file sink's JSON lines have none.
    return n - 1 if first and not first.startswith("{") else n


def run_query(riffle, query, events, root, limit_s):
    text = open(os.path.join(HERE, f"{query}.sql"), encoding="utf-8").read()
    counts = counts_for(query, events)
    for name, value in counts.items():
        text = text.replace("${" + name + "}", str(value))
    work = os.path.join(root, query)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    if query == "q13":  # the bounded side input: keys 0..9999, a value, time 0 (see q13.sql)
        with open(os.path.join(work, "side_input.csv"), "w", encoding="utf-8") as f:
            f.writelines(f"{k},value-{k},0\n" for k in range(10000))
    parts = split_at_waits(text)
    shell = Riffle(riffle, work)
    idle_wait, njobs = 0.0, 0
    try:
        for i, part in enumerate(parts):
            if i > 0:
                # The previous part ended at a wait: its jobs must have read all their input.
                shell.send(".mode json")
                last_change = wait_for_jobs(shell, njobs, limit_s)
                idle_wait += time.monotonic() - last_change
            shell.send(part)
            njobs += persistent_queries(part)
    except Exception:
        shell.proc.kill()
        raise
    end, usage = shell.finish()
    log = "".join(shell.log)
    if shell.proc.returncode != 0 or re.search(r"^ERROR", log, re.M):
        raise RuntimeError(f"riffle failed (exit {shell.proc.returncode}):\n{log[-3000:]}")
    return {
        "query": query,
        "events": events_read(query, text, counts),
        "wall": end - shell.start - idle_wait,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
        "rows": output_rows(work, query),
        "work": work,
    }


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def dump_mix(riffle, events, root):
    """The auctions and people of the mix (as q3, q4, q20 read them), dumped by a finite query."""
    work = os.path.join(root, "dump")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    c = counts_for("q3", events)
    script = (
        f"CREATE STREAM auction WITH (CONNECTOR='datagen', GENERATOR='auction', "
        f"COUNT={c['AUCTIONS']}, SEED=1);\n"
        f"CREATE STREAM person WITH (CONNECTOR='datagen', GENERATOR='person', "
        f"COUNT={c['PERSONS']}, SEED=1);\n"
        f"CREATE STREAM bid WITH (CONNECTOR='datagen', GENERATOR='bid', COUNT={c['BIDS']}, "
        f"SEED=1);\n"
        ".mode csv\n.output auctions.csv\nSELECT id, seller, category, datetime FROM auction;\n"
        ".output persons.csv\nSELECT id, state, datetime FROM person;\n"
        ".output bids.csv\nSELECT auction, datetime FROM bid;\n.output\n")
    subprocess.run([riffle, "--catalog", "catalog.db"], input=script, text=True, cwd=work,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return work


def window_counts(bids_out):
    """q5's and q7's rows: per closed window (its end plus grace at most the last event time),
    the auctions with the most bids (hopping 10 s by 2 s), the bids with the top price
    (tumbling 10 s); q11's: the bidders' sessions."""
    hop = collections.defaultdict(collections.Counter)
    top = {}
    bidder_times = collections.defaultdict(list)
    last = 0
    for row in read_csv(bids_out):
        t = millis(row["DATETIME"])
        last = max(last, t)
        bidder_times[row["BIDDER"]].append(t)
        for start in range(t // 2000 * 2000 - 8000, t + 1, 2000):
            hop[start][row["AUCTION"]] += 1
        start, price = t // 10000 * 10000, int(row["PRICE"])
        best = top.get(start, (0, 0))
        top[start] = (price, 1) if price > best[0] else (best[0], best[1] + (price == best[0]))
    # q11: a bidder's session ends after 10 s without a bid of theirs.
    sessions = 0
    for times in bidder_times.values():
        times.sort()
        sessions += 1 + sum(1 for a, b in zip(times, times[1:]) if b - a > 10000)
    q5 = sum(list(c.values()).count(max(c.values()))
             for s, c in hop.items() if s + 10000 + GRACE_MS <= last)
    q7 = sum(n for s, (_, n) in top.items() if s + 10000 + GRACE_MS <= last)
    return {"q5": q5, "q7": q7, "q11": sessions}


def millis(text):
    when = datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.timezone.utc)
    return round(when.timestamp() * 1000)


def new_user_windows(people, auctions):
    """q8's rows: people whose 10 s window (closed) also holds an auction of theirs (closed), the
    auctions on the people's clock as in q8.sql (a third of their distance from the start,
    truncated toward zero as riffle's BIGINT division)."""
    start = 1735689600000

    def closed(pairs):
        last = max(t for _, t in pairs)
        return {(key, t // 10000) for key, t in pairs
                if t // 10000 * 10000 + 10000 + GRACE_MS <= last}

    def rescale(t):
        return start + int((t - start) / 3)
    p = closed([(r["ID"], millis(r["DATETIME"])) for r in people])
    a = closed([(r["SELLER"], rescale(millis(r["DATETIME"]))) for r in auctions])
    return len(p & a)


def expected_counts(riffle, events, root, results):
    """Row counts that follow from the generated data alone: a number, a (low, high) range, or
    none (then only non-empty is checked)."""
    expect = {"gen": 1}
    bids_out = os.path.join(root, "q0", "q0.out")
    if "q0" in results and os.path.exists(bids_out):
        n = mod123 = band = 0
        days, auction_days, pairs, auctions = set(), set(), set(), set()
        for row in read_csv(bids_out):
            n += 1
            auction, price, day = int(row["AUCTION"]), int(row["PRICE"]), row["DATETIME"][:10]
            mod123 += auction % 123 == 0
            band += 10_000_000 < 908 * price < 500_000_000  # 10000 < 0.908 * price < 500000
            days.add(day)
            auction_days.add((auction, day))
            pairs.add((auction, row["BIDDER"]))
            auctions.add(auction)
        if n <= WINDOW_CHECK_MAX_BIDS:
            expect.update(window_counts(bids_out))
        expect.update({"q0": n, "q1": n, "q10": n, "q13": n, "q21": n, "q22": n, "q2": mod123,
                       "q14": band, "q15": len(days), "q17": len(auction_days),
                       "q18": len(pairs), "q19": len(auctions),
                       # one row per channel (4) and day
                       "q16": (len(days), 4 * len(days))})
    if MIXED & set(results):
        dump = dump_mix(riffle, events, root)
        people = {r["ID"]: r for r in read_csv(os.path.join(dump, "persons.csv"))}
        auctions = {r["ID"]: r for r in read_csv(os.path.join(dump, "auctions.csv"))}
        # A stream-table join sees a table row only once it came before the stream row in event
        # time; where the late records of the first seconds make that a close call, riffle's
        # merge order decides. So the count lies between the matches in event-time order and
        # all matches.
        def q3_match(a, as_of):
            p = people.get(a["SELLER"])
            return (a["CATEGORY"] == "10" and p is not None and p["STATE"] in ("OR", "ID", "CA")
                    and (not as_of or p["DATETIME"] <= a["DATETIME"]))
        expect["q3"] = (sum(q3_match(a, True) for a in auctions.values()),
                        sum(q3_match(a, False) for a in auctions.values()))

        def q20_match(b, as_of):
            a = auctions.get(b["AUCTION"])
            return (a is not None and a["CATEGORY"] == "10"
                    and (not as_of or a["DATETIME"] <= b["DATETIME"]))
        bids = list(read_csv(os.path.join(dump, "bids.csv")))
        expect["q20"] = (sum(q20_match(b, True) for b in bids),
                         sum(q20_match(b, False) for b in bids))
        expect["q8"] = new_user_windows(people.values(), auctions.values())
        expect["q4"] = len({a["CATEGORY"] for a in auctions.values()})
    return expect


def check(result, expect):
    rows = result["rows"]
    if rows is None or rows <= 0:
        return "FAIL: no output"
    if result["query"] == "gen":
        with open(os.path.join(result["work"], "gen.out"), encoding="utf-8") as f:
            f.readline()
            got = int(f.readline().strip())
        return "ok" if got == result["events"] else f"FAIL: counted {got} bids"
    want = expect.get(result["query"])
    if want is None:
        return "ok (non-empty)"
    if isinstance(want, tuple):
        low, high = want
        return (f"ok ({low}..{high})" if low <= rows <= high
                else f"FAIL: {rows} rows, expected {low}..{high}")
    return "ok" if rows == want else f"FAIL: {rows} rows, expected {want}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("riffle")
    parser.add_argument("events", nargs="?", type=int, default=10_000_000)
    parser.add_argument("--queries", help="comma-separated, e.g. gen,q0,q2 (default: all files)")
    parser.add_argument("--work", help="directory for catalogs and outputs (default: a temp dir)")
    parser.add_argument("--limit", type=float, default=3600, help="seconds a query may take")
    args = parser.parse_args()
    riffle = os.path.abspath(args.riffle)
    wanted = args.queries.split(",") if args.queries else ORDER
    queries = [q for q in ORDER if q in wanted and os.path.exists(os.path.join(HERE, f"{q}.sql"))]
    unknown = set(wanted) - set(queries) if args.queries else set()
    if unknown:
        sys.exit(f"no such query file: {', '.join(sorted(unknown))}")
    root = args.work or tempfile.mkdtemp(prefix="riffle-nexmark-")
    os.makedirs(root, exist_ok=True)
    print(f"riffle {riffle}, {args.events:,} events, work in {root}, "
          f"load {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f}",
          flush=True)

    results, failures = {}, 0
    for q in queries:
        try:
            results[q] = run_query(riffle, q, args.events, root, args.limit)
            r = results[q]
            print(f"  {q}: {r['events']:,} events, {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU, "
                  f"{r['rows']} rows", flush=True)
        except Exception as e:  # one failing query must not hide the others' figures
            failures += 1
            print(f"  {q}: FAILED: {e}", flush=True)

    expect = expected_counts(riffle, args.events, root, results)
    print()
    print("| query | events | wall s | CPU s | events/CPU s | max RSS MB | rows | check |")
    print("|:---|---:|---:|---:|---:|---:|---:|:---|")
    for q in queries:
        if q not in results:
            print(f"| {q} | - | - | - | - | - | - | FAIL: did not run |")
            continue
        r = results[q]
        verdict = check(r, expect)
        failures += verdict.startswith("FAIL")
        rate = r["events"] / r["cpu"] if r["cpu"] > 0 else 0
        print(f"| {q} | {r['events']:,} | {r['wall']:.2f} | {r['cpu']:.2f} | {rate / 1e6:.2f}M "
              f"| {r['rss_mb']:.0f} | {r['rows']:,} | {verdict} |")
    print(f"\nload {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f}")
    if not args.work:
        shutil.rmtree(root, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
