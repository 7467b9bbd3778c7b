#!/usr/bin/env bash
# One run, side by side on this machine: SlotSearch against a naive search (12 people, 3 tenants, 10 working days,
# 15-minute grid), then the Graph getSchedule calls per tenant against a naive one-request-per-person client.
# Usage: bench/meetings/run.sh [seconds per contender, default 5]
# Goal (issue 9): < 5 ms per search; ceil(people/20) calls per tenant. The machine may be shared: compare within a run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dotnet build "$here/MeetingsBench.csproj" -c Release -v quiet -clp:ErrorsOnly -o "$here/out" >/dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$here/out/MeetingsBench" "${1:-5}"
