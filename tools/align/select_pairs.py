#!/usr/bin/env python3
"""Prints the article pairs the selection rule in README.md picks.

Usage: python3 select_pairs.py [CORPUS.jsonl]
  (same default corpus as check.py)

Rule, per cluster_id that is a labelled event (not g5gs-none) and not one
of the three clusters of the first gold pairs (FIRST below):
  * eligible articles: 250-900 whitespace-separated words of `text` (the
    window check.py enforces);
  * candidate pairs: two eligible articles from different outlets;
  * pick the pair with the smallest combined word count; ties broken by the
    two outlet names, then the two urls, in alphabetical order.
The left article is the one whose outlet name sorts first.  Nothing in the
rule looks at the texts beyond their word counts, or at newsdesk's output.
A cluster with no candidate pair is reported and skipped.
"""
import itertools
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from check import DEFAULT  # noqa: E402

FIRST = {"g5gs-tram", "g5gs-consulate_attack", "g5gs-seattle_shooting"}


def words(r):
    return len(r["text"].split())


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    recs = [json.loads(l) for l in open(corpus, encoding="utf-8")]
    clusters = sorted({r["cluster_id"] for r in recs} - FIRST - {"g5gs-none"})
    for c in clusters:
        el = [r for r in recs if r["cluster_id"] == c and 250 <= words(r) <= 900]
        cands = []
        for a, b in itertools.combinations(el, 2):
            if a["outlet"] == b["outlet"]:
                continue
            a, b = sorted((a, b), key=lambda r: (r["outlet"], r["url"]))
            cands.append((words(a) + words(b), a["outlet"], b["outlet"], a["url"], b["url"], a, b))
        if not cands:
            print(f"{c}: no pair of different outlets within 250-900 words ({len(el)} eligible)")
            continue
        _, _, _, _, _, a, b = min(cands, key=lambda t: t[:5])
        print(f"{c}: {a['outlet']} ({words(a)}) <-> {b['outlet']} ({words(b)})")
        print(f"    {a['url']}\n    {b['url']}")


if __name__ == "__main__":
    main()
