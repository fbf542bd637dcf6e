#!/usr/bin/env python3
"""Run the real spaCy en_core_web_sm pipeline (as shipped) over the seed files
and a deterministic selection of corpus paragraphs, and write the results as
JSON Lines to tests/data/spacy_oracle.jsonl.

The corpus texts belong to their publishers, so a record stores only a
reference to its text (source, line number in the corpus file, article id and
the char range [start, end) of the paragraph inside the article's `text`),
the SHA-1 of the text, an 80-char snippet, the tokens and the entities.
The Rust parity test re-reads the text from the corpus at test time.

Usage:
    python3 tools/spacy_oracle.py [--out tests/data/spacy_oracle.jsonl]
        [--shared ../shared] [--version 3.8.0] [--every 125]
    python3 tools/spacy_oracle.py --synthetic 400 --out tests/data/spacy_oracle_synthetic.jsonl

Synthetic records are our own generated edge-case strings and are stored
inline ("text" field).
"""
import argparse
import gzip
import hashlib
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _spacy_env  # noqa: E402

BIAS = "article_bias_37k"
G5 = "giveme5w1h_gold_standard"

PARA_SEP = re.compile(r"\n[ \t\r]*\n\s*")
SENT_END = re.compile(r"(?<=[.!?])[\"”’']?\s+")


def paragraphs(text):
    """(start, end) char ranges of the blank-line separated paragraphs."""
    out = []
    pos = 0
    for m in PARA_SEP.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def sentence_groups(text, lo=60, hi=150):
    """Groups of consecutive sentences with lo..hi words, as char ranges."""
    bounds = []
    pos = 0
    for m in SENT_END.finditer(text):
        bounds.append((pos, m.start() + len(m.group(0).rstrip())))
        pos = m.end()
    if pos < len(text):
        bounds.append((pos, len(text)))
    groups = []
    cur = None
    for s, e in bounds:
        if cur is None:
            cur = [s, e]
        else:
            cur[1] = e
        n = len(text[cur[0]:cur[1]].split())
        if n >= lo:
            if n <= hi:
                groups.append(tuple(cur))
            cur = None
    return groups


def nwords(s):
    return len(s.split())


