#!/usr/bin/env python3
"""Check tests/data/align_gold.jsonl against the corpus it was made from.

Usage: python3 check.py [CORPUS.jsonl]
  (default: $GIVEME5W1H_JSONL, else ../shared/corpora/giveme5w1h_gold_standard.jsonl
   from the project root, as in eval.py)

For each line: finds both articles by (cluster_id, outlet, url), verifies the
sha1 of their `text`, re-splits them with split.py and checks that the stored
sentence offsets and <=60-char snippets match, that every [i, j] index is in
range, that no pair is listed twice or as both same and partial, and that each
article is 250-900 words. Prints counts; exit status 1 on any error.
"""
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from split import split  # noqa: E402

DEFAULT = os.environ.get(
    "GIVEME5W1H_JSONL",
    os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "corpora", "giveme5w1h_gold_standard.jsonl")),
)
GOLD = os.path.normpath(os.path.join(HERE, "..", "..", "tests", "data", "align_gold.jsonl"))


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    index = {}
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            index.setdefault((r["cluster_id"], r["outlet"], r["url"]), []).append(r)
    errors = []
    tot_same = tot_partial = 0
    with open(GOLD, encoding="utf-8") as f:
        lines = [json.loads(l) for l in f if l.strip()]
    for n, rec in enumerate(lines, 1):
        texts = {}
        for side in ("left", "right"):
            ref = rec[side]
            key = (ref["cluster_id"], ref["outlet"], ref["url"])
            found = index.get(key, [])
            if len(found) != 1:
                errors.append(f"line {n} {side}: {len(found)} corpus records for {key}")
                continue
            text = found[0]["text"]
            sha = hashlib.sha1(text.encode("utf-8")).hexdigest()
            if sha != ref["text_sha1"]:
                errors.append(f"line {n} {side}: sha1 mismatch ({sha} != {ref['text_sha1']})")
                continue
            words = len(text.split())
            if not 250 <= words <= 900:
                errors.append(f"line {n} {side}: {words} words (want 250-900)")
            spans = split(text)
            stored = rec[side + "_sentences"]
            if [[s, e] for s, e, _ in stored] != [list(x) for x in spans]:
                errors.append(f"line {n} {side}: stored sentence offsets differ from split.py")
            for i, (s, e, snip) in enumerate(stored):
                if len(snip) > 60 or text[s:e][:60] != snip:
                    errors.append(f"line {n} {side}: snippet {i} does not match text[{s}:{e}]")
            texts[side] = (text, len(stored))
        if len(texts) < 2:
            continue
        nl, nr = texts["left"][1], texts["right"][1]
        seen = {}
        for kind in ("same", "partial"):
            for i, j in rec[kind]:
                if not (0 <= i < nl and 0 <= j < nr):
                    errors.append(f"line {n}: {kind} [{i}, {j}] out of range ({nl} x {nr})")
                if (i, j) in seen:
                    errors.append(f"line {n}: [{i}, {j}] listed in {seen[(i, j)]} and {kind}")
                seen[(i, j)] = kind
        ns, np_ = len(rec["same"]), len(rec["partial"])
        tot_same += ns
        tot_partial += np_
        left_aligned = len({i for i, _ in seen})
        right_aligned = len({j for _, j in seen})
        print(f"{rec['left']['cluster_id']}: {rec['left']['outlet']} ({nl} sentences, {left_aligned} aligned) "
              f"<-> {rec['right']['outlet']} ({nr} sentences, {right_aligned} aligned): same {ns}, partial {np_}")
    print(f"{len(lines)} pairs, same {tot_same}, partial {tot_partial}")
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
