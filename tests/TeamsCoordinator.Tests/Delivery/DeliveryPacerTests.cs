using Stopwatch = System.Diagnostics.Stopwatch;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
    private static async Task<int> TurnsWithinAsync(SettlingClock clock, DeliveryPacer pacer, IEnumerable<PacedSend> sends, TimeSpan span)
    {
        var waits = sends.Select(s => pacer.WaitTurnAsync(s, default).AsTask()).ToList();
        await clock.RunAsync(waits, TimeSpan.FromMilliseconds(5), span);
        return waits.Count(w => w.IsCompleted);
    }

    /// <summary>
    /// A fake clock that moves on only once the pacer has settled: every send whose timer fired has either gone or sleeps
    /// on the clock again. A tenant's clock takes a send's slot when it goes, so on a loaded machine a clock that ran on
    /// meanwhile would make the sends look later, and closer together, than the pacer let them go.
    /// </summary>
    private sealed class SettlingClock : FakeTimeProvider
    {
        private int _sleeping, _fired;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _sleeping);
            return base.CreateTimer(s => { Interlocked.Decrement(ref _sleeping); Interlocked.Increment(ref _fired); callback(s); }, state, dueTime, period);
        }

        /// <summary>Moves the clock on in steps for <paramref name="span"/> or until every send has its turn.</summary>
        public async Task RunAsync(IReadOnlyList<Task> sends, TimeSpan step, TimeSpan span)
        {
            var firedBefore = -1;
            for (var t = TimeSpan.Zero; t < span && sends.Any(w => !w.IsCompleted); t += step)
            {
                if (Volatile.Read(ref _fired) != firedBefore)
                {
                    // Settled: something sleeps on the clock (or every send has gone) and nothing moved for 10 ms.
                    var deadline = DateTime.UtcNow.AddSeconds(10);
                    var gone = -1;
                    while (DateTime.UtcNow < deadline)
                    {
                        var now = sends.Count(w => w.IsCompleted);
                        if (now == gone && (Volatile.Read(ref _sleeping) > 0 || now == sends.Count)) break;
                        gone = now;
                        await Task.Delay(10);
                    }
                    firedBefore = Volatile.Read(ref _fired);
                }
                Advance(step);
            }
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task OneConversationGetsAtMostSevenMessagesASecond()
    {
        var clock = new SettlingClock();
        var pacer = Pacer(clock);
        var turns = await TurnsWithinAsync(clock, pacer, Enumerable.Range(0, 20).Select(_ => new PacedSend(null, "c:chat")), TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(10));
        Assert.Equal(7, turns);
    }

    [Fact]
    public async Task OneTenantGetsAtMostItsRateAcrossConversations()
    {
        var clock = new SettlingClock();
        var pacer = Pacer(clock, tenantRate: 30);
        var turns = await TurnsWithinAsync(clock, pacer, Enumerable.Range(0, 100).Select(i => new PacedSend("tenant-a", $"c:{i}")), TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(10));
        Assert.Equal(30, turns);
    }

    [Fact]
    public async Task SendsThatLeaveLateTogetherDoNotMakeOneSecondHoldMoreThanTheRate()
    {
        // The machine stalls for 950 ms: the ten turns due in it all leave at its end. Teams counts any one second,
        // so the sends after them must wait until those ten are a second old, not go at their own turn.
        var clock = new SettlingClock();
        var pacer = Pacer(clock, tenantRate: 10);
        var left = new List<DateTimeOffset>();
        var waits = Enumerable.Range(0, 20).Select(i => pacer.WaitTurnAsync(new PacedSend("tenant-a", $"c:{i}"), default).AsTask()
            .ContinueWith(_ => { lock (left) left.Add(clock.GetUtcNow()); }, TaskContinuationOptions.ExecuteSynchronously)).ToList();
        await clock.RunAsync(waits, TimeSpan.FromMilliseconds(950), TimeSpan.FromMilliseconds(950));
        await clock.RunAsync(waits, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(3));
        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(10));
        var times = left.Order().ToList();
        var mostInOneSecond = times.Max(start => times.Count(t => t >= start && t < start + TimeSpan.FromSeconds(1)));
        Assert.True(mostInOneSecond <= 10, $"{mostInOneSecond} sends within one second: {string.Join(", ", times.Select(t => (t - times[0]).TotalMilliseconds))}");
    }

    [Fact]
    public async Task AfterAStallATenantsSendsGoOnEvenlySpacedInsteadOfCatchingUpInABunch()
    {
        // Twenty sends wait for their turn (10 a second) when the machine stalls for 950 ms. Teams' one-second window
        // slides: sends that catch up in a bunch after a stall, even if no second of them holds more than the rate as
        // they leave, make some second at Teams hold more as soon as they reach it a little unevenly. The tenant's
        // send clock starts again from the late send: no two sends closer than half the interval (50 ms), never a
        // bunch (without the clock nine went together at 950 ms).
        var clock = new SettlingClock();
        var pacer = Pacer(clock, tenantRate: 10);
        var left = new List<DateTimeOffset>();
        var waits = Enumerable.Range(0, 20).Select(i => pacer.WaitTurnAsync(new PacedSend("tenant-a", $"c:{i}"), default).AsTask()
            .ContinueWith(_ => { lock (left) left.Add(clock.GetUtcNow()); }, TaskContinuationOptions.ExecuteSynchronously)).ToList();
        await clock.RunAsync(waits, TimeSpan.FromMilliseconds(950), TimeSpan.FromMilliseconds(950));
        await clock.RunAsync(waits, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(3));
        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(10));
        var times = left.Order().ToList();
        var shown = string.Join(", ", times.Select(t => (t - times[0]).TotalMilliseconds));
        var closest = times.Zip(times.Skip(1), (a, b) => b - a).Min();
        Assert.True(closest >= TimeSpan.FromMilliseconds(50), $"two sends {closest.TotalMilliseconds} ms apart: {shown}");
        var mostInOneSecond = times.Max(start => times.Count(t => t >= start && t < start + TimeSpan.FromSeconds(1)));
        Assert.True(mostInOneSecond <= 10, $"{mostInOneSecond} sends within one second: {shown}");
    }

    [Fact]
    public async Task EachTenantKeepsItsRateOfSendsOnTheirWayWithoutWaitingForAnswers()
    {
        // Teams answers slowly (here: not at all until the end). The polling pass must still start every tenant's
        // sends at that tenant's rate, all tenants at once: the rate is kept by the pacer, not by the round trips.
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-03T07:00:00Z"));
        var connector = new HoldingConnector(clock);
        using var bot = new BotApplicationFactory
        {
            Time = clock, ConnectorRetries = 0,
            Settings = { ["Delivery:TenantMessagesPerSecond"] = "10" },
            ExtraServices = services =>
            {
                services.AddHttpClient<ConnectorClient>().ConfigurePrimaryHttpMessageHandler(() => connector);
                services.RemoveAll<DeliveryPacer>();
                services.AddSingleton(sp => new DeliveryPacer(sp.GetRequiredService<IOptions<DeliveryOptions>>(), clock));
            },
        };
        string[] tenants = ["tenant-a", "tenant-b", "tenant-c"];
        using (var scope = bot.Services.CreateScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
            for (var i = 0; i < 120; i++)
                outbox.Enqueue(OutboxKind.SendToConversation, TeamsActivities.ServiceUrl, Activity.Message($"digest {i}"), $"bulk:{i}",
                    conversationId: $"a:{tenants[i % 3]}:chat-{i}", tenantId: tenants[i % 3], bulk: true);
            await scope.ServiceProvider.GetRequiredService<CoordinatorDb>().SaveChangesAsync();
        }
        try
        {
            // 900 ms of the pacer's clock: turns at 0, 100 … 900 ms, ten per tenant. The clock moves on only once every
            // tenant's sends of the turns so far are out (however slow the machine), and never reaches the eleventh turn.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            for (var turn = 1; turn <= 10; turn++)
            {
                while (tenants.Any(t => connector.ArrivedFor(t) < turn) && DateTime.UtcNow < deadline) await Task.Delay(10);
                if (turn == 10) break;
                for (var step = 0; step < 10; step++)
                {
                    clock.Advance(TimeSpan.FromMilliseconds(10));
                    await Task.Delay(2);
                }
            }
            await Task.Delay(200);
            foreach (var tenant in tenants) Assert.Equal(10, connector.ArrivedFor(tenant));
        }
        finally { connector.AnswerAll(); }
    }

    /// <summary>A connector that keeps every request open until <see cref="AnswerAll"/>, counting what arrived per tenant (read from the conversation id).</summary>
    private sealed class HoldingConnector(TimeProvider clock) : HttpMessageHandler
    {
        private readonly TaskCompletionSource _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<(string Tenant, DateTimeOffset At)> _arrived = [];

        public int ArrivedFor(string tenant) { lock (_arrived) return _arrived.Count(a => a.Tenant == tenant); }

        public void AnswerAll() => _answer.TrySetResult();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var conversation = Uri.UnescapeDataString(request.RequestUri!.AbsolutePath.Split('/')[^2]);
            lock (_arrived) _arrived.Add((conversation.Split(':')[1], clock.GetUtcNow()));
            await _answer.Task.WaitAsync(ct);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"id":"1"}""") };
        }
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
