using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Delivery;

/// <summary>
/// The outbox's fast lane: with the dispatcher running, a committed reply is handed to it in process and sent at
/// once, still with the outbox's promises: once, in order per conversation, never before its transaction commits,
/// and behind an earlier message of its conversation that is waiting for a retry.
/// </summary>
public sealed class OutboxFastLaneTests : IDisposable
{
    private const string ChatA = "a:1chat-with-mette";
    private const string ChatB = "a:1chat-with-jonas";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-02T08:00:00Z"));
    private readonly BotApplicationFactory _bot;

    public OutboxFastLaneTests() => _bot = new BotApplicationFactory { Time = _time, ConnectorRetries = 0 };

    public void Dispose() => _bot.Dispose();

    private async Task SaveAsync(string conversationId, string text)
    {
        using var scope = _bot.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<Outbox>().Enqueue(OutboxKind.SendToConversation, TeamsActivities.ServiceUrl,
            Activity.Message(text), $"test:{conversationId}:{text}", conversationId: conversationId);
        await scope.ServiceProvider.GetRequiredService<CoordinatorDb>().SaveChangesAsync();
    }

    private IReadOnlyList<string?> TextsTo(string conversationId) => _bot.Connector.Requests
        .Where(r => r.Path.Contains(Uri.EscapeDataString(conversationId))).Select(r => r.Text).ToList();

    [Fact]
    public async Task RepliesCommittedOneAfterAnotherGoOutOnceEachInTheirOrder()
    {
        for (var i = 0; i < 20; i++)
        {
            await SaveAsync(ChatA, $"a{i}");
            await SaveAsync(ChatB, $"b{i}");
        }

        await _bot.Connector.WaitForAsync(40);
        await _bot.WaitForOutboxDrainedAsync();

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"a{i}"), TextsTo(ChatA));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"b{i}"), TextsTo(ChatB));
        Assert.All(await _bot.OutboxAsync(), m =>
        {
            Assert.NotNull(m.SentAt);
            Assert.Null(m.LockedBy);
            Assert.NotNull(m.ResultActivityId);
        });
    }

    [Fact]
    public async Task AReplyWaitsBehindAnEarlierMessageOfItsConversationThatIsBeingRetried()
    {
        _bot.Connector.ThenAnswerFor(r => r.Path.Contains(Uri.EscapeDataString(ChatA)), HttpStatusCode.ServiceUnavailable);
        await SaveAsync(ChatA, "1");
        await _bot.Connector.WaitForAsync(1);
        await WaitUntilAsync(async () => (await _bot.OutboxAsync()).Single().Attempts == 1);

        await SaveAsync(ChatA, "2");
        await SaveAsync(ChatB, "b");
        await _bot.Connector.WaitForAsync(2);
        await Task.Delay(300); // time enough for "2" to overtake, were it allowed to

        Assert.Equal(["1"], TextsTo(ChatA));
        Assert.Equal(["b"], TextsTo(ChatB));

        _time.Advance(OutboxSender.Backoff(1));
        await _bot.WaitForOutboxDrainedAsync();

        Assert.Equal(["1", "1", "2"], TextsTo(ChatA));
    }

    [Fact]
    public async Task AReplySavedInATransactionThatIsRolledBackIsNeverSent()
    {
        using (var scope = _bot.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            scope.ServiceProvider.GetRequiredService<Outbox>().Enqueue(OutboxKind.SendToConversation, TeamsActivities.ServiceUrl,
                Activity.Message("aldrig"), "test:rolled-back", conversationId: ChatA);
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }
        await SaveAsync(ChatB, "efter");

        await _bot.Connector.WaitForAsync(1);
        await Task.Delay(300);

        Assert.Equal(["efter"], _bot.Connector.Requests.Select(r => r.Text));
        Assert.Empty(await _bot.WithDbAsync(db => db.Outbox.Where(m => m.IdempotencyKey == "test:rolled-back").ToListAsync()));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not become true.");
            await Task.Delay(20);
        }
    }
}
