using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Conversation;
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
