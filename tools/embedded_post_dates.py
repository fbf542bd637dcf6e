#!/usr/bin/env python3
"""How many articles of a corpus embed a social-media post dated more than a
day after the article's own date (what `text_date` catches: see
`EMBEDDED_POST_DATE` in src/corpus/infer.rs, the same pattern).

    python3 tools/embedded_post_dates.py ../shared/corpora/article_bias_37k.jsonl.gz
    python3 tools/embedded_post_dates.py ../shared/corpora/giveme5w1h_gold_standard.jsonl

Prints each such article (id or url, given date, latest post date, posts)
and the count.
"""
import datetime
import gzip
import json
import re
import sys

MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
POST = re.compile(r"\(@[A-Za-z0-9_]{1,30}\)\s{1,3}(?:on\s+)?([A-Z][a-z]{2,8})\.?\s+(\d{1,2}),\s+(\d{4})\b")


def main(path):
    opener = gzip.open if path.endswith(".gz") else open
    dated = late = 0
    with opener(path, "rt") as f:
        for line in f:
            d = json.loads(line)
            body = d.get("body") or d.get("text") or ""
            try:
                given = datetime.date.fromisoformat((d.get("published") or d.get("date") or "")[:10])
            except ValueError:
                continue
            dated += 1
            posts = []
            for m in POST.finditer(body):
                name = m.group(1)[:3].lower()
                if name not in MONTHS:
                    continue
                try:
                    posts.append(datetime.date(int(m.group(3)), MONTHS.index(name) + 1, int(m.group(2))))
                except ValueError:
                    pass
            if posts and max(posts) > given + datetime.timedelta(days=1):
                late += 1
                print(d.get("id") or d.get("url"), given, max(posts), len(posts))
    print(f"dated articles {dated}, embedding a later post {late}")


if __name__ == "__main__":
    for p in sys.argv[1:]:
        main(p)
