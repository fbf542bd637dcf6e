#!/usr/bin/env bash
# `newsdesk stories --json` on a large archive: first run (an empty analysis
# cache), then a reopen (the cache the first left), with wall time and peak
# RSS of each, and a check that both give the same stories.
#
#   bench/stories_scale.sh [CORPUS] [NEWSDESK_BINARY]
#
# Defaults: ../shared/corpora/article_bias_37k.jsonl.gz, target/release/newsdesk
# (cargo build --release first). A synthetic archive of any size:
#   python3 tools/gen_archive.py 1000000 /tmp/arch1m.jsonl
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="$(realpath "${1:-../shared/corpora/article_bias_37k.jsonl.gz}")"
bin="$(realpath "${2:-${CARGO_TARGET_DIR:-target}/release/newsdesk}")"
[[ -x "$bin" ]] || { echo "no binary at $bin (cargo build --release first)" >&2; exit 2; }
[[ -r "$corpus" ]] || { echo "no corpus at $corpus" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for run in first reopen; do
  NEWSDESK_CACHE_DIR="$work/cache" /usr/bin/time -f "$run: %e s, peak RSS %M KB" \
    "$bin" stories --json --quiet "$corpus" > "$work/$run.json" 2> "$work/$run.err" \
    || { cat "$work/$run.err" >&2; exit 1; }
  tail -1 "$work/$run.err"
done
python3 - "$work/first.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["stories"]
print(f"{sum(len(x['articles']) for x in s)} articles in {len(s)} stories, "
      f"{sum(1 for x in s if len(x['articles']) > 1)} with several reports")
PY
cmp -s "$work/first.json" "$work/reopen.json" && echo "same stories from the cache" \
  || { echo "the reopen gave other stories" >&2; exit 1; }
