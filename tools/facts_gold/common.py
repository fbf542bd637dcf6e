"""Shared helpers: the story manifest and the corpus texts it refers to."""
import gzip
import hashlib
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
STORIES = os.path.join(HERE, "stories.json")
GOLD = os.path.join(HERE, "gold_pairs.jsonl")


def corpora_dir():
    return os.environ.get("NEWSDESK_CORPORA", os.path.join(ROOT, "..", "shared", "corpora"))


FILES = {"giveme5w1h_gold_standard": "giveme5w1h_gold_standard.jsonl",
         "article_bias_prediction": "article_bias_37k.jsonl.gz"}


def manifest():
    with open(STORIES, encoding="utf-8") as f:
        return json.load(f)


def _open(path):
    return gzip.open(path, "rt", encoding="utf-8") if path.endswith(".gz") else open(path, encoding="utf-8")


def load_texts(stories):
    """{(story, article id): record} for the given manifest stories, sha1-checked."""
    want = {}
    for s in stories:
        for a in s["articles"]:
            want.setdefault(a["dataset"], {})[(a["url"], a["text_sha1"])] = (s["story"], a["id"])
    out = {}
    for ds, keys in want.items():
        with _open(os.path.join(corpora_dir(), FILES[ds])) as f:
            for line in f:
                r = json.loads(line)
                k = (r["url"], hashlib.sha1(r["text"].encode("utf-8")).hexdigest())
                if k in keys:
                    out[keys[k]] = r
    missing = [v for keys in want.values() for v in keys.values() if v not in out]
    if missing:
        raise SystemExit(f"articles not found in the corpus (or text changed): {missing}")
    return out


def load_story_texts(story):
    m = manifest()
    s = next(x for x in m["stories"] if x["story"] == story)
    recs = load_texts([s])
    return s, {aid: r["text"] for (st, aid), r in recs.items()}
