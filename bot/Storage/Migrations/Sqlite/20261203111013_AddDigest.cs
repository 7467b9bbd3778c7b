using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeamsCoordinator.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddDigest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Bulk",
                table: "outbox",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "DiscardAfter",
                table: "outbox",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "digest_claims",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    LocalDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ClaimedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Items = table.Column<int>(type: "INTEGER", nullable: false),
                    Route = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_digest_claims", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "digest_preferences",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    SendAt = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_digest_preferences", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_digest_claims_LocalDate",
                table: "digest_claims",
                column: "LocalDate");

            migrationBuilder.CreateIndex(
                name: "IX_digest_claims_UserId_LocalDate",
                table: "digest_claims",
                columns: new[] { "UserId", "LocalDate" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_digest_preferences_UserId",
                table: "digest_preferences",
                column: "UserId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "digest_claims");

            migrationBuilder.DropTable(
                name: "digest_preferences");

            migrationBuilder.DropColumn(
                name: "Bulk",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "DiscardAfter",
                table: "outbox");
        }
    }
}
