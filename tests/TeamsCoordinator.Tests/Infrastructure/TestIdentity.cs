using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace TeamsCoordinator.Tests.Infrastructure;

/// <summary>An RSA signing key of the tests' own, with the key id it is published (or not published) under.</summary>
public sealed class TestKey
{
    private TestKey(string kid)
    {
        Rsa = RSA.Create(2048);
        SecurityKey = new RsaSecurityKey(Rsa) { KeyId = kid };
    }

    public RSA Rsa { get; }
    public RsaSecurityKey SecurityKey { get; }
    public string KeyId => SecurityKey.KeyId;

    /// <summary>The key as a JWKS member, with Bot Framework's extra <c>endorsements</c> array when given.</summary>
    public JsonObject ToJwk(IReadOnlyList<string>? endorsements)
    {
        var p = Rsa.ExportParameters(includePrivateParameters: false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = KeyId,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
        };
        if (endorsements is not null) jwk["endorsements"] = new JsonArray(endorsements.Select(e => (JsonNode)e!).ToArray());
        return jwk;
    }

    // Generating RSA keys is slow: every test shares these (they are never mutated).
    public static readonly TestKey BotFramework = new("test-botframework-msteams");
    public static readonly TestKey BotFrameworkRotated = new("test-botframework-rotated");
    public static readonly TestKey BotFrameworkNotForTeams = new("test-botframework-skype-only");
    public static readonly TestKey Unpublished = new("test-unpublished");
    public static readonly TestKey Entra = new("test-entra");
}

/// <summary>
/// Plays login.botframework.com and login.microsoftonline.com for one test host: serves the OpenID metadata
/// documents and key sets through <see cref="IDocumentRetriever"/>, counts every fetch, and lets a test rotate
/// a key in after start-up.
/// </summary>
public sealed class TestIdentity : IDocumentRetriever
{
    public const string BotFrameworkMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string BotFrameworkJwksUrl = "https://login.botframework.com/v1/.well-known/keys";
    public const string BotFrameworkIssuer = "https://api.botframework.com";

    private readonly object _gate = new();
    private readonly List<(TestKey Key, string[] Endorsements)> _botFrameworkKeys =
    [
        // Microsoft's keys are endorsed for many channels at once: a valid token alone does not say "Teams".
        (TestKey.BotFramework, ["msteams", "skype", "directline", "webchat", "emulator"]),
        (TestKey.BotFrameworkNotForTeams, ["skype"]),
    ];
    private readonly ConcurrentDictionary<string, int> _fetches = new(StringComparer.OrdinalIgnoreCase);

    public static string EntraMetadataUrl(string tenant) => $"https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration";
    public static string EntraJwksUrl(string tenant) => $"https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys";
    public static string EntraIssuer(string tenant) => $"https://login.microsoftonline.com/{tenant}/v2.0";

    /// <summary>Publishes one more Bot Framework signing key, as Microsoft does when it rotates keys.</summary>
    public void PublishBotFrameworkKey(TestKey key, params string[] endorsements)
    {
        lock (_gate) _botFrameworkKeys.Add((key, endorsements));
    }

    /// <summary>How often a document was fetched (metadata or key set), by URL.</summary>
    public int FetchCount(string url) => _fetches.TryGetValue(url, out var n) ? n : 0;

    public Task<string> GetDocumentAsync(string address, CancellationToken cancel)
    {
        _fetches.AddOrUpdate(address, 1, (_, n) => n + 1);
        if (address == BotFrameworkMetadataUrl) return Task.FromResult(Metadata(BotFrameworkIssuer, BotFrameworkJwksUrl));
        if (address == BotFrameworkJwksUrl)
        {
            lock (_gate) return Task.FromResult(Jwks(_botFrameworkKeys.Select(k => k.Key.ToJwk(k.Endorsements))));
        }
        const string prefix = "https://login.microsoftonline.com/";
        if (address.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            var tenant = address[prefix.Length..].Split('/')[0];
            if (address == EntraMetadataUrl(tenant)) return Task.FromResult(Metadata(EntraIssuer(tenant), EntraJwksUrl(tenant)));
            if (address == EntraJwksUrl(tenant)) return Task.FromResult(Jwks([TestKey.Entra.ToJwk(null)]));
        }
        // What a real retriever does for a 404: throw, so that the caller fails closed.
        throw new IOException($"TestIdentity serves no document at {address}");
    }

    private static string Metadata(string issuer, string jwksUri) => new JsonObject
    {
        ["issuer"] = issuer,
        ["authorization_endpoint"] = "https://invalid.example/authorize",
        ["jwks_uri"] = jwksUri,
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
    }.ToJsonString();

    private static string Jwks(IEnumerable<JsonObject> keys) =>
        new JsonObject { ["keys"] = new JsonArray(keys.Select(k => (JsonNode)k).ToArray()) }.ToJsonString(new JsonSerializerOptions());
}
