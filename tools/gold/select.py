#!/usr/bin/env python3
"""Deterministic paragraph selection for the NER gold standard.

Rule (see NOTES.md):
  * Load all articles of article_bias_37k, sort by `id` (Python str order).
  * Set A: global sorted position i with i % 997 in {7, 507}.
  * Set B (topic diversity): for each topic in EXTRA_TOPICS, sort that topic's
    articles by id; take within-topic position j with j % 17 == 7.
  * Drop an article if its text matches /haiti|kenya/i, or if it contains
    mojibake ("Ã"), or if it has no qualifying paragraph.
  * Paragraphs = text.split("\n"), stripped of nothing (exact slices); a
    paragraph qualifies if it has 40..200 whitespace tokens, does not start
    with "@", contains no "http", and does not contain the upper-case word
    "MORE" (The Hill's inline politician link-cards, e.g. "Hillary Diane
    Rodham Clinton2020 Democrats ... MORE", which garble the text). A
    paragraph whose text repeats an earlier paragraph of the same article is
    ignored. A paragraph whose first 60 characters equal those of a
    paragraph already chosen (from any article, in processing order: set A
    in id order, then set B topic by topic) is ignored too (author bios,
    photo-caption boilerplate).
  * Richness score of a paragraph = number of tokens that start with an
    uppercase letter (not first token of a sentence) + number of tokens
    containing a digit (pure string heuristic, no NER model).
  * From every article take the highest-scoring qualifying paragraph
    (ties: lower index). Take the second-highest too if its score >= 16.
    Skip the article if its best score < 14. Cap: 2 paragraphs per article.
  * Set B takes at most 2 articles per topic (first ones, in id order, that
    pass the filters).
Writes the chosen paragraphs (with references) to a scratch file; prints a
summary. Usage: python3 select.py [scratch_out]
"""
import gzip, hashlib, json, os, re, sys

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "corpora", "article_bias_37k.jsonl.gz")
EXTRA_TOPICS = ["sports", "disaster", "business", "criminal_justice", "world",
                "asia", "europe", "banking_and_finance"]
MOD_A, RES_A = 997, (7, 507)
MOD_B, RES_B = 17, 7
SECOND_MIN_SCORE = 16
FIRST_MIN_SCORE = 14
PER_TOPIC = 2


def load():
    arts = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            arts.append(json.loads(line))
    return arts


def paragraphs(text):
    return text.split("\n")


def qualifies(p):
    n = len(p.split())
    return (40 <= n <= 200 and "http" not in p and not p.lstrip().startswith("@")
            and not re.search(r"\bMORE\b", p))


def score(p):
    toks = p.split()
    s = 0
    prev_end = True
    for t in toks:
        core = t.lstrip("\"'“‘(")
        if core[:1].isupper() and not prev_end:
            s += 1
        if any(c.isdigit() for c in t):
            s += 1
        prev_end = t.rstrip("\"'”’)").endswith((".", "?", "!"))
    return s


def best(d):
    paras = paragraphs(d["text"])
    seen_txt = set()
    cands = []
    for k, p in enumerate(paras):
        if qualifies(p) and p not in seen_txt:
            cands.append((score(p), k))
            seen_txt.add(p)
    cands.sort(key=lambda x: (-x[0], x[1]))
    return cands


def ok(d):
    text = d["text"]
    if re.search(r"haiti|kenya", text, re.I) or "Ã" in text:
        return False
    c = best(d)
    return bool(c) and c[0][0] >= FIRST_MIN_SCORE


def choose(arts):
    arts = sorted(arts, key=lambda d: d["id"])
    picked = []  # (set, article)
    for i, d in enumerate(arts):
        if i % MOD_A in RES_A:
            picked.append(("A", d))
    seen = {d["id"] for _, d in picked}
    for topic in EXTRA_TOPICS:
        sub = [d for d in arts if d.get("topic") == topic]
        n_t = 0
        for j, d in enumerate(sub):
            if j % MOD_B == RES_B and d["id"] not in seen and ok(d) and n_t < PER_TOPIC:
                picked.append(("B:" + topic, d))
                seen.add(d["id"])
                n_t += 1
    out = []
    prefixes = set()  # first 60 chars of already chosen paragraphs (boilerplate dedupe)
    for setname, d in picked:
        if not ok(d):
            continue
        paras = paragraphs(d["text"])
        cands = [c for c in best(d) if paras[c[1]][:60] not in prefixes]
        if not cands or cands[0][0] < FIRST_MIN_SCORE:
            continue
        chosen = [cands[0]]
        if len(cands) > 1 and cands[1][0] >= SECOND_MIN_SCORE:
            chosen.append(cands[1])
        for sc, k in sorted(chosen, key=lambda x: x[1]):
            p = paras[k]
            prefixes.add(p[:60])
            out.append({
                "set": setname, "article_id": d["id"], "outlet": d["outlet"],
                "topic": d.get("topic"), "date": d.get("date"), "para": k,
                "score": sc, "text": p,
                "text_sha1": hashlib.sha1(p.encode("utf-8")).hexdigest(),
                "snippet": p[:80],
            })
    return out


def main():
    out = choose(load())
    path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/gold_scratch/selected.txt"
    import os
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for r in out:
            f.write(f"=== {r['article_id']}_{r['para']} | {r['set']} | {r['outlet']} | "
                    f"{r['topic']} | {r['date']} | score={r['score']} | sha1={r['text_sha1']}\n")
            f.write(r["text"] + "\n\n")
    arts = {r["article_id"] for r in out}
    outlets = {r["outlet"] for r in out}
    print(f"paragraphs={len(out)} articles={len(arts)} outlets={len(outlets)}")
    for r in out:
        print(r["set"], r["article_id"], r["para"], r["outlet"], r["topic"], r["score"], len(r["text"].split()))


if __name__ == "__main__":
    main()
