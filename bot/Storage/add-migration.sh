#!/usr/bin/env bash
# Adds one EF Core migration for each provider (SQLite and PostgreSQL keep their own migration sets, bound to
# SqliteCoordinatorDb and PostgresCoordinatorDb). Run after changing an entity or its configuration:
#   bot/Storage/add-migration.sh AddMeetings
# then review bot/Storage/Migrations/{Sqlite,Postgres}/*_AddMeetings.cs and commit both.
# Remove the last one again (before it is committed or deployed) with: bot/Storage/add-migration.sh --remove
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
[[ $# -eq 1 ]] || { echo "usage: $0 <MigrationName> | --remove" >&2; exit 2; }
dotnet tool restore >/dev/null
dotnet build bot/TeamsCoordinator.Bot.csproj -v quiet -clp:ErrorsOnly
for provider in Sqlite Postgres; do
  if [[ $1 == --remove ]]; then
    dotnet dotnet-ef migrations remove --no-build --project bot --context "${provider}CoordinatorDb"
  else
    dotnet dotnet-ef migrations add "$1" --no-build --project bot --context "${provider}CoordinatorDb" \
      --output-dir "Storage/Migrations/$provider"
  fi
done
