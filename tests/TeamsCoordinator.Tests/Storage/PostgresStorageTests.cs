using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tests.Cases;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Storage;

/// <summary>The same forløb flows on PostgreSQL, the production store with several bot instances.</summary>
[Collection(nameof(PostgresCollection))]
public sealed class PostgresStorageTests(PostgresServer server) : IDisposable
{
    private readonly List<BotApplicationFactory> _bots = [];
    // The instances of one deployment share its protection key.
    private readonly string _key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    public void Dispose() { foreach (var b in _bots) b.Dispose(); }

    private BotApplicationFactory Bot(string database)
    {
        var bot = new BotApplicationFactory { Settings = { ["Storage:Provider"] = "Postgres", ["ConnectionStrings:Coordinator"] = server.ConnectionString(database), ["Protection:Key"] = _key } };
        _bots.Add(bot);
        return bot;
    }

    [Fact]
    public async Task AForloebIsCreatedAndReadBackWithEncryptedIdentityOnPostgres()
    {
        var bot = Bot("forloeb_" + Guid.NewGuid().ToString("N")[..8]);
        var c = await CaseScenario.CreateAsync(bot);
        var reply = await CaseScenario.SayInChannelAsync(bot, c, DemoPeople.Lars, "status");
        Assert.Contains("Status: forløb AB · F-2026-0042", CaseScenario.Texts(reply.Body));
        Assert.True(await bot.WithDbAsync(db => Task.FromResult(db.Database.IsNpgsql())));
        var stored = await bot.WithDbAsync(db => db.Database.SqlQueryRaw<string>("SELECT citizen_name AS \"Value\" FROM cases").ToListAsync());
        Assert.All(stored, v => Assert.StartsWith("v2:", v));
    }

    [Fact]
    public async Task ProtectedRowsAddedAtOnceByManyTurnsGetDistinctIds()
    {
        // Ids of tables with protected data come in blocks from the table's sequence, fetched outside the counter's
        // lock: turns that run out at the same moment each fetch a block of their own, and no id is handed out twice.
        var bot = Bot("rowids_" + Guid.NewGuid().ToString("N")[..8]);
        await bot.WithDbAsync(db => db.Set<AuditEntry>().CountAsync()); // started (and seeded) once, before the turns
        await Task.WhenAll(Enumerable.Range(0, 8).Select(n => Task.Run(() => bot.WithDbAsync(async db =>
        {
            for (var i = 0; i < 300; i++)
                db.Add(new AuditEntry { At = DateTimeOffset.UtcNow, ActorUserId = $"turn-{n}", Action = "test.row", Detail = $"{n}/{i}" });
            return await db.SaveChangesAsync();
        }))));
        var ids = await bot.WithDbAsync(db => db.Set<AuditEntry>().Where(a => a.Action == "test.row").Select(a => a.Id).ToListAsync());
        Assert.Equal(2400, ids.Count);
        Assert.Equal(2400, ids.Distinct().Count());
    }

    [Fact]
    public async Task TwoBotInstancesOnOneDatabaseSendEachOutboxMessageOnce()
    {
        var database = "outbox_" + Guid.NewGuid().ToString("N")[..8];
        var first = Bot(database);
        var c = await CaseScenario.CreateAsync(first);
        var second = Bot(database);
        // Stored replies, as a state-changing turn leaves them (a read-only turn such as hjælp sends its answer directly).
        for (var i = 0; i < 20; i++)
        {
            using var scope = (i % 2 == 0 ? first : second).Services.CreateScope();
            scope.ServiceProvider.GetRequiredService<Outbox>().Enqueue(OutboxKind.SendToConversation, TeamsActivities.ServiceUrl,
                TeamsCoordinator.BotFramework.Activity.Message($"Koordinator: hjælp {i}"), $"test:two-instances:{i}", conversationId: c.ChannelId);
            await scope.ServiceProvider.GetRequiredService<CoordinatorDb>().SaveChangesAsync();
        }
        await first.WaitForOutboxDrainedAsync(TimeSpan.FromSeconds(60));
        await second.WaitForOutboxDrainedAsync(TimeSpan.FromSeconds(60));
        var sent = first.Connector.Requests.Concat(second.Connector.Requests).Where(r => r.Body?.Contains("Koordinator: hj") == true).ToList();
        Assert.Equal(20, sent.Count);
        var rows = await first.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.SentAt != null).CountAsync());
        Assert.True(rows >= 21);
    }
}
