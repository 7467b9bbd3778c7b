using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.BotFramework;

/// <summary>The Connector REST calls (PROTOCOL.md §3): URLs, escaping, the bearer token, and whom the token may be sent to.</summary>
public sealed class ConnectorClientTests
{
    private const string ChannelThread = "19:abc@thread.tacv2;messageid=1795415702500";
    private const string EscapedChannelThread = "19%3Aabc%40thread.tacv2%3Bmessageid%3D1795415702500";
    private readonly FakeConnector _fake = new();
    private readonly FixedToken _token = new("connector-token-123");

    private ConnectorClient Client(BotOptions? options = null, TrustedServiceUrls? trust = null)
    {
        options ??= new BotOptions { MicrosoftAppId = BotApplicationFactory.AppId };
        return new ConnectorClient(new HttpClient(_fake), _token, trust ?? new TrustedServiceUrls(Options.Create(options)), NullLogger<ConnectorClient>.Instance);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/emea/")]
    [InlineData("https://smba.trafficmanager.net/emea")]
    public async Task UrlIsServiceUrlPlusV3WithoutDoubleSlash(string serviceUrl)
    {
        await Client().SendToConversationAsync(serviceUrl, "a:1chat", Activity.Message("hej"), default);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://smba.trafficmanager.net/emea/v3/conversations/a%3A1chat/activities", request.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task TeamsIdsWithColonAtSemicolonAndEqualsArePathEscaped()
    {
        await Client().ReplyToActivityAsync(TeamsActivities.ServiceUrl, ChannelThread, "1795415702500", Activity.Message("hej"), default);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal($"/emea/v3/conversations/{EscapedChannelThread}/activities/1795415702500", request.Uri.AbsolutePath);
        Assert.Equal("1795415702500", request.Json.GetProperty("replyToId").GetString());
        Assert.Equal(ChannelThread, request.Json.GetProperty("conversation").GetProperty("id").GetString());
    }

    [Fact]
    public async Task UpdatePutsTheActivityWithItsId()
    {
        await Client().UpdateActivityAsync(TeamsActivities.ServiceUrl, ChannelThread, "17954/15=7", Activity.Message("ny tekst"), default);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal($"/emea/v3/conversations/{EscapedChannelThread}/activities/17954%2F15%3D7", request.Uri.AbsolutePath);
        Assert.Equal("17954/15=7", request.Json.GetProperty("id").GetString());
        Assert.Equal("message", request.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task DeleteSendsNoBody()
    {
        await Client().DeleteActivityAsync(TeamsActivities.ServiceUrl, "a:1chat", "42", default);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.Equal("/emea/v3/conversations/a%3A1chat/activities/42", request.Uri.AbsolutePath);
        Assert.Null(request.Body);
    }

    [Fact]
    public async Task CreateConversationPostsTheParametersAndReturnsTheNewId()
    {
        var created = await Client().CreateConversationAsync(TeamsActivities.ServiceUrl, new ConversationParameters
        {
            Bot = TeamsActivities.Bot,
            Members = [new ChannelAccount { Id = "29:1mette" }],
            TenantId = TeamsActivities.TenantId,
            ChannelData = new TeamsChannelData { Tenant = new TenantInfo(TeamsActivities.TenantId) },
        }, default);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal("/emea/v3/conversations", request.Uri.AbsolutePath);
        Assert.False(request.Json.GetProperty("isGroup").GetBoolean());
        Assert.Equal(TeamsActivities.TenantId, request.Json.GetProperty("channelData").GetProperty("tenant").GetProperty("id").GetString());
        Assert.StartsWith("a:created-", created.Id);
    }

    [Theory]
    [InlineData(10, "50")]
    [InlineData(200, "200")]
    [InlineData(9000, "500")]
    public async Task PagedMembersClampsThePageSizeAndEscapesTheContinuationToken(int pageSize, string sent)
    {
        await Client().GetPagedMembersAsync(TeamsActivities.ServiceUrl, ChannelThread, pageSize, "tok+en/=", default);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal($"/emea/v3/conversations/{EscapedChannelThread}/pagedmembers", request.Uri.AbsolutePath);
        Assert.Equal($"?pageSize={sent}&continuationToken=tok%2Ben%2F%3D", request.Uri.Query);
    }

    [Fact]
    public async Task BearerTokenFromTheTokenProviderIsAttached()
    {
        await Client().SendToConversationAsync(TeamsActivities.ServiceUrl, "a:1chat", Activity.Message("hej"), default);

        Assert.Equal("Bearer connector-token-123", Assert.Single(_fake.Requests).Authorization);
    }

    [Fact]
    public async Task NoAuthorizationHeaderWhenThereIsNoToken()
    {
        _token.Value = null;
        var client = Client(new BotOptions { AllowAnonymous = true });

        await client.SendToConversationAsync("http://localhost:56150/_connector", "a:1chat", Activity.Message("hej"), default);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal("http://localhost:56150/_connector/v3/conversations/a%3A1chat/activities", request.Uri.AbsoluteUri);
        Assert.Null(request.Authorization);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("https://smba.trafficmanager.net.evil.example/emea/")]
    [InlineData("http://smba.trafficmanager.net/emea/")]
    [InlineData("http://localhost:56150/_connector")]
    [InlineData("not a url")]
    public async Task UntrustedServiceUrlIsRefusedBeforeAnyHttp(string serviceUrl)
    {
        var e = await Assert.ThrowsAsync<ConnectorException>(() =>
            Client().SendToConversationAsync(serviceUrl, "a:1chat", Activity.Message("hej"), default));

        Assert.Equal(HttpStatusCode.Forbidden, e.Status);
        Assert.Equal("UntrustedServiceUrl", e.Code);
        Assert.False(e.IsTransient);
        Assert.Empty(_fake.Requests);
        Assert.Equal(0, _token.Calls);
    }

    [Fact]
    public async Task ServiceUrlThatArrivedInAnAuthenticatedActivityIsTrusted()
    {
        var trust = new TrustedServiceUrls(Options.Create(new BotOptions { MicrosoftAppId = BotApplicationFactory.AppId }));
        trust.Remember("https://connector.sovereign.example/tenant/");

        await Client(trust: trust).SendToConversationAsync("https://connector.sovereign.example/tenant", "a:1chat", Activity.Message("hej"), default);

        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task ErrorAnswerBecomesAConnectorExceptionWithTheConnectorsCode()
    {
        _fake.ThenAnswer(HttpStatusCode.Forbidden, errorCode: "BotNotInConversationRoster");

        var e = await Assert.ThrowsAsync<ConnectorException>(() =>
            Client().SendToConversationAsync(TeamsActivities.ServiceUrl, "a:1chat", Activity.Message("hej"), default));

        Assert.Equal(HttpStatusCode.Forbidden, e.Status);
        Assert.Equal("BotNotInConversationRoster", e.Code);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task ThrottlingAnswerKeepsItsRetryAfter()
    {
        _fake.ThenAnswer(HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromSeconds(7));

        var e = await Assert.ThrowsAsync<ConnectorException>(() =>
            Client().SendToConversationAsync(TeamsActivities.ServiceUrl, "a:1chat", Activity.Message("hej"), default));

        Assert.True(e.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
    }

    private sealed class FixedToken(string? value) : IConnectorTokenProvider
    {
        public string? Value { get; set; } = value;
        public int Calls;
        public Task<string?> GetTokenAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref Calls);
            return Task.FromResult(Value);
        }
    }
}
