using Microsoft.EntityFrameworkCore.Migrations;
using TeamsCoordinator.Storage;

#nullable disable

namespace TeamsCoordinator.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProtectAtRestV2 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Consent notes, audit details, task titles, outbox JSON and stored files were plaintext: the next start
            // encrypts them (and moves v1 values to v2) before the bot takes traffic.
            ProtectedData.RequestUpgrade(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            ProtectedData.DropUpgradeRequests(migrationBuilder);
        }
    }
}
