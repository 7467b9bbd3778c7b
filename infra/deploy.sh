#!/usr/bin/env bash
# Deploys TeamsCoordinator to one environment (docs/operations.md, "Deploy"). Needs the Azure CLI, logged in
# (az login) with rights on the resource group, and the .NET 10 SDK.
#   BOT_APP_ID=<entra client id> ALERT_EMAIL=<on-call address> infra/deploy.sh <test|prod> <resource-group> <bootstrap-vault>
# <bootstrap-vault> holds the secret 'postgres-admin-password' (made once by an operator, never in a file).
#   infra/deploy.sh --package-only       only builds artifacts/teamscoordinator-bot.zip (dotnet publish)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
package() {
  rm -rf artifacts/bot && mkdir -p artifacts
  dotnet publish bot/TeamsCoordinator.Bot.csproj -c Release -o artifacts/bot --nologo -v quiet
  (cd artifacts/bot && rm -f ../teamscoordinator-bot.zip && zip -qr ../teamscoordinator-bot.zip .)
  echo "artifacts/teamscoordinator-bot.zip"
}
if [[ "${1:-}" == "--package-only" ]]; then package; exit 0; fi
[[ $# -eq 3 ]] || { sed -n '2,7p' "$0" >&2; exit 2; }
env="$1" group="$2" bootstrap="$3"
: "${BOT_APP_ID:?set BOT_APP_ID to the bot's Entra client id}"
: "${ALERT_EMAIL:?set ALERT_EMAIL to the operators' on-call address}"
export BOT_TENANT_ID="${BOT_TENANT_ID:-$(az account show --query tenantId -o tsv)}"
POSTGRES_ADMIN_PASSWORD=$(az keyvault secret show --vault-name "$bootstrap" --name postgres-admin-password --query value -o tsv)
export POSTGRES_ADMIN_PASSWORD
infra/check.sh
site=$(az deployment group create --resource-group "$group" --name "coordinator-$(date -u +%Y%m%d%H%M%S)" \
  --template-file infra/main.bicep --parameters "infra/env/$env.bicepparam" --query properties.outputs.siteName.value -o tsv)
unset POSTGRES_ADMIN_PASSWORD
zip=$(package | tail -n1)
# Zip deploy restarts the instances one by one behind the health check (/readyz).
az webapp deploy --resource-group "$group" --name "$site" --src-path "$zip" --type zip
echo "deployed to https://$(az webapp show -g "$group" -n "$site" --query defaultHostName -o tsv)"
