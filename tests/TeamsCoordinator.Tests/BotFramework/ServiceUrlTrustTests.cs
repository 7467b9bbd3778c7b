using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.BotFramework;

/// <summary>
/// The bot sends its Connector token to a serviceUrl only when a Bot Connector token's signed serviceurl claim named
/// it, configuration lists it, or it is one of Microsoft's Connector hosts. An Entra-issued token has no such claim:
/// an activity of that path naming a new host is refused, that host never receives a request, and no stored
/// conversation reference moves to it.
/// </summary>
public sealed class ServiceUrlTrustTests : IDisposable
{
    private const string AttackerUrl = "https://connector.attacker.example/emea/";
    private readonly BotApplicationFactory _bot = new();

    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task EntraPathActivityWithANewServiceUrlIsRefusedAndThatHostNeverReceivesTheToken()
    {
        // The conversation is known, at Microsoft's Connector.
        Assert.Equal(HttpStatusCode.Accepted, (await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"))).StatusCode);
        await _bot.Connector.WaitForMessagesAsync(1);

        var forged = TeamsActivities.PersonalMessage("hjælp") with { ServiceUrl = AttackerUrl };
        var message = await _bot.PostActivityAsync(forged, TestTokens.Entra(BotApplicationFactory.BotTenantId));
        var click = await _bot.PostActivityAsync(TeamsActivities.CardAction("help.show") with { ServiceUrl = AttackerUrl }, TestTokens.Entra(BotApplicationFactory.BotTenantId));

        Assert.Equal(HttpStatusCode.Forbidden, message.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, click.StatusCode);
        Assert.False(_bot.Services.GetRequiredService<TrustedServiceUrls>().IsTrusted(AttackerUrl));

        // The next turn of that conversation still goes to Microsoft's Connector; nothing ever went to the attacker.
        Assert.Equal(HttpStatusCode.Accepted, (await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"))).StatusCode);
        await _bot.Connector.WaitForMessagesAsync(2);
        await _bot.WaitForOutboxDrainedAsync();
        Assert.All(_bot.Connector.Requests, r => Assert.Equal("smba.trafficmanager.net", r.Uri.Host));
        var reference = Assert.Single(await _bot.WithDbAsync(db => db.Set<ConversationReference>().AsNoTracking().ToListAsync()));
        Assert.Equal(TeamsActivities.ServiceUrl, reference.ServiceUrl);
    }

    [Fact]
    public async Task ServiceUrlVouchedForByABotConnectorTokenBecomesTrustedAndIsAnsweredThere()
    {
        const string sovereign = "https://connector.sovereign.example/tenant/";

        var response = await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp") with { ServiceUrl = sovereign }, TestTokens.ForServiceUrl(sovereign));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reply = Assert.Single(await _bot.Connector.WaitForMessagesAsync(1));
        Assert.Equal("connector.sovereign.example", reply.Uri.Host);
    }

    [Fact]
    public async Task ConfiguredServiceUrlIsTrustedForEntraPathActivities()
    {
        const string configured = "https://connector.configured.example/";
        using var bot = new BotApplicationFactory { Settings = { ["Bot:TrustedServiceUrls:0"] = configured } };

        var response = await bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp") with { ServiceUrl = configured }, TestTokens.Entra(BotApplicationFactory.BotTenantId));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reply = Assert.Single(await bot.Connector.WaitForMessagesAsync(1));
        Assert.Equal("connector.configured.example", reply.Uri.Host);
    }

    [Fact]
    public async Task StoredConversationReferenceNeverMovesToAnUntrustedServiceUrl()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"))).StatusCode);
        await _bot.Connector.WaitForMessagesAsync(1);

        // Whatever let such an activity through, the reference keeps the serviceUrl the bot trusts.
        using (var scope = _bot.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<ConversationReferences>()
                .RememberAsync(TeamsActivities.PersonalMessage("hjælp") with { ServiceUrl = AttackerUrl, Recipient = TeamsActivities.Bot with { Name = "changed" } }, default);

        var reference = Assert.Single(await _bot.WithDbAsync(db => db.Set<ConversationReference>().AsNoTracking().ToListAsync()));
        Assert.Equal(TeamsActivities.ServiceUrl, reference.ServiceUrl);
    }
}
