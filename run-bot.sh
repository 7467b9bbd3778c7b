#!/usr/bin/env bash
# Starts @Koordinator on this machine together with Microsoft 365 Agents Playground, Microsoft's local Teams
# emulator, so you can chat with it in the browser with no cloud account:
#   ./run-bot.sh              bot on http://127.0.0.1:3978 (development mode: anonymous, loopback only, SQLite
#                             in bot/data/), Playground on http://localhost:56150 (opens a browser if it can)
#   ./run-bot.sh --headless   the same without opening a browser
# Ctrl-C stops both. BOT_PORT (default 3978) and PLAYGROUND_PORT (default 56150) move them elsewhere.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
root="$PWD"
browser=1
for arg in "$@"; do
  case "$arg" in
    --headless) browser=0 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

command -v dotnet >/dev/null || { echo "the .NET 10 SDK is missing: https://dotnet.microsoft.com/download" >&2; exit 1; }
command -v node >/dev/null || { echo "Node.js 20+ is missing (Debian: apt-get install -y nodejs npm)" >&2; exit 1; }
tests/e2e/npm-ci-if-needed.sh tests/e2e addin
bot_port="${BOT_PORT:-3978}"
playground_port="${PLAYGROUND_PORT:-56150}"
listening() { node -e 'const s=require("net").connect(+process.argv[1],"127.0.0.1",()=>process.exit(0));s.on("error",()=>process.exit(1))' "$1"; }
if listening "$bot_port"; then
  echo "port $bot_port is already in use (another bot?): stop it, or choose another with BOT_PORT=..." >&2
  exit 1
fi

echo "==> building the Word add-in (served at http://127.0.0.1:$bot_port/addin/, see addin/README.md)"
(cd addin && npm run build --silent >/dev/null)
echo "==> building the bot"
dotnet build bot/TeamsCoordinator.Bot.csproj --nologo -v quiet -clp:ErrorsOnly

bot_pid="" playground_pid=""
stop() {
  trap - INT TERM EXIT
  [[ -n "$playground_pid" ]] && kill "$playground_pid" 2>/dev/null || true
  [[ -n "$bot_pid" ]] && kill "$bot_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

echo "==> starting the bot on http://127.0.0.1:$bot_port/api/messages"
(cd bot && ASPNETCORE_ENVIRONMENT=Development urls="http://127.0.0.1:$bot_port" \
  Bot__PublicBaseUrl="http://127.0.0.1:$bot_port" exec dotnet bin/Debug/net10.0/TeamsCoordinator.Bot.dll) &
bot_pid=$!
until listening "$bot_port"; do
  kill -0 "$bot_pid" 2>/dev/null || { echo "the bot did not start (see above)" >&2; exit 1; }
  sleep 0.5
done

echo "==> starting Microsoft 365 Agents Playground"
export M365_AGENTS_PLAYGROUND_CONFIG_PATH="$root/tests/e2e/playground.yml"
export M365_AGENTS_PLAYGROUND_LOGFILE="$root/devTools/m365agentsplayground.log"
export SEND_INSTALLATION_ACTIVITY=true   # Koordinator greets you when the page opens
(( browser )) || export TEAMSAPPTESTER_BROWSER=none
node tests/e2e/node_modules/@microsoft/m365agentsplayground/cli.js start \
  -e "http://127.0.0.1:$bot_port/api/messages" -c msteams --disable-telemetry -p "$playground_port" &
playground_pid=$!

cat <<TXT

  Open http://localhost:$playground_port (or the port Playground prints, if $playground_port was busy).
  Chat "Personal Chat": type "hjælp". In the team "Psykiatri Nord", channel "Forløb AB": type "@Koordinator hjælp".
  Ctrl-C stops the bot and Playground.

TXT
wait -n "$bot_pid" "$playground_pid" || true
