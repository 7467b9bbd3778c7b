using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeamsCoordinator.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CaseChannelCreationLease : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ChannelCreationLeaseUntil",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ChannelCreationLeaseUntil",
                table: "cases");
        }
    }
}
