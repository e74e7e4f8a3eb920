#!/usr/bin/env python3
"""Time `sitrep index` on a set of input files: a first run into an empty
index and an unchanged re-run, each repeated; prints the median (and the
min-max) of wall time, CPU time and peak memory, with articles/s and MB/s.

Usage:
    benches/bench_index.py [--runs N] [--sitrep PATH] [--json OUT] INPUT...

INPUTs are files or folders, as `sitrep index` takes them. Build sitrep
first (`cargo build --release`); PATH defaults to target/release/sitrep.
Standard library only.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time


def run(cmd):
    """Runs cmd; returns (wall s, cpu s, peak RSS MiB, stdout)."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, out


def summary(values):
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3), "max": round(max(values), 3)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sitrep", default="target/release/sitrep")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("inputs", nargs="+")
    args = parser.parse_args()

    first, rerun = [], []
    articles = bytes_read = 0
    for _ in range(args.runs):
        index = tempfile.mkdtemp(prefix="sitrep-bench-")
        try:
            cmd = [args.sitrep, "--index", index, "index", "--json", *args.inputs]
            wall, cpu, rss, out = run(cmd)
            result = json.loads(out)
            articles, bytes_read = result["articles"], result["bytes"]
            first.append((wall, cpu, rss))
            rerun.append(run(cmd)[:3])
        finally:
            shutil.rmtree(index, ignore_errors=True)

    walls = [w for w, _, _ in first]
    report = {
        "inputs": args.inputs,
        "runs": args.runs,
        "articles": articles,
        "bytes": bytes_read,
        "first_run": {
            "wall_s": summary(walls),
            "cpu_s": summary([c for _, c, _ in first]),
            "peak_mib": summary([r for _, _, r in first]),
            "articles_per_s": round(articles / statistics.median(walls)),
            "mb_per_s": round(bytes_read / 1e6 / statistics.median(walls), 1),
        },
        "unchanged_rerun": {
            "wall_s": summary([w for w, _, _ in rerun]),
            "peak_mib": summary([r for _, _, r in rerun]),
        },
    }
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        with open(args.json, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
