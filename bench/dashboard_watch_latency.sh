#!/usr/bin/env bash
# Time from a file landing in a folder the dashboard watches to the article
# being on the screen: the dashboard runs in tmux (its own server socket, so
# other tmux sessions are left alone) on a copy of the seeds; each round
# writes a new report under a hidden name and renames it into the folder (as
# downloads and `newsdesk fetch` do), then reads the screen every 10 ms until
# the list counts it. Also prints when the dashboard itself showed each one
# (the "live article shown" line of its log), which leaves out tmux.
#
#   bench/dashboard_watch_latency.sh [ROUNDS] [NEWSDESK_BINARY]
#
# Defaults: 20 rounds, target/debug/newsdesk (build it first: cargo build).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-20}"
bin="$(realpath "${2:-${CARGO_TARGET_DIR:-target}/debug/newsdesk}")"
command -v tmux >/dev/null || { echo "needs tmux" >&2; exit 2; }
[[ -x "$bin" ]] || { echo "no binary at $bin (cargo build first)" >&2; exit 2; }

work="$(mktemp -d)"
sock="$work/tmux.sock"
cleanup() { tmux -S "$sock" kill-server 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir "$work/folder"
cp seeds/*.txt "$work/folder/"
tmux -S "$sock" new -d -s bench -x 160 -y 48 \
  "$bin --log $work/log.txt --store $work/review.db $work/folder"

screen() { tmux -S "$sock" capture-pane -p -t bench; }
count() { screen | head -1 | sed -n 's/.*Articles (\([0-9]*\)).*/\1/p'; }
now_ms() { date +%s%3N; }

# wait for the first load, the stories and the watch to be set up
for _ in $(seq 200); do
  [[ "$(count)" == "5" ]] && grep -q "watching" "$work/log.txt" 2>/dev/null && break
  sleep 0.05
done
sleep 2

shown=()
renamed=()
for i in $(seq "$rounds"); do
  n=$(( 5 + i ))
  cat > "$work/.r$i.tmp" <<EOF
Report $i on the flood: the river rose two metres overnight

The river rose two metres overnight and $((i * 10)) families left their homes, the mayor said on Sunday.
Schools in the valley were closed and the main road was cut, officials said.
EOF
  start=$(now_ms)
  mv "$work/.r$i.tmp" "$work/folder/r$i.txt"
  renamed+=( "$start" )
  until [[ "$(count)" == "$n" ]]; do
    sleep 0.01
    if (( $(now_ms) - start > 10000 )); then echo "round $i: not shown within 10 s" >&2; exit 1; fi
  done
  shown+=( $(( $(now_ms) - start )) )
  sleep 0.3
done

tmux -S "$sock" send-keys -t bench q
stats() {
  sort -n | awk '{ v[NR] = $1 } END {
    p = int(NR * 0.95 + 0.5); if (p < 1) p = 1
    printf "median %d ms, p95 %d ms, max %d ms over %d files\n", v[int((NR + 1) / 2)], v[p], v[NR], NR }'
}
echo -n "on the screen (tmux, 10 ms polling): "
printf '%s\n' "${shown[@]}" | stats
# the dashboard's own view: from the rename to the App taking the article
# (watch debounce + load + App), from its log, without tmux
mapfile -t logged < <(grep "live article shown" "$work/log.txt" | cut -d' ' -f1)
if (( ${#logged[@]} == rounds )); then
  echo -n "in the dashboard (its log):           "
  for i in "${!logged[@]}"; do
    echo $(( $(date -d "${logged[$i]}" +%s%3N) - ${renamed[$i]} ))
  done | stats
else
  echo "the log has ${#logged[@]} live articles for $rounds files" >&2
fi
