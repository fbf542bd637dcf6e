#!/usr/bin/env python3
"""Chooses the stories and articles of the fact-pair gold set (see README.md).

The rule is deterministic and looks only at the corpus metadata (cluster ids,
titles, dates, outlets, word counts, URLs) -- never at newsdesk's output.

Rule A (giveme5w1h_gold_standard.jsonl): every labelled cluster (cluster_id
other than g5gs-none) with articles from at least two outlets.

Rule B (article_bias_37k.jsonl.gz, no event labels): incidents found by their
titles. An article is a candidate when its date is ISO (YYYY-MM-DD), its
topic is one of INCIDENT_TOPICS and its title matches CASUALTY. Candidates of
one date are grouped by a shared capitalised title keyword (any word after the
first, stripped of punctuation, > 2 letters, not in KEYWORD_STOP); groups of
one date that share an article are merged. A group is kept when it has
articles from >= 3 outlets and >= 2 of its titles carry a count (a numeral
or a number word).

Articles of a story (both rules): those of at most MAX_WORDS words
(whitespace-separated words of `text`; longer pieces are live blogs and
galleries that one judge cannot read completely with care), ordered by the
SHA-1 of their URL, the first MAX_ARTICLES of them.

Usage: python3 select_stories.py [CORPORA_DIR] > stories.json
(default CORPORA_DIR: ../shared/corpora from the project root, or $NEWSDESK_CORPORA)
"""
import collections
import gzip
import hashlib
import json
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
MAX_WORDS = 2500
MAX_ARTICLES = 6
INCIDENT_TOPICS = {"violence_in_america", "terrorism", "middle_east", "environment",
                   "disaster", "world", "gun_control_and_gun_rights", "general_news"}
CASUALTY = re.compile(
    r"\b(killed|kills|killing|dead|dies|death toll|shooting|wounded|injured|massacre|"
    r"explosion|blast|crash|attack|bombing|wildfire|earthquake|storm)\b", re.I)
COUNT = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                   r"dozens?|hundreds?)\b", re.I)
KEYWORD_STOP = set(
    "The A An In At Of On For To And After As Is Are Be By From With Over Into US U.S. "
    "Trump Obama Says Police Report Reports New Man Dead Killed Attack Shooting Suspect "
    "Gunman Death".split())


def corpora_dir():
    if len(sys.argv) > 1:
        return sys.argv[1]
    return os.environ.get("NEWSDESK_CORPORA", os.path.join(ROOT, "..", "shared", "corpora"))


def sha1(s):
    return hashlib.sha1(s.encode("utf-8")).hexdigest()


def words(r):
    return len(r["text"].split())


def pick(arts):
    ok = [r for r in arts if words(r) <= MAX_WORDS]
    ok.sort(key=lambda r: sha1(r["url"]))
    return ok[:MAX_ARTICLES]


def ref(r, short):
    return {"id": short, "dataset": r["dataset"], "cluster_id": r.get("cluster_id"),
            "corpus_id": r.get("id"), "outlet": r["outlet"], "date": r["date"],
            "url": r["url"], "title": r["title"], "text_sha1": sha1(r["text"]),
            "words": words(r)}


def short_id(r, taken):
    base = re.sub(r"[^a-z0-9]+", "", r["outlet"].lower())[:14] or "article"
    sid, n = base, 2
    while sid in taken:
        sid, n = f"{base}{n}", n + 1
    taken.add(sid)
    return sid


def rule_a(path):
    clusters = collections.defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            clusters[r["cluster_id"]].append(r)
    out = []
    for cid in sorted(clusters):
        arts = clusters[cid]
        if cid == "g5gs-none" or len({r["outlet"] for r in arts}) < 2:
            continue
        chosen = pick(arts)
        taken = set()
        out.append({"story": cid.replace("g5gs-", "g5-"), "rule": "A", "dataset": arts[0]["dataset"],
                    "event": arts[0]["event"], "cluster_size": len(arts),
                    "articles": [ref(r, short_id(r, taken)) for r in chosen]})
    return out


def rule_b(path):
    by_date = collections.defaultdict(list)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            d = r.get("date") or ""
            if not re.fullmatch(r"\d{4}-\d\d-\d\d", d) or r.get("topic") not in INCIDENT_TOPICS:
                continue
            if CASUALTY.search(r["title"]):
                by_date[d].append(r)
    out = []
    for d in sorted(by_date):
        groups = collections.defaultdict(set)
        for r in by_date[d]:
            for w in r["title"].split()[1:]:
                w = w.strip("'\":,;.!?‘’“”()")
                if w[:1].isupper() and len(w) > 2 and w not in KEYWORD_STOP:
                    groups[w].add(r["id"])
        arts = {r["id"]: r for r in by_date[d]}
        kept = [(w, ids) for w, ids in sorted(groups.items())
                if len({arts[i]["outlet"] for i in ids}) >= 3]
        merged = []  # (keywords, ids)
        for w, ids in kept:
            for m in merged:
                if m[1] & ids:
                    m[0].append(w)
                    m[1].update(ids)
                    break
            else:
                merged.append(([w], set(ids)))
        for kws, ids in merged:
            rs = [arts[i] for i in sorted(ids)]
            if sum(1 for r in rs if COUNT.search(r["title"])) < 2:
                continue
            chosen = pick(rs)
            taken = set()
            out.append({"story": f"ab-{d}-{kws[0].lower()}", "rule": "B", "dataset": rs[0]["dataset"],
                        "event": " ".join(kws), "cluster_size": len(rs),
                        "articles": [ref(r, short_id(r, taken)) for r in chosen]})
    return out


def main():
    base = corpora_dir()
    stories = rule_a(os.path.join(base, "giveme5w1h_gold_standard.jsonl"))
    stories += rule_b(os.path.join(base, "article_bias_37k.jsonl.gz"))
    json.dump({"max_words": MAX_WORDS, "max_articles": MAX_ARTICLES, "stories": stories},
              sys.stdout, indent=1, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
