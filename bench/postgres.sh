# Sourced by the benchmarks: a private PostgreSQL cluster from Debian's postgresql package, on a free loopback port,
# in a folder of its own (removed by the caller's cleanup). initdb refuses root, so the server runs as postgres then.
#   start_postgres DIR        sets PG_PORT and PG_STOP (the command that stops it); PG_SERVER_OPTIONS adds server options ("-c name=value …")
start_postgres() {
  local dir="$1" bin
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  mkdir -p "$dir"
  local as=""
  if [[ $(id -u) == 0 ]]; then chown postgres "$(dirname "$dir")" "$dir"; as="runuser -u postgres --"; fi
  $as "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-locale >/dev/null
  $as "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $PG_PORT -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 ${PG_SERVER_OPTIONS:-}" start >/dev/null
  PG_STOP="$as $bin/pg_ctl -D $dir/data -m immediate stop"
}
#   remove_on_exit DIR [CMD]  when the script exits: runs CMD (e.g. kills what uses the server), stops the server (if
#                             one was started) and removes DIR
remove_on_exit() {
  BENCH_WORK="$1"
  BENCH_BEFORE_EXIT="${2:-}"
  PG_STOP=""
  trap 'if [[ -n "$BENCH_BEFORE_EXIT" ]]; then $BENCH_BEFORE_EXIT || true; fi; if [[ -n "$PG_STOP" ]]; then $PG_STOP >/dev/null 2>&1 || true; fi; rm -rf "$BENCH_WORK"' EXIT
}
