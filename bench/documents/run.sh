#!/usr/bin/env bash
# One run, side by side on this machine: our KIP fill (50 effort rows), docxtemplater filling the equivalent
# {placeholder} template with the same data, and the floor (open the template package, parse, save unchanged).
# Usage: bench/documents/run.sh [seconds per contender, default 10]
# Goal (issue 5): ours ≥ 3× docxtemplater, floor/ours ≤ 1.5×. The machine may be shared: compare ratios within a run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seconds="${1:-10}"

[ -d "$here/node_modules/docxtemplater" ] || (cd "$here" && npm ci --no-audit --no-fund >/dev/null)
dotnet build "$here/dotnet/DocumentsBench.csproj" -c Release -v quiet -clp:ErrorsOnly -o "$here/dotnet/out" >/dev/null
bench="$here/dotnet/out/DocumentsBench"
data="$(mktemp)"; trap 'rm -f "$data"' EXIT
"$bench" data 0 "$root" >"$data"

ours=$("$bench" ours "$seconds" "$root")
dxt=$(node "$here/docxtemplater.mjs" "$data" "$seconds")
floor=$("$bench" floor "$seconds" "$root")
printf '%s\n%s\n%s\n' "$ours" "$dxt" "$floor" | awk '{ printf "%-14s %8.1f docs/s  (%d documents in %s s)\n", $1, $2, $3, $4; r[$1]=$2 }
  END { printf "ours/docxtemplater %.1fx (goal >= 3x)\nfloor/ours         %.2fx (goal <= 1.5x)\n", r["ours"]/r["docxtemplater"], r["floor"]/r["ours"] }'
