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
cleanup() {
  if [[ -f "$work/pg/data/postmaster.pid" ]]; then $pgrun "$pgbin/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ $which == sqlite || $which == both ]]; then
  (cd "$work" && "$bench" Sqlite "Data Source=$work/digest.db")
fi
if [[ $which == postgres || $which == both ]]; then
  pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  mkdir -p "$work/pg"
  pgrun=""
  if [[ $(id -u) == 0 ]]; then chown postgres "$work" "$work/pg"; pgrun="runuser -u postgres --"; fi
  $pgrun "$pgbin/initdb" -D "$work/pg/data" -A trust -U postgres -E UTF8 --no-locale >/dev/null
  $pgrun "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o "-p $port -k $work/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  (cd "$work" && "$bench" Postgres "Host=127.0.0.1;Port=$port;Username=postgres;Database=digestbench;Maximum Pool Size=40")
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
