#!/usr/bin/env python3
"""Scores `newsdesk compare` against the hand alignments in
tests/data/align_gold.jsonl (see README.md here).

Usage: python3 tools/align/eval.py [CORPUS.jsonl] [NEWSDESK BINARY]
                                   [--bin BINARY] [--gold FILE] [--json]
  (defaults: ../shared/corpora/giveme5w1h_gold_standard.jsonl from the
   project root, or $GIVEME5W1H_JSONL; target/release/newsdesk;
   tests/data/align_gold.jsonl)

  --bin BINARY  the newsdesk binary to score (same as the second positional
                argument; use it to compare a baseline build with yours)
  --gold FILE   another gold file in the same format
  --json        print one JSON object (per-pair and overall figures) instead
                of the text report

Our sentences and the gold ones are split differently, so each of our pairs
is projected onto the gold sentences it overlaps most (character offsets).
Per pair and overall:
  precision       share of our pairs whose projection is a gold same or
                  partial pair (two of our pairs projecting onto the same
                  gold pair both count);
  recall (same)   share of gold "same" pairs found;
  recall (all)    share of all gold pairs (same + partial) found.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DEFAULT_CORPUS = os.environ.get(
    "GIVEME5W1H_JSONL",
    os.path.join(ROOT, "..", "shared", "corpora", "giveme5w1h_gold_standard.jsonl"))
DEFAULT_BIN = os.path.join(ROOT, "target", "release", "newsdesk")
DEFAULT_GOLD = os.path.join(ROOT, "tests", "data", "align_gold.jsonl")


def best(spans, start, end):
    """Index of the gold sentence overlapping [start, end) most."""
    scores = [max(0, min(end, e) - max(start, s)) for s, e, _ in spans]
    i = max(range(len(spans)), key=lambda k: scores[k])
    return i if scores[i] > 0 else None


def ratio(a, b):
    return a / b if b else None


def fmt(a, b):
    r = ratio(a, b)
    return f"{a}/{b} = {r:.2f}" if r is not None else f"{a}/{b} = -"


def score_pair(g, index, binary):
    arts = []
    with tempfile.TemporaryDirectory() as tmp:
        for side in ("left", "right"):
            key = g[side]
            r = index[(key["cluster_id"], key["outlet"], key["url"])]
            assert not r["text"][:1].isspace(), "offsets assume an untrimmed start"
            path = os.path.join(tmp, f"{side}.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump({"id": side, "title": r["title"], "outlet": r["outlet"],
                           "published": r["date"], "body": r["text"]}, f)
            arts.append(path)
        out = subprocess.run([binary, "compare", arts[0], arts[1], "--json",
                              "--store", os.path.join(tmp, "r.db")],
                             capture_output=True, text=True, check=True).stdout
    res = json.loads(out)
    same = {tuple(p) for p in g["same"]}
    allp = same | {tuple(p) for p in g["partial"]}
    found = set()
    ours = ours_right = 0
    for p in res["pairs"]:
        i = best(g["left_sentences"], p["left"]["start"], p["left"]["end"])
        j = best(g["right_sentences"], p["right"]["start"], p["right"]["end"])
        ours += 1
        if (i, j) in allp:
            ours_right += 1
            found.add((i, j))
    return {
        "cluster_id": g["left"]["cluster_id"],
        "left": g["left"]["outlet"],
        "right": g["right"]["outlet"],
        "ours": ours,
        "ours_right": ours_right,
        "same": len(same),
        "same_found": len(same & found),
        "all": len(allp),
        "all_found": len(allp & found),
    }


def with_ratios(d):
    d = dict(d)
    d["precision"] = ratio(d["ours_right"], d["ours"])
    d["recall_same"] = ratio(d["same_found"], d["same"])
    d["recall_all"] = ratio(d["all_found"], d["all"])
    return d


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", default=DEFAULT_CORPUS)
    ap.add_argument("binary", nargs="?", default=None)
    ap.add_argument("--bin", dest="bin_opt", default=None)
    ap.add_argument("--gold", default=DEFAULT_GOLD)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.binary and args.bin_opt and args.binary != args.bin_opt:
        ap.error("binary given twice (positional and --bin) with different values")
    binary = args.bin_opt or args.binary or DEFAULT_BIN

    index = {}
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            index[(r["cluster_id"], r["outlet"], r["url"])] = r
    with open(args.gold, encoding="utf-8") as f:
        gold = [json.loads(l) for l in f if l.strip()]

    pairs = [score_pair(g, index, binary) for g in gold]
    keys = ("ours", "ours_right", "same", "same_found", "all", "all_found")
    tot = {k: sum(p[k] for p in pairs) for k in keys}

    if args.json:
        print(json.dumps({"binary": binary, "gold": args.gold,
                          "pairs": [with_ratios(p) for p in pairs],
                          "overall": with_ratios(tot)}, indent=1))
        return
    for p in pairs:
        print(f'{p["cluster_id"]} ({p["left"]}/{p["right"]}): {p["ours"]} pairs; '
              f'precision {fmt(p["ours_right"], p["ours"])}; '
              f'recall on "same" {fmt(p["same_found"], p["same"])}; '
              f'recall on all {fmt(p["all_found"], p["all"])}')
    print(f'overall ({len(pairs)} pairs): precision {fmt(tot["ours_right"], tot["ours"])}; '
          f'recall on "same" {fmt(tot["same_found"], tot["same"])}; '
          f'recall on all {fmt(tot["all_found"], tot["all"])}')


if __name__ == "__main__":
    sys.exit(main())
