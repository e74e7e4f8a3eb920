#!/usr/bin/env python3
"""Rebuild the bundled sample corpus in corpus/ from ../shared.

The user's seed article is copied unchanged. The other articles come from
FA-KES (Abu Salem et al., ICWSM 2019; CC BY 4.0), written out in each
format sitrep reads, chosen so that indexing corpus/ shows every kind of
dedup: a body repeated inside one article (the seed), syndicated near
copies across outlets, and an exact copy. Standard library only.

Usage: tools/make_corpus.py [SHARED_DIR] [CORPUS_DIR]
"""
import gzip
import html
import json
import shutil
import sys
from pathlib import Path

SHARED = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "corpus")


def fakes():
    with open(SHARED / "data/news/syria_fakes.jsonl", encoding="utf-8") as f:
        rows = (json.loads(line) for line in f)
        return {r["id"]: {k: r[k] for k in ("id", "title", "body", "published", "source")} for r in rows}


def main():
    rows = fakes()
    OUT.mkdir(exist_ok=True)
    shutil.copyfile(SHARED / "seed/000_d889c6ce5bc20b57.txt", OUT / "000_d889c6ce5bc20b57.txt")
    out = OUT / "fa-kes"
    out.mkdir(exist_ok=True)

    # Al-Ahram's versions, as a JSON array.
    (out / "ahram.json").write_text(
        json.dumps([rows["fakes-0178"], rows["fakes-0234"]], indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    # Al-Araby's versions of the same wire stories, as JSON Lines.
    with open(out / "alaraby.jsonl", "w", encoding="utf-8") as f:
        for key in ("fakes-0018", "fakes-0115"):
            f.write(json.dumps(rows[key], ensure_ascii=False) + "\n")
    # The Jordan Times carried one of them again, as Markdown ...
    r = rows["fakes-0292"]
    (out / "jordantimes-0292.md").write_text(
        f"---\nid: {r['id']}\ntitle: {json.dumps(r['title'], ensure_ascii=False)}\ndate: {r['published']}\n"
        f"source: {r['source']}\n---\n\n{r['body']}\n", encoding="utf-8")
    # ... and once more, the same text, as a web page.
    r = rows["fakes-0301"]
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(r['title'])}</title>
<meta property="og:site_name" content="{r['source']}">
<meta property="article:published_time" content="{r['published']}">
</head>
<body>
<nav><p>Home | World | Middle East</p></nav>
<article>
<h1>{html.escape(r['title'])}</h1>
<p>{html.escape(r['body'])}</p>
</article>
<aside class="newsletter"><p>Sign up for our daily newsletter</p></aside>
<footer><p>All rights reserved</p></footer>
</body>
</html>
"""
    (out / "jordantimes-0301.html").write_text(page, encoding="utf-8")
    # Two unrelated reports from NNA, gzipped JSON Lines.
    with gzip.open(out / "nna.jsonl.gz", "wt", encoding="utf-8") as f:
        for key in ("fakes-0001", "fakes-0003"):
            f.write(json.dumps(rows[key], ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
