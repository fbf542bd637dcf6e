#!/usr/bin/env python3
"""Run the full spaCy en_core_web_sm pipeline (`nlp(text)`: tok2vec, tagger,
parser, attribute_ruler, lemmatizer, ner) and store, per token, what the Rust
`Model::parse` must reproduce: fine tag, UPOS, morphology, lemma, dependency
label and head, plus sentence starts and the pipeline's entities.

The texts are chosen exactly as `tools/spacy_oracle.py` chooses them (seed
files, corpus paragraphs by reference); like that oracle this one never
stores a corpus text: a record has the reference (source, line, article id,
char range), the SHA-1, an 80-char snippet, token char offsets and the
annotations. Lemmas are stored as an edit of the token text (so the record
does not spell the words out):

    "="          the lemma is the token text
    "L"          the lemma is the token text lower-cased (Python str.lower)
    "K|SUFFIX"   drop the last K chars of the lower-cased text, append SUFFIX
    "!LEMMA"     anything else (the lemma shares no prefix with the text)

Usage:
    python3 tools/spacy_parse_oracle.py [--out tests/data/spacy_parse_oracle.jsonl]
        [--shared ../shared] [--every 125]
    python3 tools/spacy_parse_oracle.py --synthetic 300 --hard --out tests/data/spacy_parse_oracle_synthetic.jsonl
    python3 tools/spacy_parse_oracle.py --whole-articles 200 --out /tmp/parse_articles.jsonl

Synthetic records (our own generated text, see spacy_oracle.py) are stored
inline ("text" field); `--hard` adds long and degenerate inline texts
(tables, a several-thousand-word sentence, repeated punctuation).
"""
import argparse
import hashlib
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _spacy_env  # noqa: E402
import spacy_oracle  # noqa: E402


def lemma_edit(text, lemma):
    if lemma == text:
        return "="
    low = text.lower()
    if lemma == low:
        return "L"
    n = 0
    while n < min(len(low), len(lemma)) and low[n] == lemma[n]:
        n += 1
    if n == 0:
        return "!" + lemma
    return f"{len(low) - n}|{lemma[n:]}"


def apply_edit(text, edit):
    if edit == "=":
        return text
    if edit == "L":
        return text.lower()
    if edit.startswith("!"):
        return edit[1:]
    k, _, suf = edit.partition("|")
    low = text.lower()
    return low[: len(low) - int(k)] + suf


def hard_texts(seed=11):
    """Degenerate inputs (inline): tables, very long sentences, noise."""
    rng = random.Random(seed)
    words = ["the", "of", "officials", "said", "and", "a", "report", "in", "on", "that", "police",
             "city", "were", "had", "after", "by", "government", "people", "killed", "new"]
    yield {"id": "hard:long-sentence", "source": "inline"}, " ".join(rng.choice(words) for _ in range(3000)) + "."
    rows = ["| Name | Votes | Share |", "|---|---:|---:|"]
    for i in range(40):
        rows.append(f"| Candidate {i} | {rng.randint(100, 99999):,} | {rng.random() * 100:.1f}% |")
    yield {"id": "hard:table", "source": "inline"}, "\n".join(rows)
    tsv = "\n".join("\t".join(str(rng.randint(0, 999)) for _ in range(8)) for _ in range(60))
    yield {"id": "hard:tsv", "source": "inline"}, tsv
    yield {"id": "hard:punct", "source": "inline"}, "!?.,;:-" * 300
    yield {"id": "hard:spaces", "source": "inline"}, "a \n\n b \t\t c" * 100 + "   \n"
    yield {"id": "hard:nonsense", "source": "inline"}, " ".join(
        "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(rng.randint(1, 12))) for _ in range(800))
    yield {"id": "hard:numbers", "source": "inline"}, " ".join(str(rng.randint(0, 10**6)) for _ in range(1000))
    yield {"id": "hard:caps", "source": "inline"}, " ".join(w.upper() for w in (rng.choice(words) for _ in range(500)))


def whole_articles(shared, every):
    """Every N-th article of article_bias_37k whole (by reference), to check
    long documents as `newsdesk parse` parses them."""
    import gzip
    src = os.path.join(shared, "corpora", spacy_oracle.BIAS + ".jsonl.gz")
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        for line_no, line in enumerate(fh):
            if line_no % every:
                continue
            art = json.loads(line)
            text = art["text"]
            yield {"id": f"{spacy_oracle.BIAS}:{line_no}:0-{len(text)}", "source": spacy_oracle.BIAS,
                   "line": line_no, "article_id": art.get("id"), "start": 0, "end": len(text),
                   "kind": "a"}, text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="tests/data/spacy_parse_oracle.jsonl")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "..", "shared"))
    ap.add_argument("--version", default=_spacy_env.DEFAULT_VERSION)
    ap.add_argument("--every", type=int, default=125)
    ap.add_argument("--synthetic", type=int, default=0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--hard", action="store_true", help="add degenerate inline texts")
    ap.add_argument("--whole-articles", type=int, default=0, metavar="N",
                    help="instead: every N-th article_bias article, whole")
    args = ap.parse_args()
    _spacy_env.ensure_env(args.version)
    import spacy

    nlp = spacy.load(_spacy_env.MODEL_PKG)
    if args.synthetic:
        source = spacy_oracle.synthetic_texts(args.synthetic, args.seed)
    elif args.whole_articles:
        source = whole_articles(args.shared, args.whole_articles)
    else:
        source = spacy_oracle.select_texts(args.shared, args.every)
    if args.hard:
        import itertools
        source = itertools.chain(source, hard_texts())
    n = ntok = 0
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as out:
        for ref, text in source:
            doc = nlp(text)
            rec = dict(ref)
            if ref["source"] == "inline":
                rec["text"] = text
            rec["text_sha1"] = hashlib.sha1(text.encode("utf-8")).hexdigest()
            rec["snippet"] = text[:80]
            rec["n_chars"] = len(text)
            toks = []
            for t in doc:
                edit = lemma_edit(t.text, t.lemma_)
                assert apply_edit(t.text, edit) == t.lemma_
                toks.append([t.idx, t.idx + len(t.text), t.tag_, t.pos_, str(t.morph), edit, t.dep_, t.head.i])
            rec["tokens"] = toks
            rec["sent_starts"] = [t.i for t in doc if t.is_sent_start]
            rec["ents"] = spacy_oracle.ents_of(doc)
            for e in rec["ents"]:
                del e["text"]  # the char range is enough
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
            ntok += len(doc)
    print(f"wrote {n} records, {ntok} tokens to {args.out}")


if __name__ == "__main__":
    main()
