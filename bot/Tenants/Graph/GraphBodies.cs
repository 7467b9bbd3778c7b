using Microsoft.Graph.Models;

namespace TeamsCoordinator.Tenants.Graph;

/// <summary>Request bodies Graph documents for Teams membership: a user bound by id, with a role and, from another tenant, its home tenant.</summary>
internal static class GraphBodies
{
    public static string UserBind(string baseUrl, string userId) => $"{baseUrl}/users('{userId}')";

    public static string TeamsAppBind(string baseUrl, string teamsAppId) => $"{baseUrl}/appCatalogs/teamsApps/{teamsAppId}";

    /// <param name="homeTenantId">Only for a user from another tenant than the channel's or chat's (B2B direct connect, external chat).</param>
    public static AadUserConversationMember Member(string baseUrl, string userId, string[] roles, string? homeTenantId = null)
    {
        var member = new AadUserConversationMember
        {
            Roles = roles.ToList(),
            AdditionalData = new Dictionary<string, object> { ["user@odata.bind"] = UserBind(baseUrl, userId) },
        };
        // Set only when there is one: the SDK's backing store would otherwise send "tenantId": null.
        if (homeTenantId is not null) member.TenantId = homeTenantId;
        return member;
    }

    /// <summary>An OData string literal ($filter): in quotes, a quote doubled.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>The home tenant to name in a membership body: null for someone from the host's own tenant.</summary>
    public static string? ForeignTenant(DirectoryPerson person, string hostTenantId) =>
        person.TenantId is { } t && !t.Equals(hostTenantId, StringComparison.OrdinalIgnoreCase) ? t : null;
}
