#!/usr/bin/env bash
# The live desk's figures: load speed of saved web pages (pages/s, MB/s, on
# the public evaluation pages, see tools/extract_eval.sh) and the time from a
# file landing in a watched folder to the watcher sending its article.
set -euo pipefail
cd "$(dirname "$0")/.."
nice -n 10 cargo build --release --examples -q
echo "== watch latency"
./target/release/examples/watch_latency 40
if [[ -n "${EVAL_SCRAPINGHUB:-}${EVAL_TRAFILATURA:-}" ]]; then
  echo "== extraction and load speed"
  tools/extract_eval.sh
else
  echo "(set EVAL_SCRAPINGHUB / EVAL_TRAFILATURA for extraction quality and load speed: see tools/extract_eval.sh)"
fi
