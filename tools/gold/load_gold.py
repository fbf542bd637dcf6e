#!/usr/bin/env python3
"""Load the NER gold standard: re-read paragraph texts from the corpus,
verify sha1 and every entity slice, print counts per label and coarse group.

Usage:  python3 load_gold.py [--corpus PATH] [--gold PATH]
As a module:  from load_gold import load_gold
    for rec in load_gold(): rec["text"], rec["entities"]  # offsets into rec["text"]
"""
import argparse, collections, gzip, hashlib, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "corpora", "article_bias_37k.jsonl.gz")
DEFAULT_GOLD = os.path.join(HERE, "gold_entities.jsonl")
COARSE = {
    "PERSON": "PERSON", "ORG": "ORG", "NORP": "NORP",
    "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE",
    "DATE": "DATE", "TIME": "DATE",
    "CARDINAL": "NUMBER", "QUANTITY": "NUMBER", "MONEY": "NUMBER",
    "PERCENT": "NUMBER", "ORDINAL": "NUMBER",
    "PRODUCT": "OTHER", "EVENT": "OTHER", "WORK_OF_ART": "OTHER",
    "LAW": "OTHER", "LANGUAGE": "OTHER",
}


def load_gold(corpus=DEFAULT_CORPUS, gold=DEFAULT_GOLD):
    recs = [json.loads(l) for l in open(gold, encoding="utf-8") if l.strip()]
    ids = {r["article_id"] for r in recs}
    arts = {}
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d["id"] in ids:
                arts[d["id"]] = d["text"]
    errors = []
    for r in recs:
        t = arts.get(r["article_id"])
        if t is None:
            errors.append(f"{r['article_id']}: article missing from corpus")
            continue
        para = t[r["char_start"]:r["char_end"]]
        if para != t.split("\n")[r["para"]]:
            errors.append(f"{r['article_id']}_{r['para']}: char range disagrees with paragraph index")
        if hashlib.sha1(para.encode("utf-8")).hexdigest() != r["text_sha1"]:
            errors.append(f"{r['article_id']}_{r['para']}: sha1 mismatch")
            continue
        if para[:80] != r["snippet"]:
            errors.append(f"{r['article_id']}_{r['para']}: snippet mismatch")
        prev_end = 0
        for e in sorted(r["entities"], key=lambda e: e["start"]):
            if para[e["start"]:e["end"]] != e["text"]:
                errors.append(f"{r['article_id']}_{r['para']}: slice {e} != text")
            if e["start"] < prev_end:
                errors.append(f"{r['article_id']}_{r['para']}: overlapping span {e}")
            if e["label"] not in COARSE:
                errors.append(f"{r['article_id']}_{r['para']}: bad label {e}")
            prev_end = e["end"]
        r["text"] = para
    if errors:
        raise ValueError("gold check failed:\n" + "\n".join(errors))
    return recs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--gold", default=DEFAULT_GOLD)
    a = ap.parse_args()
    try:
        recs = load_gold(a.corpus, a.gold)
    except ValueError as ex:
        print(ex, file=sys.stderr)
        sys.exit(1)
    labels = collections.Counter(e["label"] for r in recs for e in r["entities"])
    coarse = collections.Counter(COARSE[e["label"]] for r in recs for e in r["entities"])
    n = sum(labels.values())
    print(f"OK: {len(recs)} paragraphs, {len({r['article_id'] for r in recs})} articles, "
          f"{len({r.get('outlet') for r in recs})} outlets, {n} entity mentions; "
          f"all sha1s and slices verified")
    print("\nper label:")
    for k, v in labels.most_common():
        print(f"  {k:<12} {v:>4}")
    print("\nper coarse group:")
    for k in ["PERSON", "ORG", "PLACE", "NORP", "DATE", "NUMBER", "OTHER"]:
        print(f"  {k:<12} {coarse.get(k, 0):>4}")


if __name__ == "__main__":
    main()
