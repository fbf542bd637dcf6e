#!/usr/bin/env bash
# The dashboard on a large archive, first open (empty analysis cache) and
# reopen (the cache the first run left): when the first frame is drawn, when
# the stories are available, how long a key takes to reach the screen while
# the background analysis runs (list moves, then typing a `/` filter), and
# the peak memory. The dashboard runs in tmux (its own server socket) with
# the debug log on; the key-to-frame figures are the dashboard's own
# ("key to frame" lines: from the input thread reading the key to the frame
# drawn), not tmux's.
#
#   bench/archive_scale.sh [CORPUS] [NEWSDESK_BINARY] [SECONDS_OF_ANALYSIS]
#
# Defaults: ../shared/corpora/article_bias_37k.jsonl.gz, target/release/newsdesk
# (cargo build --release first), 60 s of background analysis per run.
# KEEP_LOGS=DIR keeps each run's dashboard log there.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="$(realpath "${1:-../shared/corpora/article_bias_37k.jsonl.gz}")"
bin="$(realpath "${2:-${CARGO_TARGET_DIR:-target}/release/newsdesk}")"
analysis_secs="${3:-60}"
command -v tmux >/dev/null || { echo "needs tmux" >&2; exit 2; }
[[ -x "$bin" ]] || { echo "no binary at $bin (cargo build --release first)" >&2; exit 2; }
[[ -r "$corpus" ]] || { echo "no corpus at $corpus" >&2; exit 2; }

work="$(mktemp -d)"
sock="$work/tmux.sock"
cleanup() { tmux -S "$sock" kill-server 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir "$work/cache"

now_ms() { date +%s%3N; }
screen() { tmux -S "$sock" capture-pane -p -t bench; }

stats() { # name, values (one per line) → median p95 max
  sort -n | awk -v name="$1" '{v[NR]=$1} END {
    if (NR == 0) { printf "%s: none\n", name; exit }
    p95 = v[int(NR * 0.95 + 0.999)]; if (p95 == "") p95 = v[NR];
    printf "%s: n %d, median %.1f ms, p95 %.1f ms, max %.1f ms\n", name, NR, v[int((NR + 1) / 2)] / 1000, p95 / 1000, v[NR] / 1000 }'
}

run() {
  local label="$1" log="$work/$1.log"
  local start pid frame stories
  start=$(now_ms)
  tmux -S "$sock" new -d -s bench -x 160 -y 48 \
    "NEWSDESK_LOG=info,newsdesk::tui=debug NEWSDESK_CACHE_DIR=$work/cache $bin --log $log --store $work/review.db $corpus"
  # the dashboard logs when the grouped stories reach it (the screen's
  # story column shows numbers for stories of several reports only)
  until grep -q "stories grouped" "$log" 2>/dev/null; do
    sleep 0.05
    if (( $(now_ms) - start > 600000 )); then echo "$label: no stories within 10 min" >&2; exit 1; fi
  done
  stories=$(( $(now_ms) - start ))
  pid=$(pgrep -f -n "$bin --log $log")
  frame=$(sed -n "s/.*first frame drawn.*since_start_ms=\([0-9.]*\).*/\1/p" "$log" | head -1)
  # keys while the analysis runs: moves in the list, then a filter typed
  for _ in $(seq 20); do tmux -S "$sock" send-keys -t bench j; sleep 0.15; done
  local moves_done
  moves_done=$(grep -c "key to frame" "$log" || true)
  tmux -S "$sock" send-keys -t bench /; sleep 0.3
  for c in b o m b i n g; do tmux -S "$sock" send-keys -t bench "$c"; sleep 0.4; done
  tmux -S "$sock" send-keys -t bench Escape; sleep 0.3
  local rest=$(( analysis_secs - ( $(now_ms) - start ) / 1000 ))
  (( rest > 0 )) && sleep "$rest"
  local analysed
  analysed=$(screen | grep -o 'analysing [0-9]*/[0-9]*' | tail -1 || true)
  local rss
  # the peak counts the pages of mapped files (the bodies' spill file, the
  # body index) the process had touched; anonymous and file-backed now apart
  rss=$(awk '/VmHWM/ {h = $2} /RssAnon/ {a = $2} /RssFile/ {f = $2}
    END {printf "%.0f MB (now: anonymous %.0f MB, file-backed %.0f MB)", h / 1024, a / 1024, f / 1024}' "/proc/$pid/status")
  tmux -S "$sock" send-keys -t bench q
  sleep 1
  tmux -S "$sock" kill-server 2>/dev/null || true
  echo "== $label"
  echo "first frame: ${frame:-?} ms after process start"
  echo "stories on screen: $stories ms after launch ($(grep -o 'stories grouped.*ms=[0-9]*' "$log" | head -1 | sed 's/.*ms=/grouping /') ms)"
  grep "key to frame" "$log" | head -n "$moves_done" | sed 's/.*us=\([0-9]*\).*/\1/' | stats "key to frame, list moves (j)"
  grep "key to frame" "$log" | tail -n +"$((moves_done + 1))" | sed 's/.*us=\([0-9]*\).*/\1/' | stats "key to frame, / filter typing"
  echo "  each key (/ b o m b i n g Escape), ms: $(grep "key to frame" "$log" | tail -n +"$((moves_done + 1))" | sed 's/.*us=\([0-9]*\).*/\1/' | awk '{printf "%.1f ", $1 / 1000}')"
  [[ -n "${KEEP_LOGS:-}" ]] && cp "$log" "$KEEP_LOGS/"
  echo "after ${analysis_secs} s: ${analysed:-analysis done}; peak RSS $rss"
  grep -c "" "$log" >/dev/null
}

run first-open
run reopen
ls -la "$work/cache" | awk '/analyses.sqlite$/ {printf "cache file: %.0f MB\n", $5 / 1048576}'
