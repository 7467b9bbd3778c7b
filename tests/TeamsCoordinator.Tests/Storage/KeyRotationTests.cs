using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tests.Documents;
using TeamsCoordinator.Tests.Handovers;
using TeamsCoordinator.Tests.Infrastructure;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Storage;

/// <summary>
/// Issue 15 point 6: keys carry an id, a new key reads what the old one sealed while the old one is configured as a
/// previous key, rotate-key re-encrypts everything, and then the old key can go. Data from before (the v1 format,
/// and plaintext in columns protected since) is re-encrypted at the first start.
/// </summary>
public sealed class KeyRotationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tc-rotate-").FullName;
    private readonly string _old = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _new = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }

    private Dictionary<string, string?> Keys(string key, string id, params (string Id, string Key)[] previous)
    {
        var settings = new Dictionary<string, string?> { ["Storage:DataFolder"] = _folder, ["Protection:Key"] = key, ["Protection:KeyId"] = id };
        foreach (var (oldId, oldKey) in previous) settings[$"Protection:PreviousKeys:{oldId}"] = oldKey;
        return settings;
    }

    private async Task<(int Exit, string Output)> RotateAsync(params string[] settings)
    {
        SqliteConnection.ClearAllPools();
        var output = new StringWriter();
        var exit = await KeyRotationCommand.RunAsync([$"--Storage:DataFolder={_folder}", .. settings], output);
        return (exit, output.ToString());
    }

    private static async Task<List<string>> ProtectedValuesAsync(BotApplicationFactory bot)
    {
        var columns = await bot.WithDbAsync(db => Task.FromResult(ProtectedFields.Tables(db.Model).SelectMany(t => t.Columns.Select(c => (t.Table, c.Name))).ToList()));
        var all = new List<string>();
        foreach (var (table, column) in columns)
            all.AddRange((await ProtectedAtRestTests.RawAsync(bot, table, column)).Select(v => v is byte[] b ? System.Text.Encoding.ASCII.GetString(b, 0, Math.Min(b.Length, 8)) : (string)v));
        return all;
    }

    [Fact]
    public async Task RotateKeyReEncryptsWithTheNewKeyAndThenTheOldKeyCanBeRemoved()
    {
        // Data sealed by key "a": the seeded forløb, its documents, a KIP, audit rows, outbox rows.
        await using (var a = await HandoverScenario.StartAsync(settings: Keys(_old, "a")))
        {
            await a.MakeAsync(Sofie, DocumentKind.Kip);
            await a.Bot.WaitForOutboxDrainedAsync();
            Assert.All(await ProtectedValuesAsync(a.Bot), v => Assert.StartsWith("v2:a:", v));
        }

        // Key "b" is current; "a" is still configured as a previous key: old data reads, new data is sealed by "b".
        using (var both = new BotApplicationFactory { Settings = Keys(_new, "b", ("a", _old)) })
        {
            var c = await both.WithDbAsync(db => db.Set<CitizenCase>().AsNoTracking().SingleAsync());
            Assert.Equal("Anders Borgersen", c.Citizen.FullName);
            var values = await ProtectedValuesAsync(both);
            Assert.Contains(values, v => v.StartsWith("v2:a:"));
        }

        // Without the previous key, rotation cannot open the old values: it says so and changes nothing.
        var (refused, refusal) = await RotateAsync($"--Protection:Key={_new}", "--Protection:KeyId=b");
        Assert.Equal(1, refused);
        Assert.Contains("cases.citizen_name #", refusal);

        var (exit, output) = await RotateAsync($"--Protection:Key={_new}", "--Protection:KeyId=b", $"--Protection:PreviousKeys:a={_old}");
        Assert.True(exit == 0, output);
        Assert.Contains("0 unreadable", output);
        Assert.Contains("Protection:PreviousKeys can be removed", output);

        // Key "a" removed: everything still reads, and every value names key "b".
        using var after = new BotApplicationFactory { Settings = Keys(_new, "b") };
        Assert.All(await ProtectedValuesAsync(after), v => Assert.StartsWith("v2:b:", v));
        var c2 = await after.WithDbAsync(db => db.Set<CitizenCase>().AsNoTracking().SingleAsync());
        Assert.Equal(("Anders Borgersen", "010190-1234"), (c2.Citizen.FullName, c2.Citizen.Cpr));
        var kip = await after.WithDbAsync(db => db.Set<StoredFile>().AsNoTracking().Where(f => f.DocumentKey == "kip").OrderBy(f => f.Id).ToListAsync());
        Assert.Contains(kip, f => f.Content.Length > 3 && Docx.BodyText(f.Content).Contains("Anders Borgersen"));
        var audit = await after.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().ToListAsync());
        Assert.Contains(audit, a => a.Action == "document.create" && a.Detail?.StartsWith("kip v2") == true);

        // A second rotation finds nothing to do.
        var (again, second) = await RotateAsync($"--Protection:Key={_new}", "--Protection:KeyId=b");
        Assert.Equal(0, again);
        Assert.Contains("0 values re-encrypted", second);
    }

    [Fact]
    public async Task DataFromBeforeV2IsReEncryptedAtTheFirstStart()
    {
        var key = Convert.FromBase64String(_old);
        long caseId;
        await using (var s = await HandoverScenario.StartAsync(settings: Keys(_old, "1")))
        {
            caseId = s.CaseId;
            // As an older version left it: the identity in v1, the consent note and a document in plaintext; the migration that protected them asks for the upgrade.
            await s.Bot.WithDbAsync(async db =>
            {
                await db.Database.ExecuteSqlRawAsync("UPDATE cases SET citizen_name = {0} WHERE \"Id\" = {1}", FieldBindingV1(key), caseId);
                await db.Database.ExecuteSqlRawAsync("UPDATE consents SET \"Note\" = 'Gammel note om broren'");
                await db.Database.ExecuteSqlRawAsync("UPDATE stored_files SET \"Content\" = {0} WHERE \"DocumentKey\" = 'kip'", "PK-plain-document"u8.ToArray());
                return await db.Database.ExecuteSqlRawAsync("INSERT INTO protection_upgrade (requested) VALUES (1)");
            });
        }

        using var bot = new BotApplicationFactory { Settings = Keys(_old, "1") };
        Assert.All(await ProtectedValuesAsync(bot), v => Assert.StartsWith("v2:1:", v));
        var c = await bot.WithDbAsync(db => db.Set<CitizenCase>().AsNoTracking().SingleAsync(x => x.Id == caseId));
        Assert.Equal("Anders fra v1", c.Citizen.FullName);
        var consent = await bot.WithDbAsync(db => db.Set<Consent>().AsNoTracking().SingleAsync());
        Assert.Equal("Gammel note om broren", consent.Note);
        var kip = await bot.WithDbAsync(db => db.Set<StoredFile>().AsNoTracking().SingleAsync(f => f.DocumentKey == "kip"));
        Assert.Equal("PK-plain-document"u8.ToArray(), kip.Content);
        Assert.Equal(0, await bot.WithDbAsync(db => db.Database.SqlQueryRaw<int>("SELECT count(*) AS \"Value\" FROM protection_upgrade").SingleAsync()));
    }

    private static string FieldBindingV1(byte[] key) => ProtectedFieldBindingTests.V1(key, "Anders fra v1");
}
