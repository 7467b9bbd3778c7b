#!/usr/bin/env bash
# bench/load: two instances of the bot (Release) on one PostgreSQL (a private cluster from Debian's package), round
# robin per request, driven at a fixed rate by a mix of real turns against a local connector; one instance is
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
# However the run ends (its end, a failed check, an exception, Ctrl-C, SIGTERM, the generator killed with SIGKILL),
# nothing it started stays: the generator is asked to stop (it kills its instances), then the instances whose pids
# it wrote are killed in case it could not, then the cluster is stopped.
bench=""
stop_run() {
  if [[ -n "$bench" ]] && kill -TERM "$bench" 2>/dev/null; then
    for _ in $(seq 50); do kill -0 "$bench" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$bench" 2>/dev/null || true
  fi
  if [[ -f "$work/pids" ]]; then
    while read -r pid; do
      if grep -qa TeamsCoordinator.Bot.dll "/proc/$pid/cmdline" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    done < "$work/pids"
  fi
}
remove_on_exit "$work" stop_run
# --sql-stats: pg_stat_statements loaded, and the statements of the measured run printed per answered request.
if printf '%s\n' "$@" | grep -qx -- --sql-stats; then PG_SERVER_OPTIONS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"; fi
start_postgres "$work/pg"
# In the background, so that a signal is handled at once (bash runs a trap only after a foreground child exits):
# SIGINT, SIGTERM and SIGHUP are passed on to the generator as SIGTERM. (The generator itself stops the cluster and
# its instances when this script dies by SIGKILL.)
"$here/out/LoadBench" --bot-dll "$root/bot/bin/Release/net10.0/TeamsCoordinator.Bot.dll" --pid-file "$work/pids" \
  --postgres "Host=127.0.0.1;Port=$PG_PORT;Username=postgres" --postgres-data "$work/pg/data" "$@" &
bench=$!
trap 'kill -TERM "$bench" 2>/dev/null || true' INT TERM HUP
while kill -0 "$bench" 2>/dev/null; do wait "$bench" || true; done
status=0
wait "$bench" || status=$?
bench=""
exit "$status"
