#!/usr/bin/env python3
"""The scale benchmark: sitrep against tantivy-cli on a synthetic corpus of
N articles with ground truth, in one run.

Usage:
    benches/bench_scale.py --n 100000 [--runs 3] [--work DIR] [--gen PATH]
                           [--tantivy PATH] [--datasketch PYTHON]
                           [--dedup-limit N] [--json OUT]
    benches/bench_scale.py --n 100000 --search-only [--runs 3] [--work DIR]

With --search-only, only step 5 runs, on the index a full run left in DIR
(to measure a change to searching without indexing again).

Steps (each printed as it finishes, all figures in one JSON object at the end):
 1. generate the corpus with gen_corpus.py (default ../shared/tools/gen_corpus.py,
    seed 42), unless DIR already holds it;
 2. `sitrep index` into a fresh index, RUNS times: wall, cpu, peak memory (RSS
    and, from /proc, anonymous memory alone),
    articles/s, MB/s, index size; then an unchanged re-run;
 3. dedup precision/recall against the corpus's ground truth;
 4. tantivy-cli (`tantivy index`, its schema in benches/tantivy_meta.json)
    on the same corpus, RUNS times with 1 and with 2 threads, and the ratio
    of sitrep's median to tantivy-cli's best median;
 5. search latency: whole process (`sitrep search --json`, facets and copies
    collapsed) over benches/queries.tsv, and in process (examples/search_bench);
 6. dedup alone on the first --dedup-limit articles (default 100,000):
    examples/dedup_bench on 1 thread and on all cores, and, with --datasketch
    PYTHON (a Python with datasketch installed), the peer's MinHashLSH script
    (../shared/tools/peers/dedup_minhash.py) on the same articles, and the
    ratio of their speeds;
 7. a refresh of entities, RUNS times: an entity file that names no one of
    the corpus is given to the index (`sitrep index --entities`, nothing
    read again), and `sitrep index --refresh-entities` reads every article
    back and finds its actors and places again (changing none). This step
    leaves that file kept with the index.

Needs a release build (`cargo build --release --bins --examples`) and, for step 4,
tantivy-cli (`cargo install tantivy-cli`; pass --tantivy if it is not on PATH).
Standard library only.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SITREP = os.path.join(ROOT, "target", "release", "sitrep")
SEARCH_BENCH = os.path.join(ROOT, "target", "release", "examples", "search_bench")
DEDUP_BENCH = os.path.join(ROOT, "target", "release", "examples", "dedup_bench")


def run(cmd, stdout=subprocess.DEVNULL):
    """Runs cmd; returns (wall s, cpu s, peak RSS MiB, stdout bytes or None,
    peak anonymous memory MiB or None).

    Peak RSS (the kernel's ru_maxrss) counts the pages of memory-mapped files
    the process touched as well as its heap; the anonymous peak, sampled
    from /proc every 0.2 s where there is one, counts the heap alone."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.DEVNULL)
    anon = {"peak": None}
    done = threading.Event()

    def sample():
        while not done.wait(0.2):
            try:
                with open(f"/proc/{proc.pid}/status") as status:
                    for line in status:
                        if line.startswith("RssAnon:"):
                            kib = int(line.split()[1])
                            anon["peak"] = max(anon["peak"] or 0, kib)
            except (OSError, ValueError):
                pass

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read() if stdout == subprocess.PIPE else None
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    sampler.join()
    wall = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}")
    peak_anon = None if anon["peak"] is None else anon["peak"] / 1024.0
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, out, peak_anon


def spread(values):
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3), "max": round(max(values), 3)}


def percentile(values, p):
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) * p // 100]


def du(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def machine():
    """Cores, CPU model and memory of this machine."""
    model, mem_kb = "unknown", 0
    try:
        with open("/proc/cpuinfo") as f:
            model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), model)
        with open("/proc/meminfo") as f:
            mem_kb = int(next(l.split()[1] for l in f if l.startswith("MemTotal")))
    except OSError:
        pass
    return {"cores": os.cpu_count(), "cpu": model, "memory_gib": round(mem_kb / 2**20, 1)}


def say(step, value):
    print(f"== {step}: {json.dumps(value)}", flush=True)


