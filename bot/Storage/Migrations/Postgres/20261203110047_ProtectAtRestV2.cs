using Microsoft.EntityFrameworkCore.Migrations;
using TeamsCoordinator.Storage;

#nullable disable

namespace TeamsCoordinator.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProtectAtRestV2 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "TaskTitle",
                table: "handovers",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200,
                oldNullable: true);

            // Consent notes, audit details, task titles, outbox JSON and stored files were plaintext: the next start
            // encrypts them (and moves v1 values to v2) before the bot takes traffic.
            ProtectedData.RequestUpgrade(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            ProtectedData.DropUpgradeRequests(migrationBuilder);
            migrationBuilder.AlterColumn<string>(
                name: "TaskTitle",
                table: "handovers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);
        }
    }
}
