using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Delivery;

/// <summary>A bot on a fake clock whose outbox passes run only when the test calls them, sending to the test's connector.</summary>
internal sealed class ManualDispatch : IDisposable
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.Parse("2026-12-03T07:00:00Z"));
    public BotApplicationFactory Bot { get; }
    public OutboxDispatcher Dispatcher { get; }

    public ManualDispatch(HttpMessageHandler connector)
    {
        Bot = new BotApplicationFactory
        {
            Time = Clock, ConnectorRetries = 0, RunOutboxDispatcher = false,
            ExtraServices = services => services.AddHttpClient<ConnectorClient>().ConfigurePrimaryHttpMessageHandler(() => connector),
        };
        Dispatcher = ActivatorUtilities.CreateInstance<OutboxDispatcher>(Bot.Services);
    }

    public void Dispose() => Bot.Dispose();
}
