using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Conversation;

/// <summary>Turns through /api/messages, as Teams delivers them, to what the bot sends back through the Connector.</summary>
public sealed class ConversationTests : IDisposable
{
    private readonly BotApplicationFactory _bot = new();

    public void Dispose() => _bot.Dispose();

    private static JsonElement CardOf(ConnectorRequest reply)
    {
        var attachment = reply.Json.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        return attachment.GetProperty("content");
    }

    private static string Heading(JsonElement card) => card.GetProperty("body")[0].GetProperty("text").GetString()!;

    private async Task<ConnectorRequest> OnlyReplyToAsync(Activity activity)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await _bot.PostActivityAsync(activity)).StatusCode);
        return Assert.Single(await _bot.Connector.WaitForMessagesAsync(1));
    }

    [Theory]
    [InlineData("hjælp")]
    [InlineData("HJÆLP")]
    [InlineData("hjaelp")]
    public async Task DanishHelpInPersonalChatAnswersWithTheDanishHelpCard(string typed)
    {
        var reply = await OnlyReplyToAsync(TeamsActivities.PersonalMessage(typed));

        Assert.Equal($"/emea/v3/conversations/{Uri.EscapeDataString(TeamsActivities.PersonalConversationId)}/activities", reply.Path);
        Assert.Equal("Koordinator: hjælp", Heading(CardOf(reply)));
        Assert.Equal("da-DK", reply.Json.GetProperty("locale").GetString());
        Assert.Equal(TeamsActivities.BotId, reply.Json.GetProperty("from").GetProperty("id").GetString());
    }

    [Fact]
    public async Task EnglishHelpAnswersInEnglish()
    {
        var reply = await OnlyReplyToAsync(TeamsActivities.PersonalMessage("help"));

        Assert.Equal("Koordinator: help", Heading(CardOf(reply)));
        Assert.Equal("en-US", reply.Json.GetProperty("locale").GetString());
    }

    [Fact]
    public async Task ChannelMentionIsAnsweredInTheSameThread()
    {
        var message = TeamsActivities.ChannelMessageMentioningBot("hjælp");

        var reply = await OnlyReplyToAsync(message);

        Assert.Equal($"/emea/v3/conversations/{Uri.EscapeDataString(message.Conversation!.Id!)}/activities/{message.Id}", reply.Path);
        Assert.Equal(message.Id, reply.Json.GetProperty("replyToId").GetString());
        Assert.Equal("Koordinator: hjælp", Heading(CardOf(reply)));
    }

    [Fact]
    public async Task MentionAloneAnswersWithTheHelpCard()
    {
        var reply = await OnlyReplyToAsync(TeamsActivities.ChannelMessageMentioningBot(""));

        Assert.Equal("Koordinator: hjælp", Heading(CardOf(reply)));
    }

    [Fact]
    public async Task TypoGetsADanishAnswerSuggestingTheNearestCommand()
    {
        var reply = await OnlyReplyToAsync(TeamsActivities.ChannelMessageMentioningBot("hjlp"));

        Assert.Contains("Den kommando kender jeg ikke", reply.Text);
        Assert.Contains("Mente du **@Koordinator hjælp**?", reply.Text);
    }

    [Fact]
    public async Task UnknownCommandGetsADanishAnswerPointingToHelp()
    {
        var reply = await OnlyReplyToAsync(TeamsActivities.PersonalMessage("what time is it"));

        Assert.Contains("Den kommando kender jeg ikke", reply.Text);
        Assert.Contains("@Koordinator hjælp", reply.Text);
        Assert.DoesNotContain("Mente du", reply.Text);
    }

    [Fact]
    public async Task RedeliveredMessageIsAnsweredOnce()
    {
        var message = TeamsActivities.PersonalMessage("hjælp");

        Assert.Equal(HttpStatusCode.Accepted, (await _bot.PostActivityAsync(message)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _bot.PostActivityAsync(message)).StatusCode);
        await AnswerToASentinelAsync();

        var helpCards = _bot.Connector.Messages.Where(m => m.Json.TryGetProperty("attachments", out _)).ToList();
        Assert.Single(helpCards, m => Heading(CardOf(m)) == "Koordinator: hjælp");
        Assert.Contains(_bot.Logs.Lines, l => l.Message.StartsWith("Duplicate delivery", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BotAddedToPersonalChatGreetsOnceEvenWhenDeliveredTwice()
    {
        var added = TeamsActivities.BotAddedToPersonalChat();

        await _bot.PostActivityAsync(added);
        await _bot.PostActivityAsync(added);
        await _bot.PostActivityAsync(added with { Id = TeamsActivities.NewId() });
        await _bot.PostActivityAsync(new Activity
        {
            Type = ActivityTypes.InstallationUpdate, Action = "add", Id = TeamsActivities.NewId(), ChannelId = "msteams",
            ServiceUrl = added.ServiceUrl, From = added.From, Recipient = added.Recipient, Conversation = added.Conversation, ChannelData = added.ChannelData,
        });
        await AnswerToASentinelAsync();

        Assert.Single(_bot.Connector.Messages, IsGreeting);
        var reference = await _bot.WithDbAsync(db => db.Set<ConversationReference>().AsNoTracking().SingleAsync());
        Assert.NotNull(reference.GreetedAt);
        Assert.Equal(TeamsActivities.Mette.AadObjectId, reference.UserAadObjectId);
    }

    [Fact]
    public async Task BotAddedToATeamGreetsInTheTeamAndRemembersIt()
    {
        await _bot.PostActivityAsync(TeamsActivities.BotAddedToTeam());

        var greeting = Assert.Single(await _bot.Connector.WaitForMessagesAsync(1));
        Assert.True(IsGreeting(greeting));
        Assert.Equal($"/emea/v3/conversations/{Uri.EscapeDataString(TeamsActivities.TeamId)}/activities", greeting.Path);
        var reference = await _bot.WithDbAsync(db => db.Set<ConversationReference>().AsNoTracking().SingleAsync());
        Assert.Equal("channel", reference.ConversationType);
        Assert.Equal(TeamsActivities.TeamId, reference.TeamId);
        Assert.Equal(TeamsActivities.ServiceUrl, reference.ServiceUrl);
    }

    [Fact]
    public async Task SomeoneElseJoiningIsNotGreeted()
    {
        var joined = TeamsActivities.BotAddedToTeam() with { MembersAdded = [TeamsActivities.Jonas] };

        await _bot.PostActivityAsync(joined);
        await _bot.PostActivityAsync(TeamsActivities.ChannelMessageMentioningBot("hjælp", channelId: TeamsActivities.TeamId));
        await _bot.Connector.WaitForMessagesAsync(1);
        await _bot.WaitForOutboxDrainedAsync();

        Assert.DoesNotContain(_bot.Connector.Messages, IsGreeting);
    }

    [Fact]
    public void HelpCardListsEveryCommandOfTheDispatchTable()
    {
        foreach (var lang in new[] { Language.Da, Language.En })
        {
            var json = JsonSerializer.Serialize(HelpCard.Build(lang), BotJson.Options);
            foreach (var command in DispatchTable.Commands)
            {
                Assert.Contains(JsonSerializer.Serialize(command.Example(lang), BotJson.Options).Trim('"'), json);
                Assert.Contains(JsonSerializer.Serialize(command.Description(lang), BotJson.Options).Trim('"'), json);
            }
        }
    }

    [Fact]
    public async Task CardActionWithAKnownVerbAnswersWithACard()
    {
        var response = await _bot.PostActivityAsync(TeamsActivities.CardAction("help.show"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(200, body.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body.GetProperty("type").GetString());
        Assert.Equal("Koordinator: hjælp", Heading(body.GetProperty("value")));
    }

    [Fact]
    public async Task CardActionWithAnUnknownVerbAnswers200WithADanishMessage()
    {
        var response = await _bot.PostActivityAsync(TeamsActivities.CardAction("gammel.knap.fra.2025"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(200, body.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.activity.message", body.GetProperty("type").GetString());
        Assert.Contains("Denne knap virker ikke længere", body.GetProperty("value").GetString());
    }

    [Theory]
    [InlineData("Action.Submit")]
    [InlineData("Action.OpenUrl")]
    public async Task CardActionThatIsNotActionExecuteGets400WithAnErrorBody(string actionType)
    {
        var response = await _bot.PostActivityAsync(TeamsActivities.CardAction("help.show", actionType: actionType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, body.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.error", body.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("value").GetProperty("code").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("value").GetProperty("message").GetString()));
    }

    [Theory]
    [InlineData("composeExtension/query")]
    [InlineData("task/fetch")]
    [InlineData("signin/verifyState")]
    public async Task OtherInvokesAre501(string name)
    {
        var invoke = TeamsActivities.CardAction("help.show") with { Name = name };

        var response = await _bot.PostActivityAsync(invoke);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    private static bool IsGreeting(ConnectorRequest r) =>
        r.Json.TryGetProperty("attachments", out _) && Heading(CardOf(r)) == "Koordinator er klar";

    /// <summary>
    /// Sends "help" in the personal chat and waits for its English card: turns of one conversation run in order and
    /// the outbox sends one conversation's messages in order, so everything before it has been answered by then.
    /// </summary>
    private async Task AnswerToASentinelAsync()
    {
        await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("help"));
        await _bot.Connector.WaitForAsync(1, r => FakeConnector.IsMessage(r) && r.Json.TryGetProperty("attachments", out _) &&
                                                   Heading(CardOf(r)) == "Koordinator: help");
        await _bot.WaitForOutboxDrainedAsync();
    }
}
