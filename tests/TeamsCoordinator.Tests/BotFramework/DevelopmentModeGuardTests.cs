using System.Net;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.BotFramework;

/// <summary>
/// Anonymous requests exist only for Agents Playground on the developer's own machine: with no app id and
/// loopback addresses only. Every other combination refuses to start.
/// </summary>
public sealed class DevelopmentModeGuardTests
{
    private static BotApplicationFactory Bot(params (string Key, string? Value)[] settings) =>
        new() { Settings = settings.ToDictionary(s => s.Key, s => s.Value) };

    [Fact]
    public void AnonymousModeWithAnAppIdRefusesToStart()
    {
        using var bot = Bot(("Bot:AllowAnonymous", "true"));

        var e = Assert.Throws<InvalidOperationException>(() => bot.CreateClient());
        Assert.Contains("AllowAnonymous", e.Message);
    }

    [Theory]
    [InlineData("http://0.0.0.0:3978")]
    [InlineData("http://*:3978")]
    [InlineData("http://+:3978")]
    [InlineData("http://192.168.1.20:3978")]
    [InlineData("http://127.0.0.1:3978;http://bot.example:3978")]
    public void AnonymousModeOnANetworkAddressRefusesToStart(string urls)
    {
        using var bot = Bot(("Bot:AllowAnonymous", "true"), ("Bot:MicrosoftAppId", null), ("urls", urls));

        var e = Assert.Throws<InvalidOperationException>(() => bot.CreateClient());
        Assert.Contains("loopback", e.Message);
    }

    [Theory]
    [InlineData("http_ports", "8080")]
    [InlineData("https_ports", "8443")]
    [InlineData("Kestrel:Endpoints:Http:Url", "http://0.0.0.0:5000")]
    public void AnonymousModeWithPortsOrKestrelEndpointsOnTheNetworkRefusesToStart(string key, string value)
    {
        using var bot = Bot(("Bot:AllowAnonymous", "true"), ("Bot:MicrosoftAppId", null), (key, value));

        var e = Assert.Throws<InvalidOperationException>(() => bot.CreateClient());
        Assert.Contains("loopback", e.Message);
    }

    [Fact]
    public void NeitherAppIdNorAnonymousModeRefusesToStart()
    {
        using var bot = Bot(("Bot:MicrosoftAppId", null));

        Assert.Throws<InvalidOperationException>(() => bot.CreateClient());
    }

    [Fact]
    public async Task AnonymousModeOnLoopbackAcceptsRequestsWithoutToken()
    {
        using var bot = Bot(("Bot:AllowAnonymous", "true"), ("Bot:MicrosoftAppId", null), ("urls", "http://127.0.0.1:3978;http://[::1]:3978;http://localhost:3978"));

        var response = await bot.PostAnonymousAsync(TeamsActivities.PersonalMessage("hjælp"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task AnonymousModeStillRejectsAPresentedToken()
    {
        // Without an app id no token can be validated; a caller who sends one is not Playground.
        using var bot = Bot(("Bot:AllowAnonymous", "true"), ("Bot:MicrosoftAppId", null), ("urls", "http://127.0.0.1:3978"));

        var response = await bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"), TestTokens.Valid());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task RequestWithoutTokenIsRejectedOutsideDevelopmentMode()
    {
        using var bot = Bot();

        var response = await bot.PostAnonymousAsync(TeamsActivities.PersonalMessage("hjælp"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("http://127.0.0.1:3978", true)]
    [InlineData("http://[::1]:3978", true)]
    [InlineData("http://localhost:3978", true)]
    [InlineData("https://LOCALHOST:443", true)]
    [InlineData("http://0.0.0.0:3978", false)]
    [InlineData("http://[::]:3978", false)]
    [InlineData("http://*:80", false)]
    [InlineData("http://localhost.evil.example:3978", false)]
    [InlineData("not a url", false)]
    public void LoopbackUrlsAreRecognised(string url, bool loopback) =>
        Assert.Equal(loopback, DevelopmentModeGuard.IsLoopbackUrl(url));
}
