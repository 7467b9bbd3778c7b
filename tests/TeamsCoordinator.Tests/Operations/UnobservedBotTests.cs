using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeamsCoordinator.Operations;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Operations;

/// <summary>
/// A bot nobody observes (no OpenTelemetry exporter) pays nothing for telemetry: ASP.NET Core's hosting starts an
/// Activity and a log scope for every request whenever its logger is enabled at any level, so that logger is off
/// unless telemetry is on or an operator configured it.
/// </summary>
public sealed class UnobservedBotTests
{
    [Fact]
    public void AnUnobservedBotStartsNoActivityOrLogScopePerRequest()
    {
        using var bot = new BotApplicationFactory();

        Assert.False(HostingLogger(bot).IsEnabled(LogLevel.Critical));
    }

    [Theory]
    [InlineData("Telemetry:Enabled", "true")]
    [InlineData("Logging:LogLevel:" + Telemetry.HostingDiagnostics, "Information")]
    public void ObservedOrConfiguredTheHostingLoggerWorksAsUsual(string key, string value)
    {
        using var bot = new BotApplicationFactory { Settings = { [key] = value } };

        Assert.True(HostingLogger(bot).IsEnabled(LogLevel.Critical));
    }

    private static ILogger HostingLogger(BotApplicationFactory bot) =>
        bot.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Telemetry.HostingDiagnostics);
}
