#!/usr/bin/env bash
# Where instance A's CPU goes while bench/load drives one kind (or the mix): runs run.sh with the JIT's perf map on
# (every managed frame named; no ReadyToRun code, every method compiled fully optimised at once, as
# bench/turns/profile.sh does), samples instance A's on-CPU stacks with perf during the measured run, and prints the
# hottest frames (self time) and the managed frames on most stacks (inclusive).
# Usage: bench/load/profile.sh KIND [seconds] [run.sh options…]   e.g. bench/load/profile.sh dokument 20 --rate 30
#        (options given win over the defaults: 20 requests/s, 30 s warm-up at that rate, no kill)
#        (KIND: hjælp | status | "ny borger" | stafet | dokument | mix; perf.data and the reports stay in $OUT)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
kind="${1:?KIND}"; seconds="${2:-20}"; shift $(( $# >= 2 ? 2 : 1 ))
OUT="${OUT:-$(mktemp -d /tmp/bench-load-profile-XXXX)}"; mkdir -p "$OUT"
command -v perf >/dev/null || { echo "perf (linux-perf) is needed" >&2; exit 1; }
only=(); [[ "$kind" != mix ]] && only=(--only "$kind")
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_ReadyToRun=0 DOTNET_TieredCompilation=0 \
  "$here/run.sh" "${only[@]}" "$@" --rate 20 --warmup-rate 20 --kill-at 0 --seconds $((seconds + 10)) --warmup 30 > "$OUT/run.txt" 2>&1 &
run=$!
until grep -q '^measuring' "$OUT/run.txt" 2>/dev/null; do sleep 0.5; kill -0 $run 2>/dev/null || { cat "$OUT/run.txt"; exit 1; }; done
pid=$(sed -n 's/^pids: instance A \([0-9]*\),.*/\1/p' "$OUT/run.txt")
sleep 5
perf record -F 999 -g -p "$pid" -o "$OUT/perf.data" -- sleep "$seconds" 2>/dev/null
wait $run || true
set +o pipefail
cat "$OUT/run.txt"
perf report -i "$OUT/perf.data" --stdio --no-children -g none --sort dso,sym 2>/dev/null | grep -v '^#' | grep '%' | head -60 > "$OUT/self.txt"
perf report -i "$OUT/perf.data" --stdio --children -g none --sort sym 2>/dev/null | grep -v '^#' | grep '%' | grep -v '\[k\]' | head -150 > "$OUT/children.txt"
echo "--- self (top 60): $OUT/self.txt"; cat "$OUT/self.txt"
echo "--- inclusive (top 150): $OUT/children.txt"; cat "$OUT/children.txt"
