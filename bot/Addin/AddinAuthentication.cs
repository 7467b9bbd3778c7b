using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using TeamsCoordinator.BotFramework;

namespace TeamsCoordinator.Addin;

/// <summary>
/// Who calls /api/addin: an Entra access token of the add-in's app (Microsoft.Identity.Web's web API validation:
/// audience = the app id, scope access_as_user), issued by one of the configured tenants only. In local development
/// (no add-in app id, anonymous bot on loopback) the bot signs its own short-lived token for the demo user instead.
/// </summary>
public static class AddinAuthentication
{
    public const string Scheme = "Addin";
    public const string Policy = "AddinUser";

    public static void AddAddinAuthentication(this IServiceCollection services, IConfiguration config, AddinOptions options, bool development)
    {
        // No default scheme, not even the one ASP.NET Core makes of a single registered scheme (learn.microsoft.com
        // aspnet/core/security/authentication, "DefaultScheme"): only the add-in's endpoints (their policy names the
        // scheme) read a bearer token this way. As the default, every request was authenticated with it, so each Teams
        // activity's Bot Connector token went through the add-in's validation (and failed there) before InboundAuthenticator's.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        var authentication = services.AddAuthentication();
        if (options.HasClientId)
        {
            var tenants = AddinOptions.TrustedTenants(config, options);
            var instance = options.Instance.TrimEnd('/');
            authentication.AddMicrosoftIdentityWebApi(
                jwt => { },
                identity =>
                {
                    identity.Instance = instance + "/";
                    identity.ClientId = options.ClientId;
                    identity.TenantId = tenants.Count == 1 ? tenants[0] : "organizations";
                },
                Scheme, subscribeToJwtBearerMiddlewareDiagnosticsEvents: false);
            // After Microsoft.Identity.Web: keys through the bot's own metadata retriever (tests replace it), and issuers
            // only of the configured tenants (its own validator would accept any Entra tenant for "organizations").
            services.AddOptions<JwtBearerOptions>(Scheme).PostConfigure<IDocumentRetriever>((jwt, retriever) =>
            {
                var metadata = $"{instance}/{(tenants.Count == 1 ? tenants[0] : "organizations")}/v2.0/.well-known/openid-configuration";
                jwt.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(metadata, new OpenIdConnectConfigurationRetriever(), retriever);
                var p = jwt.TokenValidationParameters;
                p.ValidAudiences = [options.ClientId!, $"api://{options.ClientId}"];
                p.ValidateAudience = true;
                p.ValidateLifetime = true;
                p.ClockSkew = TimeSpan.FromMinutes(5);
                p.IssuerValidator = (issuer, token, _) => TenantIssuer(issuer, token, instance, tenants);
                ProblemEvents(jwt);
            });
        }
        else if (development)
        {
            var key = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = "teamscoordinator-development" };
            services.AddSingleton(new AddinDevelopmentTokens(key));
            authentication.AddJwtBearer(Scheme, jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = AddinDevelopmentTokens.Issuer,
                    ValidAudience = AddinDevelopmentTokens.Audience,
                    IssuerSigningKey = key,
                    ValidateLifetime = true,
                };
                ProblemEvents(jwt);
            });
        }
        else
        {
            // No add-in registration: every call is refused (401), nothing is reachable.
            authentication.AddJwtBearer(Scheme, jwt =>
            {
                jwt.TokenValidationParameters = new TokenValidationParameters { SignatureValidator = (_, _) => throw new SecurityTokenInvalidSignatureException("Addin:ClientId is not set") };
                ProblemEvents(jwt);
            });
        }
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .RequireAssertion(c => AddinCaller.IsUser(c.User) && AddinCaller.HasScope(c.User, AddinOptions.Scope)));
    }

    /// <summary>A v1 or v2 Entra issuer of one of the tenants, and the token's tid is that tenant.</summary>
    private static string TenantIssuer(string issuer, SecurityToken token, string instance, IReadOnlyList<string> tenants)
    {
        var tid = token is JsonWebToken jwt && jwt.TryGetPayloadValue<string>("tid", out var t) ? t : null;
        foreach (var tenant in tenants)
        {
            if (!string.Equals(tid, tenant, StringComparison.OrdinalIgnoreCase)) continue;
            if (issuer == $"{instance}/{tenant}/v2.0" || issuer == $"https://sts.windows.net/{tenant}/") return issuer;
        }
        throw new SecurityTokenInvalidIssuerException("The token is not issued by a tenant this bot serves.");
    }

    /// <summary>401 and 403 as Danish problem details; a bad token is never a server error.</summary>
    private static void ProblemEvents(JwtBearerOptions jwt)
    {
        jwt.Events ??= new JwtBearerEvents();
        jwt.Events.OnChallenge = async context =>
        {
            context.HandleResponse();
            await AddinProblems.Write(context.HttpContext, StatusCodes.Status401Unauthorized, AddinProblems.SignIn);
        };
        jwt.Events.OnForbidden = context => AddinProblems.Write(context.HttpContext, StatusCodes.Status403Forbidden, AddinProblems.NoScope);
    }
}

/// <summary>Development only: a short-lived token the bot signs itself for the demo user, so the pane runs against ./run-bot.sh.</summary>
public sealed class AddinDevelopmentTokens(SecurityKey key)
{
    public const string Issuer = "https://teamscoordinator.invalid/development";
    public const string Audience = "api://localhost/teamscoordinator-development";
    /// <summary>Mette Kjær, Region Nordjylland (bot/Tenants/DemoTenants.cs), the user ./run-bot.sh's Playground signs in.</summary>
    public const string DemoUserId = "00000000-0000-4000-8000-00000000a001";
    public const string DemoTenantId = "11111111-1111-4111-8111-111111111111";
    public const string DemoUserName = "Mette Kjær";

    public string Create(TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            Claims = new Dictionary<string, object>
            {
                ["oid"] = DemoUserId, ["tid"] = DemoTenantId, ["name"] = DemoUserName, ["scp"] = AddinOptions.Scope,
            },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}

/// <summary>The signed-in user of an add-in request: the token's object id and tenant.</summary>
public sealed record AddinCaller(string UserId, string TenantId, string? Name)
{
    public static AddinCaller From(ClaimsPrincipal user) => new(
        Claim(user, "oid", ClaimConstants.ObjectId)!, Claim(user, "tid", ClaimConstants.TenantId)!, Claim(user, "name"));

    /// <summary>A user's delegated token (object id and tenant), not an app-only one.</summary>
    public static bool IsUser(ClaimsPrincipal user) =>
        Claim(user, "oid", ClaimConstants.ObjectId) is not null && Claim(user, "tid", ClaimConstants.TenantId) is not null;

    public static bool HasScope(ClaimsPrincipal user, string scope) =>
        (Claim(user, "scp", ClaimConstants.Scope) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope, StringComparer.Ordinal);

    private static string? Claim(ClaimsPrincipal user, params string[] types) =>
        types.Select(t => user.FindFirst(t)?.Value).FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
