#!/usr/bin/env python3
"""Compare tagging + parsing throughput: spaCy vs the Rust port, one core.

    python3 bench/spacy_parse_vs_rust.py [--words 100000] [--shared ../shared]

Takes every 7th article of article_bias_37k until ~100k words (texts are
written to /tmp only, never committed), then times, each on one thread:
  * spaCy tok2vec+tagger+parser: spacy.load(model, exclude=[attribute_ruler,
    lemmatizer, ner]), nlp.pipe(texts, n_process=1)
  * spaCy's full pipeline nlp.pipe(texts, n_process=1), for reference
  * Rust Model::parse_syntax (tok2vec, tagger, parser, attribute_ruler,
    lemmatizer: more than the spaCy subset above) and Model::parse (the full
    pipeline, NER included), examples/parse_throughput, one core
and prints words/s and the ratios. Words = len(text.split()). The Rust
figures are the best of --repeat passes (default 2; the first is cold).
spaCy runs single-threaded BLAS (OPENBLAS/OMP/MKL_NUM_THREADS=1, and its
BLIS build is single-threaded).
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import time

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tools"))
import _spacy_env  # noqa: E402


def time_pipe(nlp, texts, words, label):
    list(nlp.pipe(texts[:5]))  # warm up
    best = None
    for _ in range(2):
        t0 = time.perf_counter()
        c0 = time.process_time()
        n_tok = sum(len(d) for d in nlp.pipe(texts, n_process=1))
        el = time.perf_counter() - t0
        cpu = time.process_time() - c0
        if best is None or el < best[0]:
            best = (el, cpu, n_tok)
    el, cpu, n_tok = best
    print(f"spaCy {label} {nlp.pipe_names}: {el:.2f}s wall, {words / el:,.0f} words/s; "
          f"{cpu:.2f}s CPU, {words / cpu:,.0f} words per CPU-second; {n_tok} tokens")
    return words / el, words / cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=100_000)
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--texts", default="/tmp/newsdesk_parse_bench_texts.jsonl")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--skip-spacy", action="store_true")
    args = ap.parse_args()
    _spacy_env.ensure_env()
    import spacy

    texts = []
    words = 0
    src = os.path.join(args.shared, "corpora", "article_bias_37k.jsonl.gz")
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % 7:
                continue
            t = json.loads(line)["text"]
            texts.append(t)
            words += len(t.split())
            if words >= args.words:
                break
    with open(args.texts, "w", encoding="utf-8") as out:
        for t in texts:
            out.write(json.dumps(t) + "\n")
    print(f"{len(texts)} texts, {words} words")

    spacy_tp = spacy_full = None
    if not args.skip_spacy:
        tp = spacy.load(_spacy_env.MODEL_PKG, exclude=["attribute_ruler", "lemmatizer", "ner"])
        assert tp.pipe_names == ["tok2vec", "tagger", "parser"], tp.pipe_names
        spacy_tp = time_pipe(tp, texts, words, "tagger+parser")
        full = spacy.load(_spacy_env.MODEL_PKG)
        spacy_full = time_pipe(full, texts, words, "full pipeline")

    env = dict(os.environ, CARGO_TARGET_DIR=os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")))
    subprocess.check_call(["cargo", "build", "--release", "--quiet", "--example", "parse_throughput"], cwd=ROOT, env=env)
    exe = os.path.join(env["CARGO_TARGET_DIR"], "release", "examples", "parse_throughput")
    res = {}
    for mode, extra in (("parse_syntax", ["--syntax"]), ("parse", [])):
        out = subprocess.check_output([exe, args.texts, "--repeat", str(args.repeat)] + extra, env=env, text=True)
        r = json.loads(out.strip().splitlines()[-1])
        res[mode] = r
        r["cpu_wps"] = words / r["cpu_seconds"] if r.get("cpu_seconds") else float("nan")
        print(f"Rust {mode} 1 core: {r['seconds']:.2f}s, {r['words_per_sec']:,.0f} words/s; "
              f"{r['cpu_seconds']:.2f}s CPU (batch thread), {r['cpu_wps']:,.0f} words per CPU-second; "
              f"{r['tokens']} tokens, {r['sentences']} sentences, {r['entities']} entities; load {r['load_ms']} ms")
    if spacy_tp:
        for name, rust, sp in (("parse_syntax / spaCy tok2vec+tagger+parser", res["parse_syntax"], spacy_tp),
                               ("parse (full) / spaCy full pipeline", res["parse"], spacy_full)):
            print(f"ratio Rust {name}: wall-clock {rust['words_per_sec'] / sp[0]:.1f}x, "
                  f"per CPU-second {rust['cpu_wps'] / sp[1]:.1f}x")
    try:
        print(f"load average during the run: {os.getloadavg()}")
    except OSError:
        pass


if __name__ == "__main__":
    main()
