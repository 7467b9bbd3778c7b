using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Delivery;

/// <summary>
/// The durable outbox: what a turn enqueued is sent once, in order per conversation, retried with backoff when
/// Teams is unavailable, kept with its reason when Teams refuses it for good. The background dispatcher is off;
/// each test runs dispatch passes itself against a fake clock, so nothing waits on the wall clock.
/// </summary>
public sealed class OutboxDispatcherTests : IDisposable
{
    private const string ChatA = "a:1chat-with-mette";
    private const string ChatB = "a:1chat-with-jonas";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-02T08:00:00Z"));
    private readonly BotApplicationFactory _bot;

    public OutboxDispatcherTests() => _bot = new BotApplicationFactory { Time = _time, RunOutboxDispatcher = false, ConnectorRetries = 0 };

    public void Dispose() => _bot.Dispose();

    private OutboxDispatcher NewDispatcher() => ActivatorUtilities.CreateInstance<OutboxDispatcher>(_bot.Services);

    private async Task EnqueueAsync(params Func<Outbox, OutboxMessage>[] messages)
    {
        using var scope = _bot.Services.CreateScope();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        foreach (var m in messages) m(outbox);
        await scope.ServiceProvider.GetRequiredService<CoordinatorDb>().SaveChangesAsync();
    }

    private static Func<Outbox, OutboxMessage> Send(string conversationId, string text, string? correlationKey = null) =>
        o => o.Enqueue(OutboxKind.SendToConversation, TeamsActivities.ServiceUrl, Activity.Message(text), $"test:{conversationId}:{text}",
            conversationId: conversationId, correlationKey: correlationKey);

    private static Func<Outbox, OutboxMessage> UpdateOf(string targetCorrelationKey, string text) =>
        o => o.Enqueue(OutboxKind.Update, TeamsActivities.ServiceUrl, Activity.Message(text), $"test:update:{text}",
            targetCorrelationKey: targetCorrelationKey);

    private IReadOnlyList<string?> SentTexts => _bot.Connector.Requests.Select(r => r.Text).ToList();

    [Fact]
    public async Task MessageIsSentOnceAndMarkedSent()
    {
        await EnqueueAsync(Send(ChatA, "Hej Mette"));
        var dispatcher = NewDispatcher();

        await dispatcher.DispatchDueAsync(default);
        await dispatcher.DispatchDueAsync(default);

        Assert.Equal(["Hej Mette"], SentTexts);
        var row = Assert.Single(await _bot.OutboxAsync());
        Assert.Equal(_time.GetUtcNow(), row.SentAt);
        Assert.NotNull(row.ResultActivityId);
        Assert.Null(row.LockedBy);
    }

    [Fact]
    public async Task FailedSendIsRetriedAfterTheBackoffAndSentOnce()
    {
        _bot.Connector.ThenAnswer(HttpStatusCode.InternalServerError);
        await EnqueueAsync(Send(ChatA, "Hej Mette"));
        var dispatcher = NewDispatcher();

        await dispatcher.DispatchDueAsync(default);
        var failed = Assert.Single(await _bot.OutboxAsync());
        Assert.Null(failed.SentAt);
        Assert.Null(failed.FailedAt);
        Assert.Equal(1, failed.Attempts);
        Assert.Equal(_time.GetUtcNow() + OutboxSender.Backoff(1), failed.NextAttemptAt);
        Assert.Contains("500", failed.LastError);

        // Not before the backoff has passed.
        _time.Advance(OutboxSender.Backoff(1) - TimeSpan.FromMilliseconds(1));
        await dispatcher.DispatchDueAsync(default);
        Assert.Single(_bot.Connector.Requests);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await dispatcher.DispatchDueAsync(default);
        await dispatcher.DispatchDueAsync(default);

        Assert.Equal(["Hej Mette", "Hej Mette"], SentTexts);
        var sent = Assert.Single(await _bot.OutboxAsync());
        Assert.NotNull(sent.SentAt);
        Assert.Null(sent.LastError);
    }

