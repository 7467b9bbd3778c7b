using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Delivery;

/// <summary>
/// Messages to one conversation go out in the order they were enqueued, which across instances is not the order of
/// their ids: each instance draws row ids in blocks of its own (RowIdGenerator), so a card's update enqueued by one
/// instance after another posted the card can have the lower id. Ordered by id, the update went first, waited for the
/// card it updates, and held the card back behind itself: neither was ever sent (bench/load: batons left rows unsent).
/// </summary>
public sealed class OutboxOrderAcrossInstancesTests
{
    private const string Channel = "19:forloeb@thread.tacv2";

    [Fact]
    public async Task ACardsUpdateWithALowerIdFromAnotherInstanceGoesOutAfterTheCardItUpdates()
    {
        var connector = new RecordingConnector();
        using var run = new ManualDispatch(connector);
        var (clock, bot, dispatcher) = (run.Clock, run.Bot, run.Dispatcher);

        using (var scope = bot.Services.CreateScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
            // The update takes the lower id (another instance's block); the card was enqueued a second before it.
            var update = outbox.Enqueue(OutboxKind.Update, TeamsActivities.ServiceUrl, Activity.Message("accepteret"), "card:h1:v2:update",
                conversationId: Channel, targetCorrelationKey: "card:h1");
            var post = outbox.Enqueue(OutboxKind.NewChannelThread, TeamsActivities.ServiceUrl, Activity.Message("tilbudt"), "card:h1:post",
                conversationId: Channel, correlationKey: "card:h1");
            post.CreatedAt = clock.GetUtcNow().AddSeconds(-1);
            await scope.ServiceProvider.GetRequiredService<CoordinatorDb>().SaveChangesAsync();
            Assert.True(update.Id < post.Id);
        }

        for (var pass = 0; pass < 10 && connector.Arrived.Length < 2; pass++)
        {
            await dispatcher.DispatchDueAsync(default);
            clock.Advance(TimeSpan.FromSeconds(2));
        }
        Assert.Equal(["POST tilbudt", "PUT accepteret"], connector.Arrived);
    }

    [Fact]
    public async Task AMessageEnqueuedEarlierOnAnotherInstanceGoesOutFirstWhateverItsId()
    {
        var connector = new RecordingConnector();
        using var run = new ManualDispatch(connector);
        var (clock, bot, dispatcher) = (run.Clock, run.Bot, run.Dispatcher);
        using (var scope = bot.Services.CreateScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
            var later = outbox.Enqueue(OutboxKind.SendToConversation, TeamsActivities.ServiceUrl, Activity.Message("anden"), "test:second", conversationId: "a:1chat-with-mette");
            var earlier = outbox.Enqueue(OutboxKind.SendToConversation, TeamsActivities.ServiceUrl, Activity.Message("første"), "test:first", conversationId: "a:1chat-with-mette");
            earlier.CreatedAt = clock.GetUtcNow().AddSeconds(-1);
            await scope.ServiceProvider.GetRequiredService<CoordinatorDb>().SaveChangesAsync();
            Assert.True(later.Id < earlier.Id);
        }
        await dispatcher.DispatchDueAsync(default);
        Assert.Equal(["POST første", "POST anden"], connector.Arrived);
    }

    /// <summary>Answers every Connector call; records method and text in arrival order.</summary>
    private sealed class RecordingConnector : HttpMessageHandler
    {
        private readonly List<string> _arrived = [];
        public string[] Arrived { get { lock (_arrived) return [.. _arrived]; } }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var body = System.Text.Json.JsonDocument.Parse(await request.Content!.ReadAsStringAsync(ct)).RootElement;
            // A new thread carries its first message as "activity"; a send or an update is the activity itself.
            var activity = body.TryGetProperty("activity", out var first) ? first : body;
            lock (_arrived) _arrived.Add($"{request.Method} {activity.GetProperty("text").GetString()}");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"id":"19:forloeb@thread.tacv2;messageid=1","activityId":"1"}""") };
        }
    }
}
