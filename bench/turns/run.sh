#!/usr/bin/env bash
# bench/turns: TeamsCoordinator against a minimal botbuilder 4.23 bot, a `hjælp` turn end to end, side by side.
# Builds our bot in Release, installs the botbuilder bot's locked packages, then runs bench.js (about 2½ minutes).
# Options go to bench.js: --concurrency 32 --rounds 3 --initial-warmup 20 --warmup 2 --seconds 10 --keep
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

echo "building bot (Release)…" >&2
dotnet build -c Release "$root/bot" -nologo -v q -clp:ErrorsOnly >&2

if [ ! -d "$here/botbuilder-bot/node_modules/botbuilder" ]; then
  echo "installing botbuilder-bot packages (npm ci)…" >&2
  (cd "$here/botbuilder-bot" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

exec node "$here/bench.js" --our-dll "$root/bot/bin/Release/net10.0/TeamsCoordinator.Bot.dll" "$@"
