using Stopwatch = System.Diagnostics.Stopwatch;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Delivery;

/// <summary>
/// What the polling pass sends keeps to Teams' limits: at most 7 a second per conversation, at most the configured
/// rate per tenant, and a 429 stops the whole tenant for Retry-After; bulk messages never take the fast lane and a
/// message past its moment is not sent.
/// </summary>
public sealed class DeliveryPacerTests
{
    private static DeliveryPacer Pacer(FakeTimeProvider clock, double tenantRate = 30) =>
        new(Options.Create(new DeliveryOptions { TenantMessagesPerSecond = tenantRate }), clock);

    /// <summary>Starts the sends, moves the clock on in small steps for <paramref name="span"/>, returns how many got their turn.</summary>
    private static async Task<int> TurnsWithinAsync(FakeTimeProvider clock, DeliveryPacer pacer, IEnumerable<PacedSend> sends, TimeSpan span)
    {
        var waits = sends.Select(s => pacer.WaitTurnAsync(s, default).AsTask()).ToList();
        for (var t = TimeSpan.Zero; t < span; t += TimeSpan.FromMilliseconds(5))
        {
            await Task.Yield();
            clock.Advance(TimeSpan.FromMilliseconds(5));
        }
        await Task.Delay(50);
        return waits.Count(w => w.IsCompleted);
    }

    [Fact]
    public async Task OneConversationGetsAtMostSevenMessagesASecond()
    {
        var clock = new FakeTimeProvider();
        var pacer = Pacer(clock);
        var turns = await TurnsWithinAsync(clock, pacer, Enumerable.Range(0, 20).Select(_ => new PacedSend(null, "c:chat")), TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(10));
        Assert.Equal(7, turns);
    }

    [Fact]
    public async Task OneTenantGetsAtMostItsRateAcrossConversations()
    {
        var clock = new FakeTimeProvider();
        var pacer = Pacer(clock, tenantRate: 30);
        var turns = await TurnsWithinAsync(clock, pacer, Enumerable.Range(0, 100).Select(i => new PacedSend("tenant-a", $"c:{i}")), TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(10));
        Assert.Equal(30, turns);
    }

    [Fact]
    public async Task A429PausesTheWholeTenantForRetryAfterButNotOtherTenants()
    {
        var clock = new FakeTimeProvider();
        var pacer = Pacer(clock);
        pacer.Pause("tenant-a", TimeSpan.FromSeconds(3));
        var a = pacer.WaitTurnAsync(new PacedSend("tenant-a", "c:1"), default).AsTask();
        var b = pacer.WaitTurnAsync(new PacedSend("tenant-b", "c:2"), default).AsTask();
        await Task.Delay(50);
        Assert.True(b.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2.9));
        await Task.Delay(50);
        Assert.False(a.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Null(await a.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task ASendWaitingForItsTurnWhenA429ArrivesWaitsForThePauseToo()
    {
        var clock = new FakeTimeProvider();
        var pacer = Pacer(clock, tenantRate: 1);
        Assert.Null(await pacer.WaitTurnAsync(new PacedSend("tenant-a", "c:1"), default));
        var second = pacer.WaitTurnAsync(new PacedSend("tenant-a", "c:2"), default).AsTask(); // its turn is in 1 s
        pacer.Pause("tenant-a", TimeSpan.FromSeconds(5));
        clock.Advance(TimeSpan.FromSeconds(1.5));
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Null(await second.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task APauseLongerThanASendMayWaitIsHandedBackToTheOutbox()
    {
        var clock = new FakeTimeProvider();
        var pacer = Pacer(clock);
        pacer.Pause("tenant-a", TimeSpan.FromMinutes(2));
        Assert.Equal(TimeSpan.FromMinutes(2), await pacer.WaitTurnAsync(new PacedSend("tenant-a", "c:1"), default));
    }

    [Fact]
    public async Task TheOutboxHonoursA429ForEveryMessageOfThatTenant()
    {
        using var bot = new BotApplicationFactory { RunOutboxDispatcher = false, ConnectorRetries = 3 };
        var answered = new List<(long At, HttpStatusCode Status)>();
        var clock = Stopwatch.StartNew();
        var first = 0;
        bot.Connector.AlwaysAnswer(r => Interlocked.Increment(ref first) == 1, HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(1));
        bot.Connector.AlwaysAnswer(r => { lock (answered) answered.Add((clock.ElapsedMilliseconds, HttpStatusCode.OK)); return false; }, HttpStatusCode.OK);
        using (var scope = bot.Services.CreateScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
            for (var i = 0; i < 5; i++)
                outbox.Enqueue(OutboxKind.SendToConversation, TeamsActivities.ServiceUrl, Activity.Message($"digest {i}"), $"bulk:{i}",
                    conversationId: $"a:chat-{i}", tenantId: "tenant-a", bulk: true);
            await scope.ServiceProvider.GetRequiredService<CoordinatorDb>().SaveChangesAsync();
        }
        var started = clock.ElapsedMilliseconds;
        await ActivatorUtilities.CreateInstance<OutboxDispatcher>(bot.Services).DispatchDueAsync(default);

        var rows = await bot.OutboxAsync();
        Assert.All(rows, r => Assert.NotNull(r.SentAt));
        Assert.Equal(6, bot.Connector.Requests.Count); // five messages, one of them twice (after the 429)
        // Apart from those that were already on their way when the 429 came, nothing reached the tenant for a second.
        var afterPause = answered.Where(a => a.At - started >= 1000).Count();
        Assert.True(afterPause >= 5 - 2, $"only {afterPause} of 5 were sent after the pause: {string.Join(", ", answered.Select(a => a.At - started))}");
    }

    [Fact]
    public async Task ABulkMessageNeverTakesTheFastLaneAndOnePastItsMomentIsNotSent()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-03T07:00:00Z"));
        using var bot = new BotApplicationFactory { Time = time, RunOutboxDispatcher = false, ConnectorRetries = 0 };
        using (var scope = bot.Services.CreateScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
            outbox.Enqueue(OutboxKind.SendToConversation, TeamsActivities.ServiceUrl, Activity.Message("today"), "bulk:today",
                conversationId: "a:chat-1", tenantId: "tenant-a", bulk: true, discardAfter: time.GetUtcNow().AddHours(1));
            outbox.Enqueue(OutboxKind.SendToConversation, TeamsActivities.ServiceUrl, Activity.Message("stale"), "bulk:stale",
                conversationId: "a:chat-2", tenantId: "tenant-a", bulk: true, discardAfter: time.GetUtcNow().AddHours(-1));
            await scope.ServiceProvider.GetRequiredService<CoordinatorDb>().SaveChangesAsync();
        }
        Assert.All(await bot.OutboxAsync(), r => Assert.Null(r.LockedBy)); // not leased to the fast lane
        await ActivatorUtilities.CreateInstance<OutboxDispatcher>(bot.Services).DispatchDueAsync(default);
        Assert.Equal(["today"], bot.Connector.Messages.Select(m => m.Text));
        var stale = (await bot.OutboxAsync()).Single(r => r.IdempotencyKey == "bulk:stale");
        Assert.Null(stale.SentAt);
        Assert.NotNull(stale.FailedAt);
        Assert.StartsWith("expired", stale.LastError);
    }
}
