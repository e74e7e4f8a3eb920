#!/usr/bin/env python3
"""Builds data/entities/common-words.txt: English words that news writes in
lower case, so that a lone capitalised one the tagger takes for a new name
("Click", "Conquest", "Silently") can be known for a common word.

A word is kept when the texts write it in lower case at least MIN_LOWER
times and at least RATIO times as often as they write it capitalised where
no sentence starts (or, in CoNLL, tag it as part of a name): "labour" and
"times" stay out when the texts name the party and the paper often enough.

Reads Reuters-21578 (the bodies; its titles are in capitals) and the
CoNLL-2003 English training set. Stdlib only; the output is sorted, so it
is the same for the same data.

    python3 tools/entities/common_words.py --data ../shared/data \
        --out data/entities/common-words.txt
"""

import argparse
import collections
import json
import os
import re

MIN_LOWER = 5
RATIO = 3
WORD = re.compile(r"[A-Za-z]+(?:['\u2019][a-z]+)?|[.!?:;\"\u201c(]")
OPENS_SENTENCE = set('.!?:;"\u201c(')


def count_reuters(path, lower, capital):
    with open(path, encoding="utf-8") as f:
        for line in f:
            body = json.loads(line).get("body") or ""
            for paragraph in body.split("\n"):
                starts = True
                for token in WORD.findall(paragraph):
                    if token in OPENS_SENTENCE:
                        starts = True
                        continue
                    if token.islower():
                        lower[token] += 1
                    elif token[0].isupper() and token[1:].islower() and not starts:
                        capital[token.lower()] += 1
                    starts = False


def count_conll(path, lower, capital):
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 4 or parts[0] == "-DOCSTART-":
                continue
            word, tag = parts[0], parts[-1]
            if tag != "O" and word[:1].isupper():
                capital[word.lower()] += 1
            elif tag == "O" and word.isalpha() and word.islower():
                lower[word] += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="the shared data folder (holds news/ and ner/)")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    lower, capital = collections.Counter(), collections.Counter()
    count_reuters(os.path.join(args.data, "news", "reuters21578.jsonl"), lower, capital)
    count_conll(os.path.join(args.data, "ner", "conll2003", "eng.train"), lower, capital)
    words = sorted(
        w.replace("\u2019", "'")
        for w, n in lower.items()
        if n >= MIN_LOWER and n >= RATIO * capital[w] and len(w) > 1
    )
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("".join(f"{w}\n" for w in sorted(set(words))))
    print(f"{len(set(words))} words written to {args.out}")


if __name__ == "__main__":
    main()