def search_latency(index, runs, report):
    """Search latency over benches/queries.tsv on `index`: whole process
    (`sitrep search --json`, a warm-up then RUNS x 3 runs per query) and in
    process (examples/search_bench, 20 repeats per query)."""
    queries = os.path.join(HERE, "queries.tsv")
    process_ms = []
    with open(queries) as f:
        lines = [line.rstrip("\n") for line in f if line.strip()]
    for line in lines:
        query, *flags = line.split("\t")
        flags = [v.replace("_", " ") for v in " ".join(flags).split()]
        cmd = [SITREP, "--index", index, "search", "--json", query, *flags]
        run(cmd)  # warm-up
        process_ms += [run(cmd)[0] * 1000 for _ in range(runs * 3)]
    report["search_whole_process_ms"] = {
        "median": round(statistics.median(process_ms), 1), "p95": round(percentile(process_ms, 95), 1),
    }
    in_process = json.loads(run([SEARCH_BENCH, index, queries, "20"], stdout=subprocess.PIPE)[3])
    report["search_in_process_us"] = in_process
    say("search", {"whole_process_ms": report["search_whole_process_ms"],
                   "in_process_us": {k: in_process[k] for k in ("median_us", "p95_us")}})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default="/tmp/sitrep-bench")
    parser.add_argument("--gen", default=os.path.join(ROOT, "..", "shared", "tools", "gen_corpus.py"))
    parser.add_argument("--tantivy", default=shutil.which("tantivy"))
    parser.add_argument("--datasketch", help="a Python interpreter with datasketch installed")
    parser.add_argument("--datasketch-script",
                        default=os.path.join(ROOT, "..", "shared", "tools", "peers", "dedup_minhash.py"))
    parser.add_argument("--dedup-limit", type=int, default=100000)
    parser.add_argument("--json")
    parser.add_argument("--search-only", action="store_true",
                        help="only measure search latency, on the index a full run left in the work folder")
    args = parser.parse_args()
    report = {"n": args.n, "runs": args.runs, "machine": machine()}
    say("machine", report["machine"])

    index = os.path.join(args.work, f"index-{args.n}")
    if args.search_only:
        if not os.path.exists(os.path.join(index, "meta.json")):
            sys.exit(f"no index at {index}: run without --search-only first")
        search_latency(index, args.runs, report)
        finish(report, args.json)
        return

    corpus_dir = os.path.join(args.work, f"corpus-{args.n}")
    corpus = os.path.join(corpus_dir, "corpus.jsonl")
    if not os.path.exists(corpus):
        wall = run([sys.executable, args.gen, "--n", str(args.n), "--seed", "42", "--out", corpus_dir])[0]
        say("generated", {"seconds": round(wall, 1)})
    size = os.path.getsize(corpus)
    report["corpus"] = {"path": corpus, "bytes": size}

    decisions = os.path.join(args.work, f"decisions-{args.n}.jsonl")
    first, first_anon, rerun = [], [], []
    for _ in range(args.runs):
        shutil.rmtree(index, ignore_errors=True)
        cmd = [SITREP, "--index", index, "index", "--quiet", "--json", "--decisions", decisions, corpus]
        wall, cpu, rss, out, anon = run(cmd, stdout=subprocess.PIPE)
        summary = json.loads(out)
        first.append((wall, cpu, rss))
        first_anon.append(anon)
        rerun.append(run([SITREP, "--index", index, "index", "--quiet", corpus])[:3])
    walls = [w for w, _, _ in first]
    report["sitrep_index"] = {
        "wall_s": spread(walls),
        "cpu_s": spread([c for _, c, _ in first]),
        "peak_mib": spread([r for _, _, r in first]),
        "peak_anon_mib": spread(first_anon) if None not in first_anon else None,
        "articles": summary["articles"],
        "articles_per_s": round(summary["articles"] / statistics.median(walls)),
        "mb_per_s": round(size / 1e6 / statistics.median(walls), 1),
        "index_bytes": du(index),
        "unchanged_rerun_s": spread([w for w, _, _ in rerun]),
        "rerun_share_of_first": round(statistics.median([w for w, _, _ in rerun]) / statistics.median(walls), 4),
    }
    say("sitrep index", report["sitrep_index"])

    truth = os.path.join(corpus_dir, "truth.jsonl")
    evaluation = subprocess.run(
        [sys.executable, os.path.join(HERE, "dedup_eval.py"), "synthetic", truth, decisions],
        check=True, capture_output=True, text=True,
    )
    report["dedup"] = json.loads(evaluation.stdout)
    say("dedup", {k: report["dedup"][k] for k in ("documents", "pairs")})

    if args.tantivy:
        peer = {}
        peer_index = os.path.join(args.work, f"tantivy-{args.n}")
        for threads in (1, 2):
            times, anons = [], []
            for _ in range(args.runs):
                shutil.rmtree(peer_index, ignore_errors=True)
                os.makedirs(peer_index)
                shutil.copy(os.path.join(HERE, "tantivy_meta.json"), os.path.join(peer_index, "meta.json"))
                wall, cpu, rss, _, anon = run([args.tantivy, "index", "-i", peer_index, "-f", corpus, "-t", str(threads)])
                times.append((wall, cpu, rss))
                anons.append(anon)
            peer[f"threads_{threads}"] = {
                "wall_s": spread([w for w, _, _ in times]),
                "peak_mib": spread([r for _, _, r in times]),
                "peak_anon_mib": spread(anons) if None not in anons else None,
                "index_bytes": du(peer_index),
            }
        best = min(p["wall_s"]["median"] for p in peer.values())
        peer["best_wall_s"] = best
        report["tantivy_cli"] = peer
        report["ratio_sitrep_to_tantivy_cli"] = round(statistics.median(walls) / best, 3)
        say("tantivy-cli", peer)
        say("ratio (sitrep / tantivy-cli best)", report["ratio_sitrep_to_tantivy_cli"])
    else:
        say("tantivy-cli", "not found: pass --tantivy PATH (cargo install tantivy-cli)")

    search_latency(index, args.runs, report)

    limit = min(args.dedup_limit, args.n)
    dedup_speed = {"articles": limit}
    for threads in (1, os.cpu_count()):
        times, figures = [], None
        for _ in range(args.runs):
            wall, _, rss, out, _ = run([DEDUP_BENCH, corpus, "--limit", str(limit), "--threads", str(threads)],
                                    stdout=subprocess.PIPE)
            figures = json.loads(out)
            times.append((wall, figures["seconds"]["total"], rss))
        dedup_speed[f"sitrep_threads_{threads}"] = {
            "wall_s": spread([w for w, _, _ in times]),
            "dedup_s": spread([d for _, d, _ in times]),
            "peak_mib": spread([r for _, _, r in times]),
            "articles_per_s": round(limit / statistics.median([d for _, d, _ in times])),
        }
    if args.datasketch:
        out_json = os.path.join(args.work, f"datasketch-{limit}.json")
        wall, _, rss, _, _ = run([args.datasketch, args.datasketch_script, corpus, truth,
                               "--limit", str(limit), "--json", out_json])
        with open(out_json) as f:
            peer = json.load(f)
        dedup_speed["datasketch"] = {
            "wall_s": round(wall, 2), "peak_mib": round(rss, 1),
            "dedup_loop_s": peer["seconds"]["total_loop"], "articles_per_s": peer["docs_per_s"],
            "documents": peer["docs_level"],
        }
        for threads in (1, os.cpu_count()):
            mine = dedup_speed[f"sitrep_threads_{threads}"]["articles_per_s"]
            dedup_speed[f"speed_ratio_threads_{threads}"] = round(mine / peer["docs_per_s"], 1)
    report["dedup_speed"] = dedup_speed
    say("dedup speed", dedup_speed)

    refresh_entities(index, corpus, args.runs, statistics.median(walls), report)
    finish(report, args.json)


