#!/usr/bin/env bash
# Builds and lints the Bicep templates offline (no Azure account): main.bicep to ARM JSON, then each environment's
# parameter file. Any linter or compiler diagnostic fails (bicepconfig.json makes the rules errors).
#   infra/check.sh [path-to-bicep]       default: the Bicep CLI from NuGet (Azure.Bicep.CommandLine.linux-x64)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
bicep="${1:-${BICEP:-}}"
if [[ -z "$bicep" ]]; then
  bicep=$(ls -d "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/azure.bicep.commandline.linux-x64/*/tools/bicep 2>/dev/null | sort -V | tail -n1)
fi
[[ -x "$bicep" ]] || chmod +x "$bicep" 2>/dev/null || { echo "Bicep CLI not found: dotnet restore TeamsCoordinator.sln brings it" >&2; exit 2; }
out="${OUT:-build}"
mkdir -p "$out"
diagnostics=$(mktemp)
trap 'rm -f "$diagnostics"' EXIT
status=0
run() { "$@" >>"$diagnostics" 2>&1 || status=1; }
run "$bicep" lint main.bicep
run "$bicep" build main.bicep --outfile "$out/main.json"
for env in env/*.bicepparam; do
  name=$(basename "$env" .bicepparam)
  # Stand-in values for what deploy.sh reads from the environment at deployment time.
  BOT_APP_ID=00000000-0000-0000-0000-000000000001 BOT_TENANT_ID=00000000-0000-0000-0000-000000000002 \
  POSTGRES_ADMIN_PASSWORD=stand-in-not-a-secret ALERT_EMAIL=operators@example.invalid \
    run "$bicep" build-params "$env" --outfile "$out/$name.parameters.json"
done
if [[ $status -ne 0 || -s "$diagnostics" ]]; then cat "$diagnostics" >&2; exit 1; fi
echo "infra: main.bicep and $(ls env/*.bicepparam | wc -l) parameter files build and lint clean"
