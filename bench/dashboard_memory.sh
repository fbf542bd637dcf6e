#!/usr/bin/env bash
# The dashboard's memory on a large archive over time: it runs in tmux (its
# own server socket) on the corpus for SECONDS, and its resident memory
# (VmRSS) and peak (VmHWM) are read from /proc every 3 s, beside the log's
# milestones (load finished, stories grouped, claims of the largest stories
# compared). With a CACHE_DIR that a run filled before, this is a reopen;
# without one, a fresh cache (first open: every article analysed).
#
#   bench/dashboard_memory.sh [CORPUS] [NEWSDESK_BINARY] [SECONDS] [CACHE_DIR]
#
# Defaults: ../shared/corpora/article_bias_37k.jsonl.gz,
# target/release/newsdesk (cargo build --release first), 120 s, a fresh
# temporary cache.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="$(realpath "${1:-../shared/corpora/article_bias_37k.jsonl.gz}")"
bin="$(realpath "${2:-${CARGO_TARGET_DIR:-target}/release/newsdesk}")"
secs="${3:-120}"
command -v tmux >/dev/null || { echo "needs tmux" >&2; exit 2; }
[[ -x "$bin" ]] || { echo "no binary at $bin (cargo build --release first)" >&2; exit 2; }
[[ -r "$corpus" ]] || { echo "no corpus at $corpus" >&2; exit 2; }

work="$(mktemp -d)"
sock="$work/tmux.sock"
cleanup() { tmux -S "$sock" kill-server 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
cache="${4:-$work/cache}"
mkdir -p "$cache"
log="$work/log"

tmux -S "$sock" new -d -s bench -x 160 -y 48 \
  "NEWSDESK_LOG=info NEWSDESK_CACHE_DIR=$cache $bin --log $log --store $work/review.db $corpus"
pid=""
for _ in $(seq 100); do
  pid=$(pgrep -f -n "$bin --log $log" || true)
  [[ -n "$pid" ]] && break
  sleep 0.05
done
[[ -n "$pid" ]] || { echo "the dashboard did not start" >&2; exit 1; }
mb() { awk -v k="$1" '$1 == k":" { printf "%d", $2 / 1024 }' "/proc/$pid/status"; }
# anon: memory the process holds; file: pages of files it has mapped (the
# bodies' spill file, the body index), which the kernel takes back at will
echo "seconds  rss_mb  peak_mb  anon_mb  file_mb"
peak=0
anon_peak=0
for ((t = 3; t <= secs; t += 3)); do
  sleep 3
  [[ -r "/proc/$pid/status" ]] || { echo "the dashboard ended" >&2; break; }
  rss=$(mb VmRSS); peak=$(mb VmHWM); anon=$(mb RssAnon); file=$(mb RssFile)
  (( anon > anon_peak )) && anon_peak=$anon
  printf "%7d  %6d  %7d  %7d  %7d\n" "$t" "$rss" "$peak" "$anon" "$file"
done
echo "peak RSS: ${peak} MB after ${secs} s (anonymous memory at most ${anon_peak} MB, sampled every 3 s)"
grep -E "load finished|stories grouped|claims compared" "$log" | sed 's/^[^ ]* *INFO //' || true
