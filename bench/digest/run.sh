#!/usr/bin/env bash
# bench/digest: one run, SQLite and PostgreSQL side by side on this machine (a private PostgreSQL cluster on a free
# loopback port, from Debian's postgresql package, removed afterwards). Per provider: seeds the national-scale
# database, times every coordinator's digest (goal < 5 s), then delivers 2,000 digests through the real outbox to a
# local connector that enforces Teams' limits (50/s per tenant, 7/s per conversation, 429 + Retry-After above them),
# once at the default tenant rate (30/s) and once at the limit (50/s).
# Usage: bench/digest/run.sh [sqlite|postgres|both]   The machine may be shared: say the load average beside figures.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
which="${1:-both}"
dotnet build "$here/DigestBench.csproj" -c Release -v quiet -clp:ErrorsOnly -o "$here/out" >/dev/null
bench="$here/out/DigestBench"
work="$(mktemp -d)"
source "$here/../postgres.sh"
remove_on_exit "$work"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ $which == sqlite || $which == both ]]; then
  (cd "$work" && "$bench" Sqlite "Data Source=$work/digest.db")
fi
if [[ $which == postgres || $which == both ]]; then
  start_postgres "$work/pg"
  (cd "$work" && "$bench" Postgres "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=digestbench;Maximum Pool Size=40")
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
