using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Digest;
using TeamsCoordinator.Tests.Handovers;
using TeamsCoordinator.Tests.Storage;
using Xunit.Abstractions;
using static TeamsCoordinator.Tests.Digest.DigestTestKit;

namespace TeamsCoordinator.Tests.Digest;

/// <summary>
/// Two bot instances share one PostgreSQL database and both run the morning (their schedulers at 08:00 and more
/// passes on top, all at once): every coordinator with something waiting gets exactly one digest, counted at the
/// connectors of both instances.
/// </summary>
[Collection(nameof(PostgresCollection))]
public sealed class PostgresDigestTests(PostgresServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task TwoInstancesRunningTheSameMorningOnOnePostgresDatabaseSendExactlyOneDigestPerCoordinator()
    {
        const int coordinators = 300;
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:Coordinator"] = server.ConnectionString("digest_" + Guid.NewGuid().ToString("N")[..8])
                .Replace("Pooling=false", "Pooling=true;Maximum Pool Size=30;Timeout=60"),
            ["Protection:Key"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Digest:RunScheduler"] = "true",
        };
        await using var s = await HandoverScenario.StartAsync(settings: settings, start: ThursdayMorning);
        var second = await s.AnotherInstanceAsync();
        await SeedCoordinatorsAsync(s.Bot, coordinators, s.Time.GetUtcNow());

        s.Time.Advance(TimeSpan.FromMinutes(1)); // 08:00: both schedulers wake up
        var passes = Enumerable.Range(0, 3).SelectMany(_ => new[] { RunMorningAsync(s.Bot), RunMorningAsync(second) }).ToList();
        await Task.WhenAll(passes);
        await s.Bot.WaitForOutboxDrainedAsync(TimeSpan.FromMinutes(3));

        var labels = LabelsSent(s.Bot).Concat(LabelsSent(second)).ToList();
        output.WriteLine($"instance 1 sent {LabelsSent(s.Bot).Count}, instance 2 sent {LabelsSent(second).Count}; " +
                         $"explicit passes enqueued {passes.Sum(p => p.Result)}");
        Assert.Equal(coordinators, labels.Count);
        Assert.Equal(coordinators, labels.Distinct().Count());
        Assert.Equal(coordinators + 1, await s.Bot.WithDbAsync(db => db.Set<DigestClaim>().CountAsync())); // Sofie: nothing waiting
        Assert.Equal(coordinators, await s.Bot.WithDbAsync(db => db.Outbox.CountAsync(m => m.IdempotencyKey.StartsWith("digest:"))));
    }
}
