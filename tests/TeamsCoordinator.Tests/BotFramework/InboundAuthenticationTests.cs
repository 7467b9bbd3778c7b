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

    public static TheoryData<string, Func<string?>> RejectedTokens => new()
    {
        { "no token", () => null },
        { "alg none", TestTokens.AlgNone },
        { "wrong issuer", TestTokens.WrongIssuer },
        { "wrong audience", TestTokens.WrongAudience },
        { "expired beyond the clock skew", TestTokens.Expired },
        { "key absent from the metadata", TestTokens.SignedWithUnpublishedKey },
        { "key without the msteams endorsement", TestTokens.SignedWithKeyNotEndorsedForTeams },
        { "serviceurl claim of another region", () => TestTokens.ForServiceUrl("https://smba.trafficmanager.net/amer/") },
        { "no serviceurl claim", () => TestTokens.Create(new TokenSpec { ServiceUrl = null }) },
        { "not valid until ten minutes from now", () => TestTokens.Create(new TokenSpec { IssuedAt = DateTimeOffset.UtcNow.AddMinutes(10) }) },
        { "signature of another token", () => TestTokens.Valid()[..TestTokens.Valid().LastIndexOf('.')] + "." + TestTokens.WrongAudience().Split('.')[2] },
        { "not a JWT", () => "definitely-not-a-jwt" },
        { "HS256 with the published RSA public key as the secret", TestTokens.HmacSignedWithThePublishedPublicKey },
        { "Entra token whose issuer names another tenant than its tid", () => TestTokens.Entra(BotApplicationFactory.BotTenantId, issuer: TestIdentity.EntraIssuer(BotServiceTenant)) },
        { "Entra token from a Bot Service tenant issued to another application", () => TestTokens.Entra(BotServiceTenant, clientAppId: OtherApp) },
        { "Entra v1 token from a Bot Service tenant issued to another application", () => TestTokens.EntraV1(BotServiceTenant, clientAppId: OtherApp) },
        { "Entra token from a Bot Service tenant naming no caller", () => TestTokens.Create(new TokenSpec
            {
                Issuer = TestIdentity.EntraIssuer(BotServiceTenant), Key = TestKey.Entra, ServiceUrl = null,
                ExtraClaims = new Dictionary<string, object> { ["tid"] = BotServiceTenant, ["ver"] = "2.0" },
            }) },
    };

    /// <summary>One of the Bot Service's own Entra tenants (BotOptions.EntraTrustedTenants).</summary>
    private const string BotServiceTenant = "d6d49420-f39b-4df7-a1dc-d59a935871db";
    private const string OtherApp = "22222222-3333-4444-5555-666666666666";

    [Theory]
    [MemberData(nameof(RejectedTokens))]
    public async Task RequestIsRejectedWith401(string why, Func<string?> token)
    {
        var activity = TeamsActivities.PersonalMessage("hjælp");
        var raw = token();
        var response = raw is null ? await _bot.PostAnonymousAsync(activity) : await _bot.PostActivityAsync(activity, raw);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{why}: got {(int)response.StatusCode}");
        Assert.Contains(_bot.Logs.Lines, l => l.Message.StartsWith("Rejected activity", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TokenWithinTheFiveMinuteClockSkewIsAccepted()
    {
        var justExpired = TestTokens.Create(new TokenSpec { IssuedAt = DateTimeOffset.UtcNow.AddHours(-1).AddMinutes(-2) });

        var response = await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"), justExpired);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task ServiceUrlClaimIsComparedWithoutRegardToCase()
    {
        var token = TestTokens.ForServiceUrl(TeamsActivities.ServiceUrl.ToUpperInvariant());

        var response = await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"), token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task KeyRotatedInAfterStartUpIsAcceptedAfterOneMetadataRefresh()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"))).StatusCode);
        var fetchesBefore = _bot.Identity.FetchCount(TestIdentity.BotFrameworkJwksUrl);

        _bot.Identity.PublishBotFrameworkKey(TestKey.BotFrameworkRotated, "msteams");
        var rotated = TestTokens.Create(new TokenSpec { Key = TestKey.BotFrameworkRotated });
        var response = await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"), rotated);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(fetchesBefore + 1, _bot.Identity.FetchCount(TestIdentity.BotFrameworkJwksUrl));
    }

    [Fact]
    public async Task UnknownKeyIdsRefreshTheMetadataOnceNotOnEveryRequest()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"))).StatusCode);
        var fetchesBefore = _bot.Identity.FetchCount(TestIdentity.BotFrameworkJwksUrl);

        for (var i = 0; i < 5; i++)
        {
            var response = await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"), TestTokens.SignedWithUnpublishedKey());
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(fetchesBefore + 1, _bot.Identity.FetchCount(TestIdentity.BotFrameworkJwksUrl));
    }

    [Fact]
    public async Task EntraTokenOfTheBotItselfFromItsOwnTenantIsAccepted()
    {
        var response = await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"), TestTokens.Entra(BotApplicationFactory.BotTenantId));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task EntraTokensOfTheBotItselfFromABotServiceTenantAreAccepted()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"), TestTokens.Entra(BotServiceTenant))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"), TestTokens.EntraV1(BotServiceTenant))).StatusCode);
    }

    [Fact]
    public async Task EntraTokenFromAForeignTenantIsRejected()
    {
        var response = await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"), TestTokens.Entra("0fe1c2d3-aaaa-4bbb-8ccc-000000000bad"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task EntraTokenFromTheOwnTenantIssuedToAnotherApplicationIsRejected()
    {
        var token = TestTokens.Entra(BotApplicationFactory.BotTenantId, clientAppId: "22222222-3333-4444-5555-666666666666");

        var response = await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task EntraTokenSignedWithABotFrameworkKeyIsRejected()
    {
        var token = TestTokens.Create(new TokenSpec
        {
            Issuer = TestIdentity.EntraIssuer(BotApplicationFactory.BotTenantId),
            Key = TestKey.BotFramework,
            ExtraClaims = new Dictionary<string, object> { ["tid"] = BotApplicationFactory.BotTenantId, ["ver"] = "2.0", ["azp"] = BotApplicationFactory.AppId },
        });

        var response = await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SchemeOtherThanBearerIsRejected()
    {
        using var client = _bot.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = System.Net.Http.Json.JsonContent.Create(TeamsActivities.PersonalMessage("hjælp"), options: TeamsCoordinator.BotFramework.BotJson.Options),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Basic " + TestTokens.Valid());

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

public sealed class UnreachableMetadataTests : IDisposable
{
    private readonly BotApplicationFactory _bot = new()
    {
        Settings = { ["Bot:BotFrameworkOpenIdMetadataUrl"] = "https://login.botframework.com/v1/.well-known/gone" },
    };

    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task ValidTokenIsRejectedWhenTheSigningKeysCannotBeFetched()
    {
        var response = await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(_bot.Logs.Lines, l => l.Message.Contains("signing keys unavailable", StringComparison.Ordinal));
    }
}