def refresh_entities(index, corpus, runs, first_wall, report):
    """Step 7: times `sitrep index --refresh-entities` after each of `runs`
    entity files, each naming someone no article names, so that every
    article is checked again and none changes."""
    entities = os.path.join(os.path.dirname(index), "refresh-entities.tsv")
    times, summary = [], None
    for n in range(runs):
        with open(entities, "w", encoding="utf-8") as f:
            f.write(f"person\tZyxw Refresh{n} Qvbn\t\t\n")
        run([SITREP, "--index", index, "index", "--quiet", "--entities", entities, corpus])
        wall, cpu, rss, out, anon = run([SITREP, "--index", index, "index", "--quiet", "--json",
                                         "--refresh-entities"], stdout=subprocess.PIPE)
        summary = json.loads(out)
        times.append((wall, cpu, rss, anon))
    walls = [w for w, _, _, _ in times]
    report["refresh_entities"] = {
        "wall_s": spread(walls),
        "cpu_s": spread([c for _, c, _, _ in times]),
        "peak_mib": spread([r for _, _, r, _ in times]),
        "peak_anon_mib": spread([a for _, _, _, a in times]) if None not in [a for *_, a in times] else None,
        "articles_checked": summary["entities_checked"],
        "articles_changed": summary["entities_changed"],
        "share_of_first_run": round(statistics.median(walls) / first_wall, 3),
    }
    say("refresh of entities", report["refresh_entities"])


def finish(report, out):
    """Prints the report, and keeps it in `out` if given."""
    text = json.dumps(report, indent=2)
    if out:
        with open(out, "w") as f:
            f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
