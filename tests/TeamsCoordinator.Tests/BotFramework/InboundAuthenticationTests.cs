using System.Net;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.BotFramework;

/// <summary>
/// Inbound authentication through HTTP, as the Bot Connector authentication spec describes it
/// (PROTOCOL.md §1): everything that is not a valid token for this bot gets 401 and never reaches a turn.
/// </summary>
public sealed class InboundAuthenticationTests : IDisposable
{
    private readonly BotApplicationFactory _bot = new();

    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task ValidBotConnectorTokenIsAccepted()
    {
        var response = await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reply = Assert.Single(await _bot.Connector.WaitForMessagesAsync(1));
        Assert.Equal("Bearer " + BotApplicationFactory.ConnectorToken, reply.Authorization);
    }
}
