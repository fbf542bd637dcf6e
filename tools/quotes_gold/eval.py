#!/usr/bin/env python3
"""Scores newsdesk's quote speakers against tools/quotes_gold/labels.jsonl.

Usage: python3 tools/quotes_gold/eval.py [NEWSDESK BINARY] [-v]
  (default binary target/release/newsdesk; the corpus is
   ../shared/corpora/giveme5w1h_gold_standard.jsonl from the project root,
   or $GIVEME5W1H_JSONL)

Each labelled quote's event (cluster) is loaded whole, as the labels were
made from `newsdesk claims --json` over all of an event's articles; a
quote is found by its article and its first 60 characters. Scored:
  precision  quotes credited to the labelled person or organisation, over
             all quotes credited to anyone (labels NOT_SPEECH count as
             wrong when credited; UNKNOWN is left out);
  recall     the same, over the quotes labelled with a person or
             organisation.
A credited name matches a label when one contains the other or their last
words agree ("Comey" / "James Comey").
"""
import collections, hashlib, json, os, re, subprocess, sys, tempfile, unicodedata

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
CORPUS = os.environ.get("GIVEME5W1H_JSONL",
                        os.path.join(ROOT, "..", "shared", "corpora", "giveme5w1h_gold_standard.jsonl"))


def key(s):
    s = unicodedata.normalize("NFKD", s or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"^org:\s*", "", s).strip()


def same(gold, ours):
    if not ours:
        return False
    g, o = key(gold), key(ours)
    last = lambda s: s.split()[-1] if s.split() else s
    return g == o or last(g) == last(o) or o in g or g in o


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    binary = args[0] if args else os.path.join(ROOT, "target", "release", "newsdesk")
    labels = [json.loads(l) for l in open(os.path.join(ROOT, "tools", "quotes_gold", "labels.jsonl"))]
    by = collections.defaultdict(list)
    for l in open(CORPUS, encoding="utf-8"):
        r = json.loads(l)
        by[r["cluster_id"]].append(r)
    ours = {}
    with tempfile.TemporaryDirectory() as tmp:
        for c in sorted({x["cluster_id"] for x in labels}):
            d = os.path.join(tmp, c)
            os.makedirs(d)
            bodies = {}
            for i, r in enumerate(by[c]):
                aid = f"{r['outlet']}{i}"
                bodies[aid] = r
                with open(os.path.join(d, aid + ".json"), "w", encoding="utf-8") as f:
                    json.dump({"id": aid, "title": r["title"], "outlet": r["outlet"],
                               "published": r["date"], "body": r["text"]}, f)
            out = subprocess.run([binary, "claims", "--json", d, "--store", os.path.join(tmp, c + ".db"),
                                  "--no-cache"], capture_output=True, text=True, check=True).stdout
            for st in json.loads(out)["stories"]:
                for q in st.get("quotes", []):
                    for a in q["articles"]:
                        r = bodies[a]
                        ours[(r["url"], q["text"][:60])] = q.get("speaker")
    tp = credited = gold = 0
    missing = 0
    for x in labels:
        r = next(r for r in by[x["cluster_id"]] if r["url"] == x["url"])
        assert hashlib.sha1(r["text"].encode()).hexdigest() == x["text_sha1"], x["id"]
        k = (x["url"], x["quote_start"])
        if k not in ours:
            missing += 1
            if "-v" in sys.argv:
                print(f"  {x['id']}: not found: {x['quote_start']!r}")
        o = ours.get(k)
        g = x["speaker"]
        if g == "UNKNOWN":
            continue
        if g == "NOT_SPEECH":
            if o:
                credited += 1
                if "-v" in sys.argv:
                    print(f"  {x['id']}: not speech, credited to {o}")
            continue
        gold += 1
        if o:
            credited += 1
            if same(g, o):
                tp += 1
            elif "-v" in sys.argv:
                print(f"  {x['id']}: {g}, credited to {o}")
    print(f"speakers: precision {tp}/{credited} = {tp / max(credited, 1):.3f}; "
          f"recall {tp}/{gold} = {tp / max(gold, 1):.3f}; labelled quotes not found {missing}")


if __name__ == "__main__":
    main()
