using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace TeamsCoordinator.BotFramework;

/// <param name="VouchedServiceUrl">
/// The serviceUrl a Bot Connector token's signed <c>serviceurl</c> claim names (equal to the activity's): the only way
/// an inbound request makes a new Connector host trusted. Entra-issued tokens carry no such claim.
/// </param>
public sealed record AuthResult(bool Succeeded, int StatusCode, string? Failure, bool Anonymous = false, string? VouchedServiceUrl = null)
{
    public static AuthResult Ok(string? vouchedServiceUrl = null) => new(true, 200, null, VouchedServiceUrl: vouchedServiceUrl);
    public static AuthResult AnonymousDev() => new(true, 200, null, Anonymous: true);
    public static AuthResult Unauthorized(string why) => new(false, 401, why);
}

/// <summary>
/// Validates the bearer token of an inbound activity as the Bot Connector authentication spec describes:
/// Bot Framework channel tokens (issuer api.botframework.com, audience = app id, endorsed signing key,
/// serviceurl claim) and Entra-issued tokens (Bot Service tenants or the bot's own tenant, emulator-style).
/// Metadata is cached per URL and refreshed once when a token names an unknown key.
/// </summary>
public sealed class InboundAuthenticator(IOptions<BotOptions> options, OpenIdMetadataCache metadata, ILogger<InboundAuthenticator> log)
{
    private static readonly string[] AllowedAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private BotOptions O => options.Value;

    public async Task<AuthResult> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(authorizationHeader))
            return O.AllowAnonymous && !O.HasAppId ? AuthResult.AnonymousDev() : AuthResult.Unauthorized("no Authorization header");
        if (!O.HasAppId)
            return AuthResult.Unauthorized("no app id configured: tokens cannot be validated");

        var parts = authorizationHeader.Split(' ', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || parts[0] != "Bearer" || !_handler.CanReadToken(parts[1]))
            return AuthResult.Unauthorized("not a Bearer JWT");

        JsonWebToken token;
        try { token = _handler.ReadJsonWebToken(parts[1]); }
        catch (Exception e) when (e is ArgumentException or SecurityTokenMalformedException) { return AuthResult.Unauthorized("malformed token"); }

        // Reject before any key work when the algorithm or issuer is not one we accept.
        if (!AllowedAlgorithms.Contains(token.Alg)) return AuthResult.Unauthorized($"algorithm '{token.Alg}' not allowed");

        try
        {
            if (token.Issuer == O.BotFrameworkIssuer)
                return await ValidateChannelTokenAsync(parts[1], token, activity, ct);
            if (EntraTenantOf(token) is { } tenant)
                return await ValidateEntraTokenAsync(parts[1], token, tenant, ct);
            return AuthResult.Unauthorized($"issuer '{token.Issuer}' not trusted");
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Metadata unreachable (or unreadable): refuse, fail closed, and say why in the log.
            log.LogWarning(e, "Token could not be validated: signing keys unavailable");
            return AuthResult.Unauthorized("signing keys unavailable");
        }
    }

    private async Task<AuthResult> ValidateChannelTokenAsync(string raw, JsonWebToken token, Activity activity, CancellationToken ct)
    {
        var (result, config) = await ValidateSignedAsync(raw, token, O.BotFrameworkOpenIdMetadataUrl, new TokenValidationParameters
        {
            ValidIssuer = O.BotFrameworkIssuer,
            ValidAudience = O.MicrosoftAppId,
        }, ct);
        if (!result.IsValid) return AuthResult.Unauthorized(result.Exception?.Message ?? "invalid token");

        // The signing key must be endorsed for the channel the activity claims to come from.
        var key = config!.JsonWebKeySet.Keys.FirstOrDefault(k => k.KeyId == token.Kid);
        var channel = activity.ChannelId ?? "";
        if (key is null || !Endorsements(key).Contains(channel, StringComparer.Ordinal))
            return AuthResult.Unauthorized($"signing key not endorsed for channel '{channel}'");

        if (!token.TryGetPayloadValue<string>("serviceurl", out var serviceUrl) ||
            !string.Equals(serviceUrl, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
            return AuthResult.Unauthorized("serviceurl claim does not match the activity");

        return AuthResult.Ok(serviceUrl);
    }

    private async Task<AuthResult> ValidateEntraTokenAsync(string raw, JsonWebToken token, string tenant, CancellationToken ct)
    {
        var appId = O.MicrosoftAppId!;
        var url = O.EntraOpenIdMetadataUrlTemplate.Replace("{tenant}", tenant, StringComparison.Ordinal);
        var (result, _) = await ValidateSignedAsync(raw, token, url, new TokenValidationParameters
        {
            ValidIssuers = [$"https://sts.windows.net/{tenant}/", $"https://login.microsoftonline.com/{tenant}/v2.0"],
            ValidAudiences = [appId, $"api://{appId}", $"api://botid-{appId}"],
        }, ct);
        if (!result.IsValid) return AuthResult.Unauthorized(result.Exception?.Message ?? "invalid token");

        // Whatever the Entra issuer (the bot's tenant or a Bot Service tenant), the caller must be this app: any other
        // app registered in a trusted tenant could otherwise get a token for our audience and talk to the bot.
        var caller = token.TryGetPayloadValue<string>("ver", out var ver) && ver == "2.0"
            ? (token.TryGetPayloadValue<string>("azp", out var azp) ? azp : null)
            : (token.TryGetPayloadValue<string>("appid", out var appid) ? appid : null);
        if (!string.Equals(caller, appId, StringComparison.OrdinalIgnoreCase))
            return AuthResult.Unauthorized("token was issued to another application");
        return AuthResult.Ok();
    }

    /// <summary>The tenant of an Entra issuer we accept, or null.</summary>
    private string? EntraTenantOf(JsonWebToken token)
    {
        if (!token.TryGetPayloadValue<string>("tid", out var tid) || string.IsNullOrEmpty(tid)) return null;
        var trusted = O.EntraTrustedTenants.Contains(tid) || string.Equals(tid, O.MicrosoftAppTenantId, StringComparison.OrdinalIgnoreCase);
        if (!trusted) return null;
        return token.Issuer == $"https://sts.windows.net/{tid}/" || token.Issuer == $"https://login.microsoftonline.com/{tid}/v2.0" ? tid : null;
    }

    private async Task<(TokenValidationResult, OpenIdConnectConfiguration?)> ValidateSignedAsync(
        string raw, JsonWebToken token, string metadataUrl, TokenValidationParameters tvp, CancellationToken ct)
    {
        // Keys rotate: an unknown kid makes the cache fetch fresh metadata (rate-limited) before we refuse it.
        var config = await metadata.GetAsync(metadataUrl, string.IsNullOrEmpty(token.Kid) ? null : token.Kid, ct);
        tvp.IssuerSigningKeys = config.JsonWebKeySet.GetSigningKeys();
        tvp.ValidAlgorithms = AllowedAlgorithms;
        tvp.ClockSkew = O.ClockSkew;
        tvp.RequireSignedTokens = true;
        tvp.RequireExpirationTime = true;
        tvp.ValidateIssuerSigningKey = true;
        var result = await _handler.ValidateTokenAsync(raw, tvp);
        return (result, config);
    }

    private static IEnumerable<string> Endorsements(JsonWebKey key)
    {
        if (!key.AdditionalData.TryGetValue("endorsements", out var value)) return [];
        return value switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!),
            IEnumerable<object> list => list.Select(o => o?.ToString() ?? ""),
            _ => [],
        };
    }
}
