#!/usr/bin/env bash
# Peak memory and time of `newsdesk list --json` on each hostile input of the
# hardening issue, for one binary (default: target/release/newsdesk).
#   bash bench/hostile_inputs.sh [BINARY]
# Each case runs under a 60 s timeout and a 4 GB address-space cap, so an
# unbounded binary is reported as killed instead of taking the machine.
set -u
BIN=${1:-target/release/newsdesk}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/jsonl" "$T/zero" "$T/fifo" "$T/yaml" "$T/yaml200" "$T/toml"
# 1. a JSON Lines record of 1 GB with no newline (after one good record)
python3 - "$T/jsonl/big.jsonl" <<'PY'
import sys
with open(sys.argv[1], "wb") as f:
    f.write(b'{"text": "A first article. It is short."}\n{"text": "')
    block = b"a" * (1 << 20)
    for _ in range(1024):
        f.write(block)
PY
# 2. a sidecar that is a link to /dev/zero
echo "An article. Two sentences." > "$T/zero/a.txt"; ln -s /dev/zero "$T/zero/a.meta.json"
# 3. a sidecar that is a FIFO
echo "An article. Two sentences." > "$T/fifo/a.txt"; mkfifo "$T/fifo/a.meta.toml"
# 4./5. YAML front matter nested 100k and 200k deep; 6. TOML 100k deep
python3 - "$T" <<'PY'
import sys, os
t = sys.argv[1]
for d, name in [(100_000, "yaml"), (200_000, "yaml200")]:
    open(os.path.join(t, name, "a.md"), "w").write("---\ntitle: " + "[" * d + "x" + "]" * d + "\n---\nBody text. More.\n")
open(os.path.join(t, "toml", "a.md"), "w").write("+++\na = " + "[" * 100_000 + "1" + "]" * 100_000 + "\n+++\nBody text. More.\n")
PY
printf "%-28s %8s %10s %s\n" case seconds "peak MB" outcome
for c in jsonl zero fifo yaml yaml200 toml; do
  start=$(date +%s.%N)
  out=$( (ulimit -v 4194304; timeout 60 /usr/bin/env time -f "%M" "$BIN" list --json --max-file-size 20 "$T/$c" >/dev/null 2>"$T/err"); echo "rc=$?")
  end=$(date +%s.%N)
  rc=${out#rc=}
  kb=$(tail -1 "$T/err" | grep -E '^[0-9]+$' || echo 0)
  case $rc in
    0) what="ok: $(grep -c warning "$T/err") warning(s)";;
    124) what="HUNG (killed at 60 s)";;
    *) what="exit $rc ($(grep -m1 -E 'memory|alloc|panick|error' "$T/err" | cut -c1-60))";;
  esac
  printf "%-28s %8.2f %10.1f %s\n" "$c" "$(echo "$end - $start" | bc)" "$(echo "$kb / 1024" | bc -l)" "$what"
done
