using System.Text;
using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Documents;
using TeamsCoordinator.Tests.Handovers;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Storage;

/// <summary>
/// Issue 15, at rest: after a realistic forløb (identity, consent with a note, a KIP, a task baton declined with a
/// reason, a withdrawal with a reason), no protected column read raw from the database holds plaintext, on SQLite
/// and on PostgreSQL, and nothing else in the database holds the citizen's data either.
/// </summary>
[Collection(nameof(PostgresCollection))]
public sealed class ProtectedAtRestTests(PostgresServer server)
{
    // Every text a person typed carries a marker, so that any copy of it anywhere in the database is found.
    private const string Name = "Anders Borgersen", Cpr = "010190-1234", Address = "Boulevarden 41, 9000 Aalborg", Phone = "61728394",
        Email = "anders.borgersen@example.dk", Note = "NOTE-MARK ring til broren ved indlæggelse", TaskTitle = "TASK-MARK bostøtte efter udskrivning",
        Message = "MESSAGE-MARK udskrives fredag med depotmedicin", DeclineReason = "DECLINE-MARK ingen kapacitet", WithdrawReason = "WITHDRAW-MARK borgeren vil ikke mere";

    private static readonly string[] Secrets = [Name, "Borgersen", Cpr, "0101901234", Address, Phone, Email, "NOTE-MARK", "TASK-MARK", "MESSAGE-MARK", "DECLINE-MARK", "WITHDRAW-MARK"];

    /// <summary>The columns the issue names; <see cref="ProtectedFields"/> must cover at least these.</summary>
    private static readonly (string Table, string Column)[] Expected =
    [
        ("cases", "citizen_name"), ("cases", "citizen_cpr"), ("cases", "citizen_address"), ("cases", "citizen_phone"), ("cases", "citizen_email"),
        ("consents", "Note"), ("stored_files", "Content"), ("handovers", "Message"), ("handovers", "TaskTitle"), ("handovers", "DeclineReason"),
        ("audit_log", "Detail"), ("outbox", "ActivityJson"),
    ];

