#!/usr/bin/env bash
# Builds the Teams app package manifest/build/TeamsCoordinator.zip (manifest.json, color.png, outline.png).
# Placeholders ${{NAME}} in manifest.json are filled from the environment:
#   BOT_APP_ID      the Azure Bot's Microsoft App ID (default: the development id, not a real registration)
#   TEAMS_APP_ID    the Teams app's own id (default: TeamsCoordinator's fixed id; change it per organisation)
#   PUBLISHER_NAME  shown in Teams as the developer (default: TeamsCoordinator)
#   PUBLISHER_URL   https site with /privatliv and /vilkaar pages (default: a placeholder)
#   MANIFEST_OUT    output folder (default: manifest/build)
# Validate the result with: node tests/e2e/validate-manifest.mjs manifest/build/package/manifest.json manifest/build/TeamsCoordinator.zip
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

export BOT_APP_ID="${BOT_APP_ID:-00000000-0000-0000-0000-000000000011}"
export TEAMS_APP_ID="${TEAMS_APP_ID:-f62794b4-494e-46a9-8cbe-6463fed15fb0}"
export PUBLISHER_NAME="${PUBLISHER_NAME:-TeamsCoordinator}"
export PUBLISHER_URL="${PUBLISHER_URL:-https://teamscoordinator.example}"

guid='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
for name in BOT_APP_ID TEAMS_APP_ID; do
  [[ "${!name}" =~ $guid ]] || { echo "build.sh: $name must be a GUID, got '${!name}'" >&2; exit 1; }
done
[[ "$PUBLISHER_URL" == https://* ]] || { echo "build.sh: PUBLISHER_URL must start with https://" >&2; exit 1; }
command -v zip >/dev/null || { echo "build.sh: 'zip' is missing: apt-get install -y zip" >&2; exit 1; }

out="${MANIFEST_OUT:-$here/build}"
rm -rf "$out/package" "$out/TeamsCoordinator.zip"
mkdir -p "$out/package"

# Replace ${{NAME}} with the variable's value; any placeholder left over is an error.
node - "$here/manifest.json" "$out/package/manifest.json" <<'JS'
const fs = require("fs");
const [from, to] = process.argv.slice(2);
const text = fs.readFileSync(from, "utf8").replace(/\$\{\{([A-Z_]+)\}\}/g, (_, name) => process.env[name] ?? `\${{${name}}}`);
if (text.includes("${{")) { console.error("build.sh: unreplaced placeholder in manifest.json"); process.exit(1); }
fs.writeFileSync(to, text);
JS
cp "$here/color.png" "$here/outline.png" "$out/package/"

# -X: no extra file attributes; -D: no directory entries. Teams wants the three files at the zip's root.
mkdir -p "$out" && out="$(cd "$out" && pwd)"
(cd "$out/package" && zip -q -X -D "$out/TeamsCoordinator.zip" manifest.json color.png outline.png)
echo "$out/TeamsCoordinator.zip (bot $BOT_APP_ID)"
