#!/usr/bin/env bash
# bench/load: two instances of the bot (Release) on one PostgreSQL (a private cluster from Debian's package) behind a
# round-robin forwarder, driven at a fixed rate by a mix of real turns against a local connector; one instance is
# killed with SIGKILL half-way; then the database and the connector are checked (one baton holder per forløb, no
# handover accepted twice, every outbox message sent exactly once, no 5xx). Exit code 1 when a check fails.
# Usage: bench/load/run.sh [--rate 200] [--seconds 120] [--kill-at 60 | --kill-at 0] [--logs DIR] [--only KIND] [--sql-stats]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$here/../postgres.sh"
echo "building the bot and the load generator (Release)…" >&2
dotnet build -c Release "$root/bot" -nologo -v q -clp:ErrorsOnly >&2
dotnet build "$here/LoadBench.csproj" -c Release -v quiet -clp:ErrorsOnly -o "$here/out" >/dev/null
work="$(mktemp -d)"
remove_on_exit "$work"
# --sql-stats: pg_stat_statements loaded, and the statements of the measured run printed per answered request.
if printf '%s\n' "$@" | grep -qx -- --sql-stats; then PG_SERVER_OPTIONS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"; fi
start_postgres "$work/pg"
"$here/out/LoadBench" --bot-dll "$root/bot/bin/Release/net10.0/TeamsCoordinator.Bot.dll" \
  --postgres "Host=127.0.0.1;Port=$PG_PORT;Username=postgres" --postgres-data "$work/pg/data" "$@"