def select_texts(shared, every=125):
    """Yield (record_without_results, text)."""
    seeds = os.path.join(shared, "seeds")
    for f in sorted(os.listdir(seeds)):
        if not f.endswith(".txt"):
            continue
        with open(os.path.join(seeds, f), encoding="utf-8", newline="") as fh:
            text = fh.read()
        yield {"id": f"seed:{f}", "source": "seed", "file": f}, text

    corpora = os.path.join(shared, "corpora")
    url_extra = 0
    with gzip.open(os.path.join(corpora, BIAS + ".jsonl.gz"), "rt", encoding="utf-8") as fh:
        for line_no, line in enumerate(fh):
            want_main = line_no % every == 0
            want_url = line_no % 37 == 0 and url_extra < 25
            want_multi = line_no % 1500 == 7
            if not (want_main or want_url or want_multi):
                continue
            art = json.loads(line)
            text = art["text"]
            paras = paragraphs(text)
            picks = []
            if want_main:
                elig = [p for p in paras if 40 <= nwords(text[p[0]:p[1]]) <= 200]
                if not elig:
                    elig = sentence_groups(text)
                if elig:
                    picks.append(("p", elig[(line_no // every) % len(elig)]))
            if want_url:
                elig = [p for p in paras if ("http" in text[p[0]:p[1]] or "www." in text[p[0]:p[1]])
                        and nwords(text[p[0]:p[1]]) <= 250]
                if elig:
                    picks.append(("u", elig[0]))
                    url_extra += 1
            if want_multi and len(paras) >= 3:
                # two paragraphs with the blank line between them (SPACE tokens)
                k = (line_no // 1500) % (len(paras) - 1)
                picks.append(("m", (paras[k][0], paras[k + 1][1])))
            seen = set()
            for kind, (s, e) in picks:
                if (s, e) in seen:
                    continue
                seen.add((s, e))
                ref = {"id": f"{BIAS}:{line_no}:{s}-{e}", "source": BIAS, "line": line_no,
                       "article_id": art.get("id"), "start": s, "end": e, "kind": kind}
                yield ref, text[s:e]

    with open(os.path.join(corpora, G5 + ".jsonl"), encoding="utf-8") as fh:
        for line_no, line in enumerate(fh):
            art = json.loads(line)
            text = art["text"]
            groups = sentence_groups(text)
            if not groups:
                continue
            picks = {groups[0], groups[len(groups) // 2]}
            for s, e in sorted(picks):
                ref = {"id": f"{G5}:{line_no}:{s}-{e}", "source": G5, "line": line_no,
                       "article_id": art.get("source_path") or art.get("url"), "start": s, "end": e,
                       "kind": "g"}
                yield ref, text[s:e]


# Synthetic edge cases (our own text, stored inline): whitespace variants,
# unicode, URLs, emails, emoticons, units, abbreviations, special cases.
SYN_PIECES = [
    "Mr.", "Mrs.", "Dr.", "U.S.", "U.N.", "U.K.-based", "e.g.", "i.e.", "etc.", "Inc.", "Jan.", "Sept.",
    "can't", "won't", "y'all", "gonna", "it's", "’s", "’", "'", "\"", "“", "”", "‘", "«", "»", "(", ")", "[", "]",
    "--", "—", "–", "-", "/", ":", ";", ",", ".", "...", "…", "!", "?", "?!", ":)", ":-(", "<3", "^_^", "=)",
    "$", "€", "£", "US$", "5km", "10kg", "3.5%", "1,000", "2,500.75", "1990s", "'90s", "9/11", "24/7", "10:30am",
    "5-6", "+44", "#hashtag", "@user", "user@example.com", "https://example.org/path?q=1&x=y",
    "www.example.co.uk", "example.com.", "http://192.168.0.1:8080/x", "C++", "A.I.", "Ph.D.", "N.Y.C.",
    "Pont-Sondé", "São", "Paulo", "Zürich", "Kraków", "Ελλάδα", "ΟΔΟΣ", "Москва", "北京", "東京", "ǅemal",
    "İstanbul", "naïve", "café", "x²", "Ⅻ", "😀", "👍🏽", "🇺🇸", "e\u0301", "ﬁ", "ß", "ΣΑΣ", "Ǆ",
    "Apple", "Google", "Barack", "Obama", "Angela", "Merkel", "Paris", "London", "Kenya", "Haiti", "NATO",
    "the", "of", "and", "to", "in", "said", "on", "Monday", "July", "4th", "2024", "million", "billion",
    "President", "Minister", "Senate", "Democrats", "Republicans", "Supreme", "Court", "World", "Cup",
    "a" * 120, "B" * 40, "x" * 99, "1" * 30,
]
SYN_SPACES = [" ", " ", " ", " ", " ", "  ", "\n", "\n\n", "\t", "\r\n", "\u00a0", "\u2009", "\u3000",
              " \n ", "\x1c", "\u200b", "\u2028", ""]


def synthetic_texts(n, seed=7):
    import random
    rng = random.Random(seed)
    for i in range(n):
        k = rng.randint(1, 60)
        parts = []
        for _ in range(k):
            parts.append(rng.choice(SYN_PIECES))
            parts.append(rng.choice(SYN_SPACES))
        if rng.random() < 0.2:
            parts.insert(0, rng.choice(SYN_SPACES))
        yield {"id": f"synthetic:{i}", "source": "inline"}, "".join(parts)


def ents_of(doc):
    return [{"start": e.start_char, "end": e.end_char, "label": e.label_, "text": e.text}
            for e in doc.ents]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="tests/data/spacy_oracle.jsonl")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "..", "shared"))
    ap.add_argument("--version", default=_spacy_env.DEFAULT_VERSION)
    ap.add_argument("--every", type=int, default=125,
                    help="take a paragraph from every N-th article_bias article (default 125)")
    ap.add_argument("--synthetic", type=int, default=0,
                    help="instead of corpus texts, write N synthetic edge-case texts (stored inline)")
    ap.add_argument("--seed", type=int, default=7, help="seed for --synthetic")
    args = ap.parse_args()
    _spacy_env.ensure_env(args.version)
    import spacy

    nlp = spacy.load(_spacy_env.MODEL_PKG)
    # The NER component alone (what newsdesk runs) as well as the full pipeline.
    nlp_ner = spacy.load(_spacy_env.MODEL_PKG,
                         exclude=[p for p in nlp.pipe_names if p != "ner"])
    n = 0
    n_ents = 0
    diff_docs = 0
    only_full = only_ner = 0
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as out:
        source = synthetic_texts(args.synthetic, args.seed) if args.synthetic else select_texts(args.shared, args.every)
        for ref, text in source:
            doc = nlp(text)
            rec = dict(ref)
            if ref["source"] == "inline":
                rec["text"] = text
            rec["text_sha1"] = hashlib.sha1(text.encode("utf-8")).hexdigest()
            rec["snippet"] = text[:80]
            rec["n_chars"] = len(text)
            rec["ents"] = ents_of(doc)
            rec["ents_ner_only"] = ents_of(nlp_ner(text))
            rec["tokens"] = [[t.idx, t.idx + len(t.text)] for t in doc]
            rec["sent_starts"] = [t.i for t in doc if t.is_sent_start]
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
            n_ents += len(rec["ents"])
            a = {(e["start"], e["end"], e["label"]) for e in rec["ents"]}
            b = {(e["start"], e["end"], e["label"]) for e in rec["ents_ner_only"]}
            if a != b:
                diff_docs += 1
                only_full += len(a - b)
                only_ner += len(b - a)
    print(f"wrote {n} records, {n_ents} entities to {args.out}")
    print(f"ner-only vs full pipeline: {diff_docs} docs differ; "
          f"{only_full} ents only in full, {only_ner} only in ner-only")


if __name__ == "__main__":
    main()
