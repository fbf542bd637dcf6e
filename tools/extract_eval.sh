#!/usr/bin/env bash
# Measures web-page extraction (body F1, metadata, load speed) on public
# evaluation pages that are NOT stored in this repository:
#
#   1. the ScrapingHub article-extraction benchmark (MIT licence): 181 news
#      pages with reference article bodies — its html/ folder and
#      ground-truth.json;
#   2. trafilatura's evaluation set (Apache-2.0): ~1,000 pages of many kinds
#      and languages with snippets that must / must not be extracted and
#      annotated headline and date — its tests/eval/, tests/cache/ and
#      tests/evaldata.json.
#
# Get them with git (or any copy) and point this script at them:
#   EVAL_SCRAPINGHUB=/path/article-extraction-benchmark \
#   EVAL_TRAFILATURA=/path/trafilatura/tests tools/extract_eval.sh
# EVAL_VERBOSE=1 also lists the worst pages.
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
[[ -n "${EVAL_SCRAPINGHUB:-}" ]] && args+=(--scrapinghub "$EVAL_SCRAPINGHUB")
[[ -n "${EVAL_TRAFILATURA:-}" ]] && args+=(--trafilatura "$EVAL_TRAFILATURA")
if [[ ${#args[@]} -eq 0 ]]; then
  echo "set EVAL_SCRAPINGHUB and/or EVAL_TRAFILATURA (see the top of this script)" >&2
  exit 2
fi
exec nice -n 10 cargo run --release --example extract_eval -- "${args[@]}"
