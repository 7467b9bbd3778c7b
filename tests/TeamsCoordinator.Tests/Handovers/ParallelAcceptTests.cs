using System.Net;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Infrastructure;
using TeamsCoordinator.Tests.Storage;
using Xunit.Abstractions;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Handovers;

/// <summary>
/// A hundred people of the receiving organisation press "Accepter" on one baton at the same instant, through
/// /api/messages as Teams delivers it: exactly one of them becomes the holder, the 99 others are told in Danish who
/// was first, and the audit log has one acceptance.
/// </summary>
public static class ParallelAccepts
{
    public static readonly TeamPerson[] Receivers = Enumerable.Range(1, 100)
        .Select(i => new TeamPerson($"aalborg{i:000}", $"Medarbejder {i:000}", DemoTenants.Aalborg, Sector.Kommune, "Støttekontaktperson, socialpsykiatrien"))
        .ToArray();

    /// <summary>
    /// Offers the whole forløb to Aalborg Kommune, then all 100 accept at once, spread over the given bot instances.
    /// Returns how many accepts lost a race at the database (decided on the old version, refused on saving), which
    /// shows the clicks really overlapped.
    /// </summary>
    public static async Task<int> AssertExactlyOneWinsAsync(HandoverScenario s, IReadOnlyList<BotApplicationFactory> instances)
    {
        var h = await s.OfferAsync(Sofie, "Aalborg Kommune");
        var clicks = Receivers.Select((p, i) => s.ClickAsync(p, HandoverCards.VerbAccept, On(h), via: instances[i % instances.Count])).ToList();
        var answers = await Task.WhenAll(clicks);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var winner = Assert.Single(Receivers.Zip(answers), x => x.Second.Text.Contains("Du har accepteret stafetten og har den nu")).First;
        var told = answers.Where(a => a.Text.Contains($"Allerede accepteret af {winner.Name}")).ToList();
        Assert.Equal(99, told.Count);
        Assert.All(told, a => Assert.DoesNotContain("Accepter", a.Buttons));

        var holder = await s.HolderAsync();
        Assert.Equal(winner.AadObjectId, holder.UserId);
        Assert.Equal(Sofie.AadObjectId, holder.FollowingUpUserId);
        var after = await s.HandoverAsync(h.PublicId);
        Assert.Equal(HandoverState.Accepteret, after.State);
        Assert.Equal(2, after.Version);
        Assert.Equal(["offer", "accept"], after.Transitions.OrderBy(t => t.FromVersion).Select(t => t.Event));
        var accepted = Assert.Single(await s.AuditAsync("handover.accept"));
        Assert.Equal(winner.AadObjectId, accepted.ActorUserId);
        Assert.Equal(99, (await s.AuditAsync("handover.refused")).Count);
        // The posted card was updated once, and the sender told once.
        var outbox = await s.Bot.OutboxAsync();
        Assert.Single(outbox, m => m.Kind == OutboxKind.Update && m.TargetCorrelationKey == h.CardKey);
        Assert.Single(outbox, m => m.Kind == OutboxKind.SendToUser && m.UserId == Sofie.ChannelId && m.ActivityJson.Contains("har accepteret"));
        return instances.Sum(b => b.Logs.Lines.Count(l => l.Message.Contains("lost a race")));
    }
}

public sealed class ParallelAcceptTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AHundredParallelAcceptsOfOneBatonMakeExactlyOneHolder()
    {
        await using var s = await HandoverScenario.StartAsync(ParallelAccepts.Receivers);
        var lost = await ParallelAccepts.AssertExactlyOneWinsAsync(s, [s.Bot]);
        output.WriteLine($"SQLite, one instance: {lost} accepts lost a race at the database");
    }
}

/// <summary>The same on PostgreSQL with two bot instances sharing the database: the concurrency is the database's, not one process's.</summary>
[Collection(nameof(PostgresCollection))]
public sealed class PostgresParallelAcceptTests(PostgresServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task AHundredParallelAcceptsThroughTwoBotInstancesOnOnePostgresDatabaseMakeExactlyOneHolder()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            // Pooled, and few enough connections per instance for the server's 100: the clicks queue for them.
            ["ConnectionStrings:Coordinator"] = server.ConnectionString("stafet_" + Guid.NewGuid().ToString("N")[..8])
                .Replace("Pooling=false", "Pooling=true;Maximum Pool Size=30;Timeout=60"),
            ["Protection:Key"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        await using var s = await HandoverScenario.StartAsync(ParallelAccepts.Receivers, settings);
        var second = await s.AnotherInstanceAsync();

        var lost = await ParallelAccepts.AssertExactlyOneWinsAsync(s, [s.Bot, second]);
        output.WriteLine($"PostgreSQL, two instances: {lost} accepts lost a race at the database");
    }
}
