#!/usr/bin/env bash
# bench/digest: SQLite and PostgreSQL side by side on this machine (a private PostgreSQL cluster on a free loopback
# port, from Debian's postgresql package, removed afterwards). Modes (see Program.cs and README.md):
#   all      seeds the national-scale database, times every coordinator's digest (goal < 5 s), then delivers 2,000 digests
#            (one tenant) through the real outbox to a local connector enforcing Teams' limits
#   compute  the national-scale database, compute only
#   deliver  delivery only: 2,000 digests over three tenants, each with its own 50/s limit (goal >= 90 % of it per tenant)
# Rates: the per-tenant Delivery:TenantMessagesPerSecond of each delivery run (default 30 47).
# Usage: bench/digest/run.sh [sqlite|postgres|both] [all|compute|deliver] [rate...]
# The machine may be shared: run it under `flock /work/bench.lock` and say the load average beside figures.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
which="${1:-both}"
mode="${2:-all}"
shift $(( $# > 2 ? 2 : $# ))
dotnet build "$here/DigestBench.csproj" -c Release -v quiet -clp:ErrorsOnly -o "$here/out" >/dev/null
bench="$here/out/DigestBench"
work="$(mktemp -d)"
source "$here/../postgres.sh"
remove_on_exit "$work"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ $which == sqlite || $which == both ]]; then
  (cd "$work" && "$bench" Sqlite "Data Source=$work/digest.db" "$mode" "$@")
fi
if [[ $which == postgres || $which == both ]]; then
  start_postgres "$work/pg"
  (cd "$work" && "$bench" Postgres "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=digestbench;Maximum Pool Size=40" "$mode" "$@")
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
