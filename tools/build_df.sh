#!/usr/bin/env bash
# Rebuilds assets/df.tsv.gz, the background document frequencies stories use
# for IDF, from the 37k-article corpus (or the corpus given as $1).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpora/article_bias_37k.jsonl.gz}
cargo run --release --example build_df -- "$corpus" assets/df.tsv.gz 3
ls -l assets/df.tsv.gz
