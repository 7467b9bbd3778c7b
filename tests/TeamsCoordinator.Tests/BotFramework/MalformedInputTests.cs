using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Tests.Cases;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.BotFramework;

/// <summary>
/// Whatever arrives at /api/messages, a sender's mistake is answered with a 4xx (never a 5xx), leaves nothing
/// behind (no outbox rows, no conversation references) and is logged without the message's content.
/// </summary>
public sealed class MalformedInputTests : IDisposable
{
    // Health data must never reach a log line; these requests carry some to prove it.
    private const string Secret = "Borger 010203-1234 har det skidt";
    private readonly BotApplicationFactory _bot = new();

    public void Dispose() => _bot.Dispose();

    private static JsonObject ValidActivity() =>
        JsonSerializer.SerializeToNode(TeamsActivities.PersonalMessage(Secret), BotJson.Options)!.AsObject();

    private static string Without(params string[] properties)
    {
        var activity = ValidActivity();
        foreach (var p in properties) activity.Remove(p);
        return activity.ToJsonString();
    }

    private static string With(string property, JsonNode? value)
    {
        var activity = ValidActivity();
        activity[property] = value;
        return activity.ToJsonString();
    }

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "invalid JSON", "{\"type\": \"message\", \"text\": \"" + Secret + "\"" },
        { "empty body", "" },
        { "JSON null", "null" },
        { "JSON array", "[]" },
        { "type of the wrong JSON kind", With("type", 42) },
        { "missing type", Without("type") },
        { "missing conversation", Without("conversation") },
        { "conversation without id", With("conversation", new JsonObject { ["conversationType"] = "personal" }) },
        { "missing serviceUrl", Without("serviceUrl") },
        { "serviceUrl that is not a URL", With("serviceUrl", "smba.trafficmanager.net/emea") },
        { "serviceUrl with another scheme", With("serviceUrl", "file:///etc/passwd") },
        { "message without from", Without("from") },
        { "null among the entities", With("entities", new JsonArray((JsonNode?)null)) },
        { "null among the attachments", With("attachments", new JsonArray((JsonNode?)null)) },
        { "null among the members added", With("membersAdded", new JsonArray((JsonNode?)null)) },
        { "nesting beyond any real activity", "{\"type\":\"message\",\"value\":" + new string('[', 5000) + new string(']', 5000) + "}" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task MalformedActivityIsRejectedWith400AndLeavesNothingBehind(string why, string body)
    {
        var response = await _bot.PostJsonAsync(body, TestTokens.Valid());

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: got {(int)response.StatusCode}");
        await AssertNothingStoredAndRejectionLoggedAsync();
    }

    [Fact]
    public async Task BodyOfTwoMegabytesIsRejectedWith413()
    {
        var activity = ValidActivity();
        activity["text"] = new string('x', 2 * 1024 * 1024);

        var response = await _bot.PostJsonAsync(activity.ToJsonString(), TestTokens.Valid());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNothingStoredAndRejectionLoggedAsync();
    }

    [Fact]
    public async Task ChunkedBodyOfTwoMegabytesWithoutContentLengthIsRejectedWith413()
    {
        var activity = ValidActivity();
        activity["text"] = new string('x', 2 * 1024 * 1024);
        using var client = _bot.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StreamContent(new NoLengthStream(Encoding.UTF8.GetBytes(activity.ToJsonString()))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Valid());

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNothingStoredAndRejectionLoggedAsync();
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/jsonp")]
    [InlineData("application/json-patch+json")]
    public async Task WrongContentTypeIsRejectedWith415(string contentType)
    {
        var response = await _bot.PostJsonAsync(ValidActivity().ToJsonString(), TestTokens.Valid(), contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertNothingStoredAndRejectionLoggedAsync();
    }

    [Fact]
    public async Task JsonWithCharsetIsAccepted()
    {
        var response = await _bot.PostJsonAsync(ValidActivity().ToJsonString(), TestTokens.Valid(), "application/json; charset=utf-8");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task UnknownActivityTypeIsAcknowledgedAndIgnored()
    {
        var response = await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hej") with { Type = "messageReaction" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await AssertOnlyTheSentinelWasAnsweredAsync();
    }

    [Fact]
    public async Task InvokeWithoutValueIsABadRequestNotAServerError()
    {
        var invoke = TeamsActivities.CardAction("help.show") with { Value = null };

        var response = await _bot.PostActivityAsync(invoke);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private const string Marker = "~MARKER~";

    /// <summary>The activity as JSON bytes, with the marker replaced by raw bytes (an escape such as <c>\ud800</c>, or invalid UTF-8).</summary>
    private static byte[] Body(Activity activity, byte[] replacement)
    {
        var parts = JsonSerializer.Serialize(activity, BotJson.Options).Split(Marker);
        Assert.Equal(2, parts.Length);
        return [.. Encoding.UTF8.GetBytes(parts[0]), .. replacement, .. Encoding.UTF8.GetBytes(parts[1])];
    }

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    public static TheoryData<string, byte[]> UnreadableStrings => new()
    {
        { "lone high surrogate in the text", Body(TeamsActivities.PersonalMessage("hej " + Marker), Ascii("\\ud800")) },
        { "lone low surrogate in a card's data", Body(TeamsActivities.CardAction("help.show", new { note = Marker }), Ascii("\\udc00")) },
        { "lone surrogate in a member name of a card's data", Body(TeamsActivities.CardAction("help.show", new Dictionary<string, string> { [Marker] = "x" }), Ascii("\\ud83d")) },
        { "lone surrogate in the conversation id", Body(TeamsActivities.PersonalMessage("hjælp", conversationId: "a:1" + Marker), Ascii("\\ud800")) },
        { "NUL in the conversation id", Body(TeamsActivities.PersonalMessage("hjælp", conversationId: "a:1" + Marker), Ascii("\\u0000")) },
        { "NUL in a card's data", Body(TeamsActivities.CardAction("help.show", new { note = Marker }), Ascii("\\u0000")) },
        { "invalid UTF-8 in a card's data", Body(TeamsActivities.CardAction("help.show", new { note = Marker }), [0xFF]) },
        { "UTF-8 encoded surrogate in a card's data", Body(TeamsActivities.CardAction("help.show", new { note = Marker }), [0xED, 0xA0, 0x80]) },
        { "truncated UTF-8 sequence in the text", Body(TeamsActivities.PersonalMessage("hej " + Marker), [0xC3]) },
    };

    [Theory]
    [MemberData(nameof(UnreadableStrings))]
    public async Task StringThatIsNotReadableTextIsRejectedWith400AndLeavesNothingBehind(string why, byte[] body)
    {
        var response = await _bot.PostBytesAsync(body, TestTokens.Valid());

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: got {(int)response.StatusCode}");
        await AssertNothingStoredAndRejectionLoggedAsync();
    }

    private static Activity InvokeWith(Action<JsonObject> change)
    {
        var invoke = TeamsActivities.CardAction("help.show");
        var value = JsonSerializer.SerializeToNode(invoke.Value, BotJson.Options)!.AsObject();
        change(value);
        return invoke with { Value = JsonSerializer.SerializeToElement(value) };
    }

    public static TheoryData<string, JsonNode?> WrongKinds => new() { { "number", 42 }, { "object", new JsonObject() }, { "array", new JsonArray("Action.Execute") }, { "true", true }, { "null", null } };

    [Theory]
    [MemberData(nameof(WrongKinds))]
    public async Task ActionTypeOrVerbOfAnotherJsonKindIsABadRequest(string kind, JsonNode? value)
    {
        var type = await _bot.PostActivityAsync(InvokeWith(v => v["action"]!["type"] = value?.DeepClone()));
        var verb = await _bot.PostActivityAsync(InvokeWith(v => v["action"]!["verb"] = value?.DeepClone()));

        Assert.True(type.StatusCode == HttpStatusCode.BadRequest, $"type as {kind}: got {(int)type.StatusCode}");
        Assert.True(verb.StatusCode == HttpStatusCode.BadRequest, $"verb as {kind}: got {(int)verb.StatusCode}");
    }

    [Theory]
    [MemberData(nameof(WrongKinds))]
    public async Task TriggerOrDataOfAnotherJsonKindIsAnsweredAsAManualClick(string kind, JsonNode? value)
    {
        var trigger = await _bot.PostActivityAsync(InvokeWith(v => v["trigger"] = value?.DeepClone()));
        var data = await _bot.PostActivityAsync(InvokeWith(v => v["action"]!["data"] = value?.DeepClone()));

        Assert.True(trigger.StatusCode == HttpStatusCode.OK, $"trigger as {kind}: got {(int)trigger.StatusCode}");
        Assert.True(data.StatusCode == HttpStatusCode.OK, $"data as {kind}: got {(int)data.StatusCode}");
    }

    public static TheoryData<string, Func<Activity, Activity>> OverLongIds => new()
    {
        { "conversation.id", a => a with { Conversation = a.Conversation! with { Id = "a:1" + new string('x', 600) } } },
        { "from.aadObjectId", a => a with { From = a.From! with { AadObjectId = new string('0', 600) } } },
        { "from.id", a => a with { From = a.From! with { Id = "29:" + new string('x', 600) } } },
        { "id", a => a with { Id = new string('1', 600) } },
        { "name", a => a with { Name = new string('n', 600) } },
        { "channelData.channel.id", a => a with { ChannelData = a.ChannelData! with { Channel = new ChannelInfo { Id = "19:" + new string('c', 600) } } } },
    };

    [Theory]
    [MemberData(nameof(OverLongIds))]
    public async Task IdLongerThanAnyTeamsIdIsRejectedWith400AndLeavesNothingBehind(string which, Func<Activity, Activity> change)
    {
        var response = await _bot.PostActivityAsync(change(TeamsActivities.PersonalMessage(Secret)));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{which}: got {(int)response.StatusCode}");
        await AssertNothingStoredAndRejectionLoggedAsync();
    }

    [Fact]
    public async Task DatabaseFaultBeforeTheCardHandlerRunsIsAnsweredNotA500()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"))).StatusCode);
        await _bot.Connector.WaitForMessagesAsync(1);
        await _bot.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE conversation_references"));

        var response = await _bot.PostActivityAsync(TeamsActivities.CardAction("help.show") with { Conversation = new ConversationAccount { Id = "a:1another-chat", TenantId = TeamsActivities.TenantId } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Der skete en fejl hos Koordinator", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OverLongFormIdIsAnsweredAsAStaleCardAndCreatesNothing()
    {
        var answer = await CaseScenario.SubmitAsync(_bot, DemoPeople.Mette, "case.create", CaseScenario.Form(new string('f', CardActionInvoke.MaxFormIdLength + 1)));

        Assert.Contains("Kortet mangler sit id", answer);
        Assert.Equal(0, await _bot.WithDbAsync(db => db.Set<TeamsCoordinator.Cases.CitizenCase>().CountAsync()));
    }

    private async Task AssertNothingStoredAndRejectionLoggedAsync()
    {
        Assert.Contains(_bot.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.StartsWith("Rejected request with 4", StringComparison.Ordinal));
        await AssertOnlyTheSentinelWasAnsweredAsync();
    }

    /// <summary>
    /// Sends one valid message in the same conversation and waits for its answer: turns of one conversation run
    /// in order, so anything the rejected request had started would be stored by then.
    /// </summary>
    private async Task AssertOnlyTheSentinelWasAnsweredAsync()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"))).StatusCode);
        await _bot.Connector.WaitForMessagesAsync(1);
        await _bot.WaitForOutboxDrainedAsync();

        // The sentinel changed nothing, so its answer was sent directly and left no outbox row either.
        Assert.Empty(await _bot.OutboxAsync());
        Assert.Single(await _bot.WithDbAsync(db => db.Set<ConversationReference>().AsNoTracking().ToListAsync()));
        Assert.Single(_bot.Connector.Messages);
        Assert.DoesNotContain(_bot.Logs.Lines, l => l.Message.Contains("010203-1234", StringComparison.Ordinal));
    }

    private sealed class NoLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
