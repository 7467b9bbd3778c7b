using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeamsCoordinator.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddTasks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "TaskId",
                table: "handovers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "tasks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PublicId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    OwnerUserId = table.Column<string>(type: "TEXT", nullable: false),
                    OwnerName = table.Column<string>(type: "TEXT", nullable: false),
                    OwnerOrganisationId = table.Column<string>(type: "TEXT", nullable: false),
                    OwnerSector = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Due = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ReferatFileId = table.Column<long>(type: "INTEGER", nullable: true),
                    AgreementNo = table.Column<int>(type: "INTEGER", nullable: false),
                    MeetingId = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedByName = table.Column<string>(type: "TEXT", nullable: true),
                    DoneAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DoneByUserId = table.Column<string>(type: "TEXT", nullable: true),
                    DoneByName = table.Column<string>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_tasks_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_tasks_stored_files_ReferatFileId",
                        column: x => x.ReferatFileId,
                        principalTable: "stored_files",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_handovers_TaskId",
                table: "handovers",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_tasks_CaseId_State",
                table: "tasks",
                columns: new[] { "CaseId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_OwnerUserId_State",
                table: "tasks",
                columns: new[] { "OwnerUserId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_PublicId",
                table: "tasks",
                column: "PublicId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_tasks_ReferatFileId_AgreementNo",
                table: "tasks",
                columns: new[] { "ReferatFileId", "AgreementNo" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_tasks_State_Due",
                table: "tasks",
                columns: new[] { "State", "Due" });

            migrationBuilder.AddForeignKey(
                name: "FK_handovers_tasks_TaskId",
                table: "handovers",
                column: "TaskId",
                principalTable: "tasks",
                principalColumn: "Id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_handovers_tasks_TaskId",
                table: "handovers");

            migrationBuilder.DropTable(
                name: "tasks");

            migrationBuilder.DropIndex(
                name: "IX_handovers_TaskId",
                table: "handovers");

            migrationBuilder.DropColumn(
                name: "TaskId",
                table: "handovers");
        }
    }
}
