using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Delivery;

/// <summary>
/// A turn that changed nothing sends its reply itself and stores it only when the send fails; the reply still keeps
/// its conversation's order, and a turn that changed something still answers through the outbox.
/// </summary>
public sealed class DirectRepliesTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-02T08:00:00Z"));
    private readonly BotApplicationFactory _bot;

    public DirectRepliesTests() => _bot = new BotApplicationFactory { Time = _time, ConnectorRetries = 0 };

    public void Dispose() => _bot.Dispose();

    private static bool ToMette(ConnectorRequest r) => r.Path.Contains(Uri.EscapeDataString(TeamsActivities.PersonalConversationId));

    private static bool IsHelpCard(ConnectorRequest r) => r.Body?.Contains("\"Koordinator: hj", StringComparison.Ordinal) == true; // the JSON escapes "æ"

    [Fact]
    public async Task AReadOnlyTurnsReplyIsSentDirectlyAndLeavesNoOutboxRow()
    {
        await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"));

        var sent = await _bot.Connector.WaitForMessagesAsync(1);

        Assert.True(IsHelpCard(sent.Single()));
        Assert.Empty(await _bot.OutboxAsync());
    }

    [Fact]
    public async Task AFailingDirectSendIsStoredInTheOutboxAndRetriedFromThere()
    {
        _bot.Connector.ThenAnswerFor(ToMette, HttpStatusCode.ServiceUnavailable);

        await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"));
        await _bot.Connector.WaitForMessagesAsync(1);
        var stored = await WaitForRowAsync(m => m.Attempts == 1);

        Assert.Null(stored.SentAt);
        Assert.Null(stored.LockedBy);
        Assert.Equal(_time.GetUtcNow() + OutboxSender.Backoff(1), stored.NextAttemptAt);

        _time.Advance(OutboxSender.Backoff(1));
        await _bot.WaitForOutboxDrainedAsync();

        Assert.Equal(2, _bot.Connector.Messages.Count(IsHelpCard));
        Assert.NotNull((await _bot.OutboxAsync()).Single().SentAt);
    }

    [Fact]
    public async Task ADirectReplyWaitsBehindAnEarlierUnsentMessageOfItsConversation()
    {
        _bot.Connector.ThenAnswerFor(ToMette, HttpStatusCode.ServiceUnavailable);
        using (var scope = _bot.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<Outbox>().Enqueue(OutboxKind.SendToConversation, TeamsActivities.ServiceUrl,
                Activity.Message("først"), "test:earlier", conversationId: TeamsActivities.PersonalConversationId);
            await scope.ServiceProvider.GetRequiredService<CoordinatorDb>().SaveChangesAsync();
        }
        await WaitForRowAsync(m => m.Attempts == 1);

        await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"));
        var rows = await WaitForRowsAsync(2);
        await Task.Delay(300); // time enough for the help card to overtake, were it allowed to

        Assert.Equal(["først"], _bot.Connector.Messages.Select(r => r.Text));
        Assert.Equal(0, rows[1].Attempts);

        _time.Advance(OutboxSender.Backoff(1));
        await _bot.WaitForOutboxDrainedAsync();

        var messages = _bot.Connector.Messages;
        Assert.Equal(3, messages.Count);
        Assert.Equal(["først", "først"], messages.Take(2).Select(r => r.Text));
        Assert.True(IsHelpCard(messages[2]));
    }

    [Fact]
    public async Task AStateChangingTurnStillAnswersThroughTheOutbox()
    {
        // Adding the bot records that the chat was greeted: the welcome is stored with that change and sent from the outbox.
        await _bot.PostActivityAsync(TeamsActivities.BotAddedToPersonalChat());
        await _bot.Connector.WaitForMessagesAsync(1);
        await _bot.WaitForOutboxDrainedAsync();

        var row = (await _bot.OutboxAsync()).Single();
        Assert.NotNull(row.SentAt);
        Assert.Equal(TeamsActivities.PersonalConversationId, row.ConversationId);
    }

    [Fact]
    public async Task AfterAStoredReplyIsSentTheNextReadOnlyTurnAnswersDirectlyAgain()
    {
        await _bot.PostActivityAsync(TeamsActivities.BotAddedToPersonalChat());
        await _bot.Connector.WaitForMessagesAsync(1);
        await _bot.WaitForOutboxDrainedAsync();

        await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"));
        var sent = await _bot.Connector.WaitForMessagesAsync(2);

        Assert.True(IsHelpCard(sent[1]));
        Assert.Single(await _bot.OutboxAsync());
    }

    private static string ThreadOf(string rootId) => $"{TeamsActivities.ChannelId};messageid={rootId}";

    /// <summary>A reply in the thread of post <paramref name="rootId"/>: its own id, the thread's conversation.</summary>
    private static Activity MentionInThread(string rootId) =>
        TeamsActivities.ChannelMessageMentioningBot("hjælp", id: rootId) with { Id = TeamsActivities.NewId() };

    private Task EnqueueUnsentAsync(string conversationId, string text)
    {
        using var scope = _bot.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<Outbox>().Enqueue(OutboxKind.SendToConversation, TeamsActivities.ServiceUrl,
            Activity.Message(text), $"test:{text}", conversationId: conversationId);
        return scope.ServiceProvider.GetRequiredService<CoordinatorDb>().SaveChangesAsync();
    }

    [Fact]
    public async Task AChannelMentionIsAnsweredDirectlyInItsThreadAndLeavesNoOutboxRow()
    {
        var post = TeamsActivities.ChannelMessageMentioningBot("hjælp");
        await _bot.PostActivityAsync(post);

        var sent = (await _bot.Connector.WaitForMessagesAsync(1)).Single();

        Assert.True(IsHelpCard(sent));
        Assert.EndsWith($"/v3/conversations/{Uri.EscapeDataString(post.Conversation!.Id!)}/activities/{post.Id}", sent.RawPath);
        Assert.Empty(await _bot.OutboxAsync());
    }

    [Fact]
    public async Task AReplyInAChannelThreadWaitsBehindAnEarlierUnsentMessageOfThatThreadEvenAfterTheChannelWasClear()
    {
        // A first post in the channel is answered directly: the channel is known to have nothing unsent.
        await _bot.PostActivityAsync(TeamsActivities.ChannelMessageMentioningBot("hjælp"));
        await _bot.Connector.WaitForMessagesAsync(1);

        // Then a message to another thread of that channel fails and waits in the outbox.
        var root = TeamsActivities.NewId();
        var thread = ThreadOf(root);
        _bot.Connector.ThenAnswerFor(r => r.Path.Contains(Uri.EscapeDataString(thread)), HttpStatusCode.ServiceUnavailable);
        await EnqueueUnsentAsync(thread, "først");
        await WaitForRowAsync(m => m.Attempts == 1);

        // A mention in that thread must not overtake it.
        await _bot.PostActivityAsync(MentionInThread(root));
        var rows = await WaitForRowsAsync(2);
        await Task.Delay(300); // time enough for the help card to overtake, were it allowed to

        Assert.Equal(["først"], _bot.Connector.Messages.Skip(1).Select(r => r.Text));
        Assert.Equal(0, rows[1].Attempts);

        _time.Advance(OutboxSender.Backoff(1));
        await _bot.WaitForOutboxDrainedAsync();
        var inThread = _bot.Connector.Messages.Where(r => r.Path.Contains(Uri.EscapeDataString(thread))).ToList();
        Assert.Equal(3, inThread.Count);
        Assert.True(IsHelpCard(inThread[2]));
    }

    [Fact]
    public async Task AnUnsentMessageInOneChannelThreadDoesNotHoldUpANewPostInTheSameChannel()
    {
        var thread = ThreadOf(TeamsActivities.NewId());
        _bot.Connector.AlwaysAnswer(r => r.Path.Contains(Uri.EscapeDataString(thread)), HttpStatusCode.ServiceUnavailable);
        await EnqueueUnsentAsync(thread, "først");
        await WaitForRowAsync(m => m.Attempts == 1);

        await _bot.PostActivityAsync(TeamsActivities.ChannelMessageMentioningBot("hjælp"));
        await _bot.Connector.WaitForAsync(1, IsHelpCard);

        Assert.Single(await _bot.OutboxAsync()); // only the waiting message: the help card went directly
    }

    [Fact]
    public async Task AStatusInAForloebsChannelIsOnRecordBeforeItsAnswerIsSentDirectly()
    {
        var c = await Cases.CaseScenario.CreateAsync(_bot);
        await _bot.WaitForOutboxDrainedAsync();
        var post = TeamsActivities.ChannelMessageMentioningBot("status", from: Cases.DemoPeople.Mette, channelId: c.ChannelId);
        bool IsTheAnswer(ConnectorRequest r) => r.Body?.Contains($"\"replyToId\":\"{post.Id}\"", StringComparison.Ordinal) == true;
        long? readsOnRecordWhenSent = null;
        // Reads the audit log the moment the answer reaches the Connector (a rule that answers nothing itself).
        _bot.Connector.ThenAnswerFor(r =>
        {
            if (IsTheAnswer(r)) readsOnRecordWhenSent = CaseReads(c.Id);
            return false;
        }, HttpStatusCode.OK);

        Assert.Equal(0, CaseReads(c.Id));
        await _bot.PostActivityAsync(post);
        await _bot.Connector.WaitForAsync(1, IsTheAnswer);

        Assert.Equal(1, readsOnRecordWhenSent);
        Assert.DoesNotContain(await _bot.OutboxAsync(), m => m.IdempotencyKey.Contains(post.Id!, StringComparison.Ordinal));
    }

    /// <summary>The forløb's reads on record, counted with a connection of its own (synchronously, inside a Connector call).</summary>
    private long CaseReads(long caseId)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_bot.DatabasePath};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM audit_log WHERE \"CaseId\" = $id AND \"Action\" = 'case.read'";
        command.Parameters.AddWithValue("$id", caseId);
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task AReplyEnqueuedInAContextThatIsNeverSavedIsNotStoredByTheContextsNextUse()
    {
        CoordinatorDb abandoned;
        using (var scope = _bot.Services.CreateScope())
        {
            abandoned = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
            scope.ServiceProvider.GetRequiredService<Outbox>().Enqueue(OutboxKind.SendToConversation, TeamsActivities.ServiceUrl,
                Activity.Message("vist aldrig"), "test:abandoned", conversationId: TeamsActivities.PersonalConversationId);
            Assert.NotNull(abandoned.UnsavedReplies);
        }

        // The context went back to the pool: whoever leases it next must not save the abandoned reply.
        Assert.Null(abandoned.UnsavedReplies);
        await EnqueueUnsentAsync(TeamsActivities.PersonalConversationId, "gemt");
        Assert.Equal(["test:gemt"], (await _bot.OutboxAsync()).Select(m => m.IdempotencyKey));
    }

    private async Task<OutboxMessage> WaitForRowAsync(Func<OutboxMessage, bool> condition) =>
        (await WaitUntilAsync(async () => (await _bot.OutboxAsync()).Where(condition).ToList(), rows => rows.Count > 0))[0];

    private Task<List<OutboxMessage>> WaitForRowsAsync(int count) =>
        WaitUntilAsync(() => _bot.OutboxAsync(), rows => rows.Count >= count);

    private static async Task<T> WaitUntilAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not become true.");
            await Task.Delay(20);
        }
    }
}
