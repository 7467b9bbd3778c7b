using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.BotFramework;

/// <summary>
/// Turns run in the request that brought them, one conversation's turns one after another in the order they arrived,
/// other conversations meanwhile; a turn the host stops before it ran is not run (its request is not acknowledged, so
/// Teams delivers it again).
/// </summary>
public sealed class TurnLanesTests
{
    private readonly GatedBot _bot = new();
    private readonly StoppingHost _host = new();
    private readonly TurnLanes _lanes;

    public TurnLanesTests()
    {
        var connector = new ConnectorClient(new HttpClient(), new NoToken(), new TrustedServiceUrls(Options.Create(new BotOptions())),
            NullLogger<ConnectorClient>.Instance);
        _lanes = new TurnLanes(_bot, connector, _host, NullLogger<TurnLanes>.Instance);
    }

    [Fact]
    public async Task TheTurnsOfOneConversationRunOneAfterAnotherInTheOrderTheyArrived()
    {
        var first = _lanes.RunAsync(Update("a:1mette", "first"));
        var second = _lanes.RunAsync(Update("a:1mette", "second"));
        var third = _lanes.RunAsync(Update("a:1mette", "third"));
        await _bot.StartedAsync("first");

        // Another conversation is not held up by the one whose turn is under way.
        var other = _lanes.RunAsync(Update("a:1lars", "other"));
        _bot.Release("other");
        await other.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["first", "other"], _bot.Started);
        _bot.Release("first");
        await first.WaitAsync(TimeSpan.FromSeconds(10));
        await _bot.StartedAsync("second");
        Assert.Equal(["first", "other", "second"], _bot.Started);
        _bot.Release("second");
        _bot.Release("third");
        await Task.WhenAll(second, third).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["first", "other", "second", "third"], _bot.Started);
    }

    [Fact]
    public async Task ATurnStillWaitingForItsLaneWhenTheHostStopsIsNotRun()
    {
        var running = _lanes.RunAsync(Update("a:1mette", "running"));
        var waiting = _lanes.RunAsync(Update("a:1mette", "waiting"));
        await _bot.StartedAsync("running");

        _host.Stop();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(waiting.IsCanceled);
        Assert.Equal(["running"], _bot.Started);
    }

    // Not a message: no typing indicator is due, whatever the turn takes.
    private static Activity Update(string conversationId, string id) =>
        TeamsActivities.BotAddedToPersonalChat(id: id) with { Conversation = new ConversationAccount { Id = conversationId } };

    /// <summary>Each turn starts, says so, and ends when the test releases it (or the host stops).</summary>
    private sealed class GatedBot : IBot
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _release = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _started = new();
        private readonly ConcurrentQueue<string> _order = new();

        public string[] Started => [.. _order];

        public Task StartedAsync(string id) => Gate(_started, id).Task.WaitAsync(TimeSpan.FromSeconds(10));

        public void Release(string id) => Gate(_release, id).TrySetResult();

        public Task<AdaptiveCardInvokeResponse?> OnInvokeAsync(Activity activity, CancellationToken ct) => throw new NotSupportedException();

        public async Task OnActivityAsync(Activity activity, CancellationToken ct)
        {
            _order.Enqueue(activity.Id!);
            Gate(_started, activity.Id!).TrySetResult();
            await Gate(_release, activity.Id!).Task.WaitAsync(ct);
        }

        private static TaskCompletionSource Gate(ConcurrentDictionary<string, TaskCompletionSource> gates, string id) =>
            gates.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    private sealed class StoppingHost : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _stopping = new();
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => _stopping.Token;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() => Stop();
        public void Stop() => _stopping.Cancel();
    }

    private sealed class NoToken : IConnectorTokenProvider
    {
        public Task<string?> GetTokenAsync(CancellationToken ct) => Task.FromResult<string?>(null);
    }
}
