using System.Net;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.BotFramework;

/// <summary>
/// A message is acknowledged once its turn has run, as the Bot Framework SDKs do: an instance that dies before its
/// 202 leaves the activity to Teams' redelivery, never lost in a queue in memory (bench/load kills one to show it).
/// </summary>
public sealed class AcknowledgementTests : IDisposable
{
    private readonly BotApplicationFactory _bot = new();

    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task TheReplyHasBeenSentWhenTheMessageIsAcknowledged()
    {
        var message = TeamsActivities.PersonalMessage("hjælp");

        var response = await _bot.PostActivityAsync(message);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reply = Assert.Single(_bot.Connector.Messages);
        Assert.Equal(message.Id, reply.Json.GetProperty("replyToId").GetString());
    }
}