    [Fact]
    public async Task ThrottledSendWaitsWhatRetryAfterSays()
    {
        _bot.Connector.ThenAnswer(HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromSeconds(45));
        await EnqueueAsync(Send(ChatA, "Hej Mette"));

        await NewDispatcher().DispatchDueAsync(default);

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(45), Assert.Single(await _bot.OutboxAsync()).NextAttemptAt);
    }

    [Fact]
    public void BackoffDoublesAndIsCappedAtThirtyMinutes()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), OutboxSender.Backoff(1));
        Assert.Equal(TimeSpan.FromSeconds(4), OutboxSender.Backoff(2));
        Assert.Equal(TimeSpan.FromMinutes(30), OutboxSender.Backoff(20));
    }

    [Fact]
    public async Task MessageIsGivenUpAfterTheMaximumNumberOfAttempts()
    {
        _bot.Connector.AlwaysAnswer(_ => true, HttpStatusCode.BadGateway);
        await EnqueueAsync(Send(ChatA, "Hej Mette"));
        var dispatcher = NewDispatcher();

        for (var i = 0; i < OutboxSender.MaxAttempts + 3; i++)
        {
            await dispatcher.DispatchDueAsync(default);
            _time.Advance(TimeSpan.FromMinutes(31));
        }

        var row = Assert.Single(await _bot.OutboxAsync());
        Assert.NotNull(row.FailedAt);
        Assert.Equal(OutboxSender.MaxAttempts, row.Attempts);
        Assert.Equal(OutboxSender.MaxAttempts, _bot.Connector.Requests.Count);
    }

    [Fact]
    public async Task PermanentRefusalIsMarkedFailedWithItsReasonAndNotRetried()
    {
        _bot.Connector.ThenAnswer(HttpStatusCode.Forbidden, errorCode: "BotNotInConversationRoster");
        await EnqueueAsync(Send(ChatA, "Hej Mette"));
        var dispatcher = NewDispatcher();

        await dispatcher.DispatchDueAsync(default);
        _time.Advance(TimeSpan.FromHours(1));
        await dispatcher.DispatchDueAsync(default);

        Assert.Single(_bot.Connector.Requests);
        var row = Assert.Single(await _bot.OutboxAsync());
        Assert.NotNull(row.FailedAt);
        Assert.Null(row.SentAt);
        Assert.Contains("403", row.LastError);
        Assert.Contains("BotNotInConversationRoster", row.LastError);
        Assert.Contains(_bot.Logs.Lines, l => l.Message.Contains("refused for good", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoDispatchersSharingTheDatabaseNeverSendOneRowTwice()
    {
        var messages = Enumerable.Range(0, 60).Select(i => Send($"a:1chat-{i % 7}", $"besked {i}")).ToArray();
        await EnqueueAsync(messages);
        var first = NewDispatcher();
        var second = NewDispatcher();

        for (var pass = 0; pass < 10; pass++)
            await Task.WhenAll(Task.Run(() => first.DispatchDueAsync(default)), Task.Run(() => second.DispatchDueAsync(default)));

        var texts = SentTexts;
        Assert.Equal(60, texts.Count);
        Assert.Equal(60, texts.Distinct().Count());
        Assert.All(await _bot.OutboxAsync(), m => Assert.NotNull(m.SentAt));
        // And each conversation still got its messages in order.
        foreach (var conversation in _bot.Connector.Requests.GroupBy(r => r.Path))
        {
            var numbers = conversation.Select(r => int.Parse(r.Text!["besked ".Length..])).ToList();
            Assert.Equal(numbers.Order(), numbers);
        }
    }

    [Fact]
    public async Task MessagesToOneConversationGoOutInTheOrderTheyWereEnqueued()
    {
        await EnqueueAsync(Send(ChatA, "1"), Send(ChatB, "b"), Send(ChatA, "2"), Send(ChatA, "3"));

        await NewDispatcher().DispatchDueAsync(default);

        var toA = _bot.Connector.Requests.Where(r => r.Path.Contains(Uri.EscapeDataString(ChatA))).Select(r => r.Text);
        Assert.Equal(["1", "2", "3"], toA);
    }

    [Fact]
    public async Task LaterMessagesWaitWhileAnEarlierOneToTheSameConversationIsBeingRetried()
    {
        // Conversations are sent in parallel: the failure must hit ChatA's first message, not whichever request comes first.
        _bot.Connector.ThenAnswerFor(r => r.Path.Contains(Uri.EscapeDataString(ChatA)), HttpStatusCode.ServiceUnavailable);
        await EnqueueAsync(Send(ChatA, "1"), Send(ChatA, "2"), Send(ChatB, "b"));
        var dispatcher = NewDispatcher();

        await dispatcher.DispatchDueAsync(default);
        await dispatcher.DispatchDueAsync(default);
        // The failed "1" holds back "2"; the other conversation is not held back.
        Assert.Equal(["1", "b"], SentTexts.Order());

        _time.Advance(OutboxSender.Backoff(1));
        await dispatcher.DispatchDueAsync(default);

        var toA = _bot.Connector.Requests.Where(r => r.Path.Contains(Uri.EscapeDataString(ChatA))).Select(r => r.Text);
        Assert.Equal(["1", "1", "2"], toA);
    }

    [Fact]
    public async Task UpdateWaitsUntilTheMessageItTargetsWasSent()
    {
        _bot.Connector.ThenAnswer(HttpStatusCode.ServiceUnavailable);
        await EnqueueAsync(Send(ChatA, "kort v1", correlationKey: "card:42"), UpdateOf("card:42", "kort v2"));
        var dispatcher = NewDispatcher();

        await dispatcher.DispatchDueAsync(default);
        Assert.DoesNotContain(_bot.Connector.Requests, r => r.Method == HttpMethod.Put);

        for (var i = 0; i < 5 && (await _bot.OutboxAsync()).Any(m => m.SentAt is null); i++)
        {
            _time.Advance(OutboxSender.Backoff(1));
            await dispatcher.DispatchDueAsync(default);
        }

        var send = _bot.Connector.Requests.Last(r => r.Method == HttpMethod.Post);
        var update = Assert.Single(_bot.Connector.Requests, r => r.Method == HttpMethod.Put);
        var sentId = (await _bot.OutboxAsync()).Single(m => m.CorrelationKey == "card:42").ResultActivityId;
        Assert.Equal($"/emea/v3/conversations/{Uri.EscapeDataString(ChatA)}/activities/{sentId}", update.Path);
        Assert.True(_bot.Connector.Requests.ToList().IndexOf(send) < _bot.Connector.Requests.ToList().IndexOf(update));
        Assert.Equal("kort v2", update.Text);
    }

    [Fact]
    public async Task UpdateOfAMessageThatFailedForGoodFailsToo()
    {
        _bot.Connector.ThenAnswer(HttpStatusCode.Forbidden, errorCode: "BotNotInConversationRoster");
        await EnqueueAsync(Send(ChatA, "kort v1", correlationKey: "card:43"), UpdateOf("card:43", "kort v2"));
        var dispatcher = NewDispatcher();

        for (var i = 0; i < 3; i++)
        {
            await dispatcher.DispatchDueAsync(default);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        var update = (await _bot.OutboxAsync()).Single(m => m.Kind == OutboxKind.Update);
        Assert.NotNull(update.FailedAt);
        Assert.Contains("card:43", update.LastError);
        Assert.DoesNotContain(_bot.Connector.Requests, r => r.Method == HttpMethod.Put);
    }

    [Fact]
    public async Task UpdateOfAKeyThatNothingWasSentUnderFails()
    {
        await EnqueueAsync(UpdateOf("card:never-posted", "kort v2"));

        await NewDispatcher().DispatchDueAsync(default);

        Assert.NotNull(Assert.Single(await _bot.OutboxAsync()).FailedAt);
        Assert.Empty(_bot.Connector.Requests);
    }

    [Fact]
    public async Task EnqueueingTheSameIdempotencyKeyTwiceStoresOneRow()
    {
        await EnqueueAsync(Send(ChatA, "Hej Mette"), Send(ChatA, "Hej Mette"));

        Assert.Single(await _bot.OutboxAsync());
    }
}
