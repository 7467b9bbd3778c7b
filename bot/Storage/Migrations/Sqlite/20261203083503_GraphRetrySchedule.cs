using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeamsCoordinator.Storage.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ChannelOperation",
                table: "cases",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ChannelProblem",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ChannelRetryAt",
                table: "cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ChannelRetryAt",
                table: "case_members",
                type: "INTEGER",
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
