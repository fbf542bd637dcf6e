#!/usr/bin/env bash
# Time from process start to the dashboard's first frame, and to the end of
# loading, with the 37k-article corpus given on the command line. Runs the
# release binary in a detached tmux terminal (200×60) and reads the timings
# it logs. Usage: bench/first_frame.sh [CORPUS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpora/article_bias_37k.jsonl.gz}
runs=${2:-5}
[ -f "$corpus" ] || { echo "skipping: $corpus not found"; exit 0; }
command -v tmux >/dev/null || { echo "skipping: tmux not installed"; exit 0; }
cargo build --release -q
log=$(mktemp)
for i in $(seq "$runs"); do
  : > "$log"
  tmux new-session -d -s newsdesk-ff -x 200 -y 60 "./target/release/newsdesk --log $log $corpus"
  for _ in $(seq 100); do grep -q "load finished" "$log" 2>/dev/null && break; sleep 0.1; done
  tmux send-keys -t newsdesk-ff q
  sleep 0.3
  tmux kill-session -t newsdesk-ff 2>/dev/null || true
  first=$(grep -o 'since_start_ms=[0-9.]*' "$log" | head -1 | cut -d= -f2)
  done_ms=$(grep "load finished" "$log" | grep -o 'since_start_ms=[0-9.]*' | cut -d= -f2)
  articles=$(grep "load finished" "$log" | grep -o 'articles=[0-9]*' | cut -d= -f2)
  printf 'run %d: first frame %.1f ms, all %s articles loaded %.0f ms\n' "$i" "$first" "$articles" "$done_ms"
done
rm -f "$log"
