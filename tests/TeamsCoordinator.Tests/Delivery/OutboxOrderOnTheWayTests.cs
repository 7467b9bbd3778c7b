using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Delivery;

/// <summary>
/// Messages to one conversation go out in order even when the first is still on its way after its lease ran out
/// (a send retried for longer than the lease, a clock that jumps): the next pass does not claim the second meanwhile.
/// </summary>
public sealed class OutboxOrderOnTheWayTests
{
    [Fact]
    public async Task ALaterMessageWaitsWhileTheEarlierOneOfItsConversationIsStillOnItsWayPastItsLease()
    {
        var connector = new FirstHeldConnector();
        using var run = new ManualDispatch(connector);
        var (clock, bot, dispatcher) = (run.Clock, run.Bot, run.Dispatcher);

        await EnqueueAsync(bot, "first");
        var first = dispatcher.DispatchDueAsync(default);
        await connector.FirstArrived.WaitAsync(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromDays(1)); // the first row's lease has run out; its send has not ended
        await EnqueueAsync(bot, "second");

        Assert.Equal(0, await dispatcher.DispatchDueAsync(default));
        connector.ReleaseFirst();
        await first.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await dispatcher.DispatchDueAsync(default));
        Assert.Equal(["first", "second"], connector.Arrived);
    }

    private static async Task EnqueueAsync(BotApplicationFactory bot, string text)
    {
        using var scope = bot.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<Outbox>().Enqueue(OutboxKind.SendToConversation, TeamsActivities.ServiceUrl,
            Activity.Message(text), $"test:{text}", conversationId: "a:1chat-with-mette");
        await scope.ServiceProvider.GetRequiredService<CoordinatorDb>().SaveChangesAsync();
    }

    /// <summary>Holds the first request open until released; records the text of every request in arrival order.</summary>
    private sealed class FirstHeldConnector : HttpMessageHandler
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _firstArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<string> _arrived = [];

        public Task FirstArrived => _firstArrived.Task;
        public string[] Arrived { get { lock (_arrived) return [.. _arrived]; } }
        public void ReleaseFirst() => _release.TrySetResult();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var text = System.Text.Json.JsonDocument.Parse(await request.Content!.ReadAsStringAsync(ct)).RootElement.GetProperty("text").GetString()!;
            bool isFirst;
            lock (_arrived) { _arrived.Add(text); isFirst = _arrived.Count == 1; }
            if (isFirst)
            {
                _firstArrived.TrySetResult();
                await _release.Task.WaitAsync(ct);
            }
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"id":"1"}""") };
        }
    }
}
