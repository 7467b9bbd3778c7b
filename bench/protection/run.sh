#!/usr/bin/env bash
# bench/protection: sealing an outbox row's activity JSON against serialising it alone (see Program.cs).
#   bench/protection/run.sh [SECONDS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dotnet build "$here/ProtectionBench.csproj" -c Release -v quiet -clp:ErrorsOnly -o "$here/out" >/dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$here/out/ProtectionBench" "${1:-3}"
