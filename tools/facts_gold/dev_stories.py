#!/usr/bin/env python3
"""Writes a development set of multi-outlet incident stories, outside the gold,
for reading the claims view's conflicts by eye (no labels).

Rule B of select_stories.py loosened: incident titles of one date sharing a
capitalised keyword, from at least three outlets, no count needed in the
titles, groups not merged; the gold's own stories are left out. Groups that
are one story under two keywords ("Las" / "Vegas") are kept once (the first
keyword). Articles as in the gold (at most MAX_WORDS words, first
MAX_ARTICLES by URL hash).

Usage: python3 dev_stories.py OUT_DIR [CORPORA_DIR] [--two]   (one folder of JSON articles per story)
  --two: the groups of exactly two outlets instead (a second, disjoint set)
Then:  for d in OUT_DIR/*/; do newsdesk claims --json "$d" --no-cache; done
"""
import collections
import gzip
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import select_stories as S  # noqa: E402

GOLD = {"ab-2012-09-12-libya", "ab-2013-07-01-arizona", "ab-2018-04-22-house"}


def main():
    two = "--two" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--two"]
    out = args[0]
    base = args[1] if len(args) > 1 else os.environ.get(
        "NEWSDESK_CORPORA", os.path.join(S.ROOT, "..", "shared", "corpora"))
    path = os.path.join(base, "article_bias_37k.jsonl.gz")
    by_date = collections.defaultdict(list)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            d = r.get("date") or ""
            if not re.fullmatch(r"\d{4}-\d\d-\d\d", d) or r.get("topic") not in S.INCIDENT_TOPICS:
                continue
            if S.CASUALTY.search(r["title"]):
                by_date[d].append(r)
    for d in sorted(by_date):
        groups = collections.defaultdict(set)
        for r in by_date[d]:
            for w in r["title"].split()[1:]:
                w = w.strip("'\":,;.!?‘’“”()")
                if w[:1].isupper() and len(w) > 2 and w not in S.KEYWORD_STOP:
                    groups[w].add(r["id"])
        arts = {r["id"]: r for r in by_date[d]}
        seen = []
        for w, ids in sorted(groups.items()):
            outlets = len({arts[i]["outlet"] for i in ids})
            if (outlets != 2) if two else (outlets < 3):
                continue
            name = f"ab-{d}-{w.lower()}"
            chosen = S.pick([arts[i] for i in sorted(ids)])
            key = sorted(r["id"] for r in chosen)
            if name in GOLD or key in seen:
                continue
            seen.append(key)
            os.makedirs(os.path.join(out, name), exist_ok=True)
            for k, r in enumerate(chosen):
                with open(os.path.join(out, name, f"{k}.json"), "w", encoding="utf-8") as g:
                    json.dump({"id": r["id"], "title": r["title"], "outlet": r["outlet"],
                               "published": r["date"], "url": r["url"], "body": r["text"].strip()}, g)
            print(name, len(chosen))


if __name__ == "__main__":
    main()
