#!/usr/bin/env python3
"""Scores `newsdesk compare` against the hand alignments in
tests/data/align_gold.jsonl (see README.md here).

Usage: python3 tools/align/eval.py [CORPUS.jsonl] [NEWSDESK BINARY]
  (defaults: ../shared/corpora/giveme5w1h_gold_standard.jsonl from the
   project root, or $GIVEME5W1H_JSONL; target/release/newsdesk)

Our sentences and the gold ones are split differently, so each of our pairs
is projected onto the gold sentences it overlaps most (character offsets).
Precision: share of our pairs whose projection is a gold same or partial pair.
Recall: share of gold "same" pairs (and of all gold pairs) found.
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
CORPUS = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
    "GIVEME5W1H_JSONL",
    os.path.join(ROOT, "..", "shared", "corpora", "giveme5w1h_gold_standard.jsonl"))
BIN = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "target", "release", "newsdesk")


def best(spans, start, end):
    """Index of the gold sentence overlapping [start, end) most."""
    scores = [max(0, min(end, e) - max(start, s)) for s, e, _ in spans]
    i = max(range(len(spans)), key=lambda k: scores[k])
    return i if scores[i] > 0 else None


def main():
    index = {}
    with open(CORPUS, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            index[(r["cluster_id"], r["outlet"], r["url"])] = r
    gold = [json.loads(l) for l in open(os.path.join(ROOT, "tests", "data", "align_gold.jsonl"))]
    tot = {"ours": 0, "ours_right": 0, "same": 0, "same_found": 0, "all": 0, "all_found": 0}
    for g in gold:
        arts = []
        with tempfile.TemporaryDirectory() as tmp:
            for side in ("left", "right"):
                key = g[side]
                r = index[(key["cluster_id"], key["outlet"], key["url"])]
                assert not r["text"][:1].isspace(), "offsets assume an untrimmed start"
                path = os.path.join(tmp, f"{side}.json")
                json.dump({"id": side, "title": r["title"], "outlet": r["outlet"],
                           "published": r["date"], "body": r["text"]}, open(path, "w"))
                arts.append(path)
            out = subprocess.run([BIN, "compare", arts[0], arts[1], "--json",
                                  "--store", os.path.join(tmp, "r.db")],
                                 capture_output=True, text=True, check=True).stdout
        res = json.loads(out)
        same = {tuple(p) for p in g["same"]}
        allp = same | {tuple(p) for p in g["partial"]}
        found = set()
        for p in res["pairs"]:
            i = best(g["left_sentences"], p["left"]["start"], p["left"]["end"])
            j = best(g["right_sentences"], p["right"]["start"], p["right"]["end"])
            tot["ours"] += 1
            if (i, j) in allp:
                tot["ours_right"] += 1
                found.add((i, j))
        tot["same"] += len(same)
        tot["same_found"] += len(same & found)
        tot["all"] += len(allp)
        tot["all_found"] += len(allp & found)
        print(f'{g["left"]["cluster_id"]}: {len(res["pairs"])} pairs, '
              f'{len(same & found)}/{len(same)} same found, {len(allp & found)}/{len(allp)} of all')
    print(f'precision {tot["ours_right"]}/{tot["ours"]} = {tot["ours_right"] / max(1, tot["ours"]):.2f}; '
          f'recall on "same" {tot["same_found"]}/{tot["same"]} = {tot["same_found"] / max(1, tot["same"]):.2f}; '
          f'recall on all {tot["all_found"]}/{tot["all"]} = {tot["all_found"] / max(1, tot["all"]):.2f}')


if __name__ == "__main__":
    main()
