#!/usr/bin/env python3
"""Compare NER throughput: spaCy (NER component only, one process) vs the Rust port.

    python3 bench/spacy_vs_rust.py [--words 200000] [--shared ../shared]

Takes every 7th article of article_bias_37k until ~200k words (texts are written
to /tmp only, never committed), runs
  * spaCy: spacy.load(model, exclude=[all but "ner"]), nlp.pipe(texts, n_process=1)
  * Rust:  examples/ner_throughput (one core, then all cores with --batch),
           Model::analyze (NER alone, the like-for-like comparison)
and prints words/s for each and the ratios. Words = len(text.split()).
Each Rust figure is the first (cold-cache) pass over the texts.
"""
import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tools"))
import _spacy_env  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=200_000)
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--texts", default="/tmp/newsdesk_ner_bench_texts.jsonl")
    ap.add_argument("--skip-spacy", action="store_true")
    ap.add_argument("--spacy-full", action="store_true",
                    help="also time spaCy's full pipeline, for reference")
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

    spacy_wps = None
    if not args.skip_spacy:
        nlp = spacy.load(_spacy_env.MODEL_PKG)
        nlp = spacy.load(_spacy_env.MODEL_PKG, exclude=[p for p in nlp.component_names if p != "ner"])
        assert nlp.pipe_names == ["ner"], nlp.pipe_names
        list(nlp.pipe(texts[:5]))  # warm up
        t0 = time.perf_counter()
        c0 = time.process_time()
        n_ents = sum(len(d.ents) for d in nlp.pipe(texts, n_process=1))
        el = time.perf_counter() - t0
        cpu = time.process_time() - c0
        spacy_wps = words / el
        spacy_cpu_wps = words / cpu
        print(f"spaCy {spacy.__version__} ner-only, n_process=1: {el:.2f}s wall, {spacy_wps:,.0f} words/s; "
              f"{cpu:.2f}s CPU, {spacy_cpu_wps:,.0f} words per CPU-second; {n_ents} entities")
        if args.spacy_full:
            full = spacy.load(_spacy_env.MODEL_PKG)
            list(full.pipe(texts[:5]))
            t0 = time.perf_counter()
            n_ents = sum(len(d.ents) for d in full.pipe(texts, n_process=1))
            el = time.perf_counter() - t0
            print(f"spaCy {spacy.__version__} full pipeline {full.pipe_names}, n_process=1: {el:.2f}s, "
                  f"{words / el:,.0f} words/s, {n_ents} entities")

    env = dict(os.environ, CARGO_TARGET_DIR=os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")))
    subprocess.check_call(["cargo", "build", "--release", "--quiet", "--example", "ner_throughput"], cwd=ROOT, env=env)
    exe = os.path.join(env["CARGO_TARGET_DIR"], "release", "examples", "ner_throughput")
    res = {}
    for mode, extra in (("1 core", []), ("all cores", ["--batch"])):
        ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.check_output([exe, args.texts] + extra, env=env, text=True)
        ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        r = json.loads(out.strip().splitlines()[-1])
        r["cpu_seconds"] = (ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime)
        res[mode] = r
        print(f"Rust {mode}: {r['seconds']:.2f}s wall, {r['words_per_sec']:,.0f} words/s; "
              f"process CPU {r['cpu_seconds']:.2f}s (incl. reading input); {r['entities']} entities, load {r['load_ms']} ms")
    if spacy_wps:
        for mode, r in res.items():
            print(f"ratio (Rust {mode} / spaCy ner-only 1 process), wall-clock words/s: "
                  f"{r['words_per_sec'] / spacy_wps:.1f}x")
        r = res["1 core"]
        print(f"ratio (Rust 1 core / spaCy ner-only), words per CPU-second: "
              f"{(words / r['cpu_seconds']) / spacy_cpu_wps:.1f}x")
    try:
        print(f"load average during the run: {os.getloadavg()}")
    except OSError:
        pass


if __name__ == "__main__":
    main()
