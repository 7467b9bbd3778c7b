using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeamsCoordinator.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaseChannelCreationLease : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ChannelCreationLeaseUntil",
                table: "cases",
                type: "INTEGER",
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
