#!/usr/bin/env bash
# Where our bot's CPU goes on one shape of bench/turns: runs bench.js with our bot alone (--only ours, pinned to one
# core as in the bench), samples the bot's on-CPU stacks with perf (JIT frames named through DOTNET_PerfMapEnabled)
# during the measured window, and prints the hottest frames (self time) and the managed frames on most stacks.
# Usage: bench/turns/profile.sh [personal|channel|state] [seconds]   (perf.data and the reports stay in $OUT)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shape="${1:-channel}"
seconds="${2:-10}"
OUT="${OUT:-$(mktemp -d /tmp/bench-turns-profile-XXXX)}"; mkdir -p "$OUT"
command -v perf >/dev/null || { echo "perf (linux-perf) is needed" >&2; exit 1; }
dll="$root/bot/bin/Release/net10.0/TeamsCoordinator.Bot.dll"
[ -f "$dll" ] || dotnet build -c Release "$root/bot" -nologo -v q -clp:ErrorsOnly >&2

# W^X off, no ReadyToRun code and no tiers: every method JIT-compiled fully optimised at once, so every managed frame
# is named in the perf map and the profile is of steady-state code from the first second (without tiered PGO).
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_ReadyToRun=0 DOTNET_TieredCompilation=0 node "$here/bench.js" --our-dll "$dll" --only ours --shapes "$shape" --two-core none \
  --initial-warmup 15 --rounds 1 --warmup 1 --seconds $((seconds + 4)) > "$OUT/bench.txt" 2>&1 &
bench=$!
until grep -q '^pids:' "$OUT/bench.txt" 2>/dev/null; do sleep 0.5; kill -0 $bench 2>/dev/null || { cat "$OUT/bench.txt"; exit 1; }; done
pid=$(sed -n 's/^pids: ours \([0-9]*\),.*/\1/p' "$OUT/bench.txt")
sleep 17 # the warm-up, and a second into the measured round
perf record -F 999 -g -p "$pid" -o "$OUT/perf.data" -- sleep "$seconds" 2>/dev/null
wait $bench || true
set +o pipefail
cat "$OUT/bench.txt" | grep -v '^|'
perf report -i "$OUT/perf.data" --stdio --no-children -g none --sort dso,sym 2>/dev/null | grep -v '^#' | grep '%' | head -60 > "$OUT/self.txt"
perf report -i "$OUT/perf.data" --stdio --children -g none --sort sym 2>/dev/null | grep -v '^#' | grep '%' | grep -v '\[k\]' | head -120 > "$OUT/children.txt"
echo "--- self (top 60): $OUT/self.txt"; cat "$OUT/self.txt"
echo "--- inclusive (top 120): $OUT/children.txt"; cat "$OUT/children.txt"