    [Fact]
    public async Task EveryProtectedColumnReadRawFromSqliteHoldsNoPlaintext()
    {
        await using var s = await HandoverScenario.StartAsync(withDocuments: false);
        await RunForloebAsync(s);
        await AssertNothingReadableAsync(s);
        // The whole database file (and its write-ahead log), every table and index, free pages included.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var files = Directory.GetFiles(s.Bot.DataFolder, "teamscoordinator.db*");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var raw = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file));
            foreach (var secret in Secrets) Assert.False(raw.Contains(secret, StringComparison.Ordinal), $"{Path.GetFileName(file)} holds «{secret}» in clear text");
        }
    }

    [Fact]
    public async Task EveryProtectedColumnReadRawFromPostgresHoldsNoPlaintext()
    {
        var database = "atrest_" + Guid.NewGuid().ToString("N")[..8];
        await using var s = await HandoverScenario.StartAsync(withDocuments: false,
            settings: new() { ["Storage:Provider"] = "Postgres", ["ConnectionStrings:Coordinator"] = server.ConnectionString(database) });
        await RunForloebAsync(s);
        await AssertNothingReadableAsync(s);
        // Every row of every table as PostgreSQL prints it.
        var tables = await s.Bot.WithDbAsync(db => Task.FromResult(db.Model.GetEntityTypes().Select(t => t.GetTableName()!).Distinct().ToList()));
        foreach (var table in tables)
        {
#pragma warning disable EF1002 // table names from the model
            var rows = await s.Bot.WithDbAsync(db => db.Database.SqlQueryRaw<string>($"SELECT t::text AS \"Value\" FROM \"{table}\" t").ToListAsync());
#pragma warning restore EF1002
            foreach (var row in rows)
                foreach (var secret in Secrets) Assert.False(row.Contains(secret, StringComparison.Ordinal), $"{table} holds «{secret}» in clear text");
        }
    }

    /// <summary>The team works: identity filled in, consent with a note, a KIP, a task baton declined with a reason, the consent withdrawn.</summary>
    private static async Task RunForloebAsync(HandoverScenario s)
    {
        await s.Bot.WithDbAsync(async db =>
        {
            var c = await db.Set<CitizenCase>().SingleAsync(x => x.Id == s.CaseId);
            (c.Citizen.FullName, c.Citizen.Cpr, c.Citizen.Address, c.Citizen.Phone, c.Citizen.Email) = (Name, Cpr, Address, Phone, Email);
            return await db.SaveChangesAsync();
        });
        var caseId = s.CaseId.ToString();
        await s.SayAsync(Sofie, "samtykke");
        var consent = await s.ClickAsync(Sofie, "consent.record", new Dictionary<string, string>
        {
            ["caseId"] = caseId, ["consentOrganisations"] = $"{DemoTenants.Aalborg},{DemoTenants.Gp}", ["consentKinds"] = "ContactData,Plans,CrisisPlan,Minutes,HealthDetails",
            ["consentGivenHow"] = "Skriftligt", ["consentNote"] = Note,
        });
        Assert.Equal(System.Net.HttpStatusCode.OK, consent.Status);
        var (_, kip) = await s.MakeAsync(Sofie, DocumentKind.Kip);
        Assert.Contains("KIP version 1", kip.Text);
        var h = await s.OfferAsync(Sofie, "Aalborg Kommune", subject: nameof(HandoverSubject.Task), taskTitle: TaskTitle, message: Message);
        await s.ClickAsync(Lars, HandoverCards.VerbDecline, On(h, ("reason", DeclineReason)));
        await s.ClickAsync(Sofie, "consent.withdraw", new Dictionary<string, string> { ["caseId"] = caseId, ["reason"] = WithdrawReason });
        await s.Bot.WaitForOutboxDrainedAsync();

        // Read back through the application, everything is there in clear.
        var back = await s.CaseAsync();
        Assert.Equal((Name, Cpr, Address, Phone, Email), (back.Citizen.FullName, back.Citizen.Cpr, back.Citizen.Address, back.Citizen.Phone, back.Citizen.Email));
        var declined = await s.HandoverAsync(h.PublicId);
        Assert.Equal((TaskTitle, Message, DeclineReason), (declined.TaskTitle, declined.Message, declined.DeclineReason));
        var audit = await s.Bot.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().ToListAsync());
        Assert.Contains(audit, a => a.Detail == WithdrawReason);
        var file = (await DocumentScenario.FilesAsync(s)).Single(f => f.DocumentKey == "kip");
        Assert.Contains(Name, Docx.BodyText(file.Content));
        Assert.Contains(await s.Bot.OutboxAsync(), m => m.ActivityJson.Contains("KIP version 1"));
    }

    private static async Task AssertNothingReadableAsync(HandoverScenario s)
    {
        var covered = await s.Bot.WithDbAsync(db => Task.FromResult(ProtectedFields.Tables(db.Model)
            .SelectMany(t => t.Columns.Select(c => (t.Table, c.Name))).ToHashSet()));
        foreach (var (table, column) in Expected)
        {
            Assert.Contains((table, column), covered);
            var values = await RawAsync(s.Bot, table, column);
            Assert.True(values.Count > 0, $"the scenario should have stored something in {table}.{column}");
            foreach (var value in values)
            {
                var text = value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : (string)value;
                Assert.StartsWith("v2:1:", text);
                foreach (var secret in Secrets) Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{table}.{column} holds «{secret}»");
                if (value is byte[] content) Assert.False(content is [(byte)'P', (byte)'K', ..], $"{table}.{column} holds a plain .docx (zip)");
            }
        }
    }

    internal static Task<List<object>> RawAsync(Infrastructure.BotApplicationFactory bot, string table, string column) => bot.WithDbAsync(async db =>
    {
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"SELECT \"{column}\" FROM \"{table}\" WHERE \"{column}\" IS NOT NULL";
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<object>();
        while (await reader.ReadAsync()) values.Add(reader.GetValue(0));
        return values;
    });
}
