#!/usr/bin/env bash
# bench/turns: TeamsCoordinator against a minimal botbuilder 4.23 bot, Teams turns end to end, each bot alone on one
# core (taskset), three activity shapes, the ASP.NET Core floor (floor/) on the channel shape, then the two-core figure; the whole table in about 7 minutes (--quick: about 3).
# Builds our bot in Release, installs the botbuilder bot's locked packages, then runs bench.js.
# Options go to bench.js: --quick --rounds 2 --seconds 5 --warmup 1 --initial-warmup 90 --shapes personal,channel,state
#                         --two-core personal,channel|none --concurrency 32 --keep
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

command -v taskset >/dev/null || { echo "taskset (util-linux) is needed to pin the bots to one core" >&2; exit 1; }
echo "building bot (Release)…" >&2
dotnet build -c Release "$root/bot" -nologo -v q -clp:ErrorsOnly >&2
dotnet build -c Release "$here/floor" -nologo -v q -clp:ErrorsOnly >&2

if [ ! -d "$here/botbuilder-bot/node_modules/botbuilder" ]; then
  echo "installing botbuilder-bot packages (npm ci)…" >&2
  (cd "$here/botbuilder-bot" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

echo "uptime: $(uptime)" >&2
exec node "$here/bench.js" --our-dll "$root/bot/bin/Release/net10.0/TeamsCoordinator.Bot.dll" \
  --floor-dll "$here/floor/bin/Release/net10.0/AspNetCoreFloor.dll" "$@"
