using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Addin;

/// <summary>Development mode (no app ids, anonymous bot on loopback): the bot signs a token for the demo user, so the pane runs against ./run-bot.sh.</summary>
public sealed class AddinDevelopmentTokenTests
{
    [Fact]
    public async Task InDevelopmentTheDemoUserGetsATokenTheApiAccepts()
    {
        using var bot = new BotApplicationFactory
        {
            Settings = new() { ["Bot:MicrosoftAppId"] = null, ["Bot:MicrosoftAppPassword"] = null, ["Bot:AllowAnonymous"] = "true" },
        };
        using var client = bot.CreateClient();
        var config = await client.GetFromJsonAsync<JsonElement>("/api/addin/config");
        Assert.True(config.GetProperty("development").GetBoolean());

        var issued = await client.PostAsync("/api/addin/development-token", null);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var token = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/addin/cases");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var cases = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, cases.StatusCode);

        // A token of an Entra tenant means nothing to the development scheme.
        using var entra = new HttpRequestMessage(HttpMethod.Get, "/api/addin/cases");
        entra.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AddinTokens.For(Handovers.HandoverScenario.Mette));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(entra)).StatusCode);
    }

    [Fact]
    public async Task WithABotAppIdButNoAddinAppIdEveryCallIsRefused()
    {
        using var bot = new BotApplicationFactory();
        using var client = bot.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/addin/development-token", null)).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/addin/cases");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AddinTokens.For(Handovers.HandoverScenario.Mette));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
        Assert.False((await client.GetFromJsonAsync<JsonElement>("/api/addin/config")).GetProperty("development").GetBoolean());
    }
}
