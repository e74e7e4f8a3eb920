#!/usr/bin/env python3
"""Score sitrep's dedup decisions against ground truth.

Usage:
    dedup_eval.py synthetic TRUTH.jsonl DECISIONS.jsonl
        TRUTH is gen_corpus.py's truth.jsonl; DECISIONS is what
        `sitrep index --decisions FILE` wrote for its corpus.jsonl.
    dedup_eval.py exact NEWS.jsonl... DECISIONS.jsonl
        Real news without copy labels: scores exact-copy detection against
        the groups of byte-identical non-empty bodies (after whitespace
        is stripped), and prints the near copies found for inspection.

Prints one JSON object with the figures. Standard library only.
"""
import collections
import json
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def ratio(a, b):
    return round(a / b, 4) if b else None


def synthetic(truth_path, decisions_path):
    truth = {t["id"]: t for t in load(truth_path)}
    decisions = {d["id"]: d for d in load(decisions_path)}
    missing = [i for i in truth if i not in decisions]
    # The story each article truly belongs to: its original's (originals
    # always come first, and copies point at originals).
    true_story = {i: (t["original"] or i) for i, t in truth.items()}
    pred_story = {i: d.get("story") or i for i, d in decisions.items()}

    def is_copy(t):
        return t["original"] is not None

    flagged = {i for i, d in decisions.items() if d["verdict"] in ("exact", "near")}
    copies = {i for i, t in truth.items() if is_copy(t)}
    tp = len(flagged & copies)
    linked = sum(1 for i in flagged & copies if pred_story[i] == pred_story.get(true_story[i]))
    by_kind = collections.defaultdict(lambda: [0, 0])
    by_edit = collections.defaultdict(lambda: [0, 0])
    for i in copies:
        kind = truth[i]["kind"]
        by_kind[kind][0] += 1
        by_kind[kind][1] += i in flagged
        for edit in truth[i]["edits"]:
            by_edit[edit][0] += 1
            by_edit[edit][1] += i in flagged
    # Pair level: all pairs of articles within one story.
    def pairs(story_of):
        groups = collections.defaultdict(list)
        for i, s in story_of.items():
            groups[s].append(i)
        return {(a, b) for g in groups.values() for x, a in enumerate(sorted(g)) for b in sorted(g)[x + 1:]}

    true_pairs = pairs({i: true_story[i] for i in truth})
    pred_pairs = pairs({i: pred_story[i] for i in truth if i in pred_story})
    fresh_repeats = [i for i, t in truth.items() if t["kind"] == "self_repeat" and t["original"] is None]
    return {
        "articles": len(truth),
        "missing_decisions": len(missing),
        "documents": {
            "true_copies": len(copies),
            "flagged": len(flagged),
            "precision": ratio(tp, len(flagged)),
            "recall": ratio(tp, len(copies)),
            "linked_to_the_right_story": ratio(linked, len(copies)),
        },
        "pairs": {
            "true": len(true_pairs),
            "predicted": len(pred_pairs),
            "precision": ratio(len(true_pairs & pred_pairs), len(pred_pairs)),
            "recall": ratio(len(true_pairs & pred_pairs), len(true_pairs)),
        },
        "recall_by_kind": {k: {"n": n, "recall": ratio(f, n)} for k, (n, f) in sorted(by_kind.items())},
        "recall_by_edit": {k: {"n": n, "recall": ratio(f, n)} for k, (n, f) in sorted(by_edit.items())},
        "fresh_self_repeats_kept_as_new": ratio(
            sum(1 for i in fresh_repeats if decisions.get(i, {}).get("verdict") == "new"), len(fresh_repeats)
        ),
    }


def exact(news_paths, decisions_path):
    articles = {}
    for path in news_paths:
        for row in load(path):
            articles[row["id"]] = row
    decisions = {d["id"]: d for d in load(decisions_path)}
    # Ground truth for exact copies: identical bodies once white space is
    # folded; every member after the first of a group is a copy.
    first_with_body = {}
    true_copies = set()
    for i, row in articles.items():
        body = " ".join(row.get("body", "").split())
        if not body:
            continue
        if body in first_with_body:
            true_copies.add(i)
        else:
            first_with_body[body] = i
    flagged = {i for i, d in decisions.items() if d["verdict"] == "exact"}
    near = [d for d in decisions.values() if d["verdict"] == "near"]
    return {
        "articles_with_body": sum(1 for r in articles.values() if r.get("body", "").strip()),
        "exact": {
            "true_copies": len(true_copies),
            "flagged": len(flagged),
            "precision": ratio(len(flagged & true_copies), len(flagged)),
            "recall": ratio(len(flagged & true_copies), len(true_copies)),
            "flagged_not_byte_identical": sorted(flagged - true_copies)[:20],
        },
        "near_copies_found": len(near),
        "near_by_containment": dict(sorted(collections.Counter(round(d["containment"], 1) for d in near).items())),
    }


def main(argv):
    if len(argv) >= 4 and argv[1] == "synthetic":
        result = synthetic(argv[2], argv[3])
    elif len(argv) >= 4 and argv[1] == "exact":
        result = exact(argv[2:-1], argv[-1])
    else:
        sys.exit(__doc__)
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main(sys.argv)
