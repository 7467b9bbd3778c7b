using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TeamsCoordinator.Tests.Infrastructure;

/// <summary>What a minted token says; every field starts as a valid Bot Connector token for the test bot.</summary>
public sealed record TokenSpec
{
    public string Issuer { get; init; } = TestIdentity.BotFrameworkIssuer;
    public string Audience { get; init; } = BotApplicationFactory.AppId;
    public string? ServiceUrl { get; init; } = TeamsActivities.ServiceUrl;
    public TestKey Key { get; init; } = TestKey.BotFramework;
    /// <summary>Unsigned token with header <c>alg: none</c>.</summary>
    public bool Unsigned { get; init; }
    public DateTimeOffset IssuedAt { get; init; } = DateTimeOffset.UtcNow.AddMinutes(-1);
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(1);
    public IReadOnlyDictionary<string, object> ExtraClaims { get; init; } = new Dictionary<string, object>();
}

/// <summary>
/// Mints inbound tokens the way the Bot Connector (or Entra ID) would, signed with the tests' own keys that
/// <see cref="TestIdentity"/> publishes. Each named method changes exactly one thing from a valid token.
/// </summary>
public static class TestTokens
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static string Valid(string serviceUrl = TeamsActivities.ServiceUrl) => Create(new TokenSpec { ServiceUrl = serviceUrl });
    public static string AlgNone() => Create(new TokenSpec { Unsigned = true });
    public static string WrongIssuer() => Create(new TokenSpec { Issuer = "https://api.botframework.example" });
    public static string WrongAudience() => Create(new TokenSpec { Audience = "11111111-2222-3333-4444-555555555555" });
    /// <summary>Expired ten minutes ago: beyond the five minutes of clock skew.</summary>
    public static string Expired() => Create(new TokenSpec { IssuedAt = DateTimeOffset.UtcNow.AddHours(-1).AddMinutes(-10) });
    public static string SignedWithUnpublishedKey() => Create(new TokenSpec { Key = TestKey.Unpublished });
    public static string SignedWithKeyNotEndorsedForTeams() => Create(new TokenSpec { Key = TestKey.BotFrameworkNotForTeams });
    public static string ForServiceUrl(string serviceUrl) => Create(new TokenSpec { ServiceUrl = serviceUrl });

    /// <summary>An Entra-issued v2.0 client-credentials token of the bot itself (Emulator / Playground with auth).</summary>
    public static string Entra(string tenantId, string? clientAppId = null, string? issuer = null) => Create(new TokenSpec
    {
        Issuer = issuer ?? TestIdentity.EntraIssuer(tenantId),
        Key = TestKey.Entra,
        ServiceUrl = null,
        ExtraClaims = new Dictionary<string, object>
        {
            ["tid"] = tenantId,
            ["ver"] = "2.0",
            ["azp"] = clientAppId ?? BotApplicationFactory.AppId,
        },
    });

    /// <summary>The same as a v1.0 token (issuer sts.windows.net, caller in <c>appid</c>).</summary>
    public static string EntraV1(string tenantId, string? clientAppId = null) => Create(new TokenSpec
    {
        Issuer = $"https://sts.windows.net/{tenantId}/",
        Key = TestKey.Entra,
        ServiceUrl = null,
        ExtraClaims = new Dictionary<string, object>
        {
            ["tid"] = tenantId,
            ["ver"] = "1.0",
            ["appid"] = clientAppId ?? BotApplicationFactory.AppId,
        },
    });

    /// <summary>
    /// The algorithm-confusion attack: HS256 with the published RSA public key (as PEM, what a naive verifier would
    /// use as the HMAC secret) under the published key id; everything else as a valid token.
    /// </summary>
    public static string HmacSignedWithThePublishedPublicKey()
    {
        var secret = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(TestKey.BotFramework.Rsa.ExportSubjectPublicKeyInfoPem())) { KeyId = TestKey.BotFramework.KeyId };
        var spec = new TokenSpec();
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer,
            Audience = spec.Audience,
            IssuedAt = spec.IssuedAt.UtcDateTime,
            NotBefore = spec.IssuedAt.UtcDateTime,
            Expires = (spec.IssuedAt + spec.Lifetime).UtcDateTime,
            Claims = new Dictionary<string, object> { ["serviceurl"] = spec.ServiceUrl! },
            SigningCredentials = new SigningCredentials(secret, SecurityAlgorithms.HmacSha256),
        });
    }

    public static string Create(TokenSpec spec)
    {
        var claims = new Dictionary<string, object>(spec.ExtraClaims);
        if (spec.ServiceUrl is not null) claims["serviceurl"] = spec.ServiceUrl;
        var expires = spec.IssuedAt + spec.Lifetime;
        if (spec.Unsigned) return UnsignedToken(spec, claims, expires);

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer,
            Audience = spec.Audience,
            IssuedAt = spec.IssuedAt.UtcDateTime,
            NotBefore = spec.IssuedAt.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(spec.Key.SecurityKey, SecurityAlgorithms.RsaSha256),
        });
    }

    private static string UnsignedToken(TokenSpec spec, Dictionary<string, object> claims, DateTimeOffset expires)
    {
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = TestKey.BotFramework.KeyId };
        var payload = new JsonObject
        {
            ["iss"] = spec.Issuer,
            ["aud"] = spec.Audience,
            ["iat"] = spec.IssuedAt.ToUnixTimeSeconds(),
            ["nbf"] = spec.IssuedAt.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
        };
        foreach (var (k, v) in claims) payload[k] = JsonValue.Create(v.ToString());
        return $"{B64(header.ToJsonString())}.{B64(payload.ToJsonString())}.";
    }

    private static string B64(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
}
