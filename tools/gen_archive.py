#!/usr/bin/env python3
"""Writes a synthetic archive of N articles from a real corpus, for
measuring newsdesk at scale (issue: archive scale, 150k and 1M articles).

Each article is a real one (taken in a shuffled order, cycling through the
corpus) with a new id, its date shifted by a whole number of years and some
days (so copies of one report fall far apart and group as other stories,
as a real archive's recurring events do), and light word substitutions so
no two copies are byte-identical: some common words swapped for a synonym,
some figures changed by one. Deterministic for a given seed.

    python3 tools/gen_archive.py N OUT.jsonl [--corpus PATH] [--seed S]

The default corpus is ../shared/corpora/article_bias_37k.jsonl.gz. The
output is JSON Lines with the corpus's fields (`id`, `title`, `outlet`,
`date`, `url`, `text`); it is data for benchmarks only and is not committed.
"""
import argparse
import datetime
import gzip
import json
import random
import re

SYNONYMS = {
    "said": ["stated", "told reporters", "added"],
    "people": ["persons", "residents"],
    "big": ["large", "major"],
    "city": ["town", "municipality"],
    "government": ["administration", "authorities"],
    "week": ["week", "seven days"],
    "new": ["fresh", "recent"],
    "quickly": ["rapidly", "swiftly"],
    "major": ["significant", "large"],
    "official": ["spokesperson", "representative"],
}
WORD = re.compile(r"\b(" + "|".join(SYNONYMS) + r")\b")
FIGURE = re.compile(r"\b\d{1,4}\b")


def vary(text, rng):
    def word(m):
        return rng.choice(SYNONYMS[m.group(1)]) if rng.random() < 0.3 else m.group(1)

    def figure(m):
        if rng.random() < 0.1:
            return str(max(0, int(m.group(0)) + rng.choice((-1, 1))))
        return m.group(0)

    return FIGURE.sub(figure, WORD.sub(word, text))


def shift(date, rng):
    try:
        d = datetime.date.fromisoformat(date)
    except (TypeError, ValueError):
        return date
    year = min(max(d.year + rng.randint(-8, 8), 1900), 2100)
    try:
        d = d.replace(year=year)
    except ValueError:  # 29 February
        d = d.replace(year=year, day=28)
    return (d + datetime.timedelta(days=rng.randint(-20, 20))).isoformat()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--corpus", default="../shared/corpora/article_bias_37k.jsonl.gz")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    opener = gzip.open if args.corpus.endswith(".gz") else open
    with opener(args.corpus, "rt", encoding="utf-8") as f:
        base = [json.loads(line) for line in f if line.strip()]
    rng = random.Random(args.seed)
    order = list(range(len(base)))
    with open(args.out, "w", encoding="utf-8") as out:
        for k in range(args.n):
            if k % len(base) == 0:
                rng.shuffle(order)
            src = base[order[k % len(base)]]
            copy = k // len(base)
            rec = {
                "id": f"syn{k:07d}",
                "title": src.get("title") or "",
                "outlet": src.get("outlet"),
                "date": shift(src.get("date"), rng) if copy else src.get("date"),
                "url": (src.get("url") or "") + (f"#copy{copy}" if copy else ""),
                "text": vary(src.get("text") or "", rng) if copy else src.get("text") or "",
            }
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
