using TeamsCoordinator.Tests.Handovers;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Addin;

/// <summary>
/// Entra access tokens of the Word add-in's API as nested app authentication gets them for a user, signed with the
/// tests' Entra key that <see cref="TestIdentity"/> publishes. Each named method changes exactly one thing.
/// </summary>
public static class AddinTokens
{
    public const string ClientId = "3c1e9a7d-5b2f-4e8a-9d6c-1f0b2a3c4d5e";
    public const string Tenant = TeamsActivities.TenantId;
    public const string ForeignTenant = "99999999-8888-4777-8666-555555555555";

    /// <summary>The bot configured for the add-in: its app id and the one tenant whose users may call.</summary>
    public static Dictionary<string, string?> Settings => new()
    {
        ["Addin:ClientId"] = ClientId,
        ["Addin:TenantIds:0"] = Tenant,
    };

    public static string For(TeamPerson person, string audience = ClientId, string scope = "access_as_user", string tenant = Tenant,
        DateTimeOffset? issuedAt = null) => TestTokens.Create(new TokenSpec
    {
        Issuer = TestIdentity.EntraIssuer(tenant),
        Audience = audience,
        Key = TestKey.Entra,
        ServiceUrl = null,
        IssuedAt = issuedAt ?? DateTimeOffset.UtcNow.AddMinutes(-1),
        ExtraClaims = new Dictionary<string, object>
        {
            ["oid"] = person.AadObjectId, ["tid"] = tenant, ["scp"] = scope, ["name"] = person.Name, ["ver"] = "2.0", ["azp"] = ClientId,
        },
    });

    public static string WrongAudience(TeamPerson p) => For(p, audience: "11111111-2222-3333-4444-555555555555");
    public static string MissingScope(TeamPerson p) => For(p, scope: "User.Read");
    public static string ForeignTenantToken(TeamPerson p) => For(p, tenant: ForeignTenant);
    /// <summary>Expired ten minutes ago: beyond the five minutes of clock skew.</summary>
    public static string Expired(TeamPerson p) => For(p, issuedAt: DateTimeOffset.UtcNow.AddHours(-1).AddMinutes(-10));
}
