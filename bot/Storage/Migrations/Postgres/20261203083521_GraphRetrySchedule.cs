using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeamsCoordinator.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class GraphRetrySchedule : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ChannelBotPending",
                table: "cases",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ChannelOperation",
                table: "cases",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ChannelProblem",
                table: "cases",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ChannelRetryAt",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ChannelRetryAt",
                table: "case_members",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ChannelBotPending",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ChannelOperation",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ChannelProblem",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ChannelRetryAt",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ChannelRetryAt",
                table: "case_members");
        }
    }
}
