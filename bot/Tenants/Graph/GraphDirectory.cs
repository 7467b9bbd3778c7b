using System.Globalization;
using Microsoft.Graph.Models;

namespace TeamsCoordinator.Tenants.Graph;

/// <summary>
/// People of one organisation, read from its own tenant (User.Read.All, app-only): its members only. A tenant also
/// holds guests (among them the ones this bot invited into guest channels), who are not that organisation's staff.
/// </summary>
internal sealed class GraphDirectory(GraphClients clients, GraphOrganisations organisations, GraphTenantsOptions options)
{
    public static readonly CultureInfo Danish = CultureInfo.GetCultureInfo("da-DK");
    internal static readonly string[] UserFields = ["id", "displayName", "givenName", "surname", "mail", "userPrincipalName", "jobTitle", "userType"];

    public async Task<IReadOnlyList<DirectoryPerson>> FindAsync(string organisationId, string query, CancellationToken ct)
    {
        if (organisations.Find(organisationId) is not { EffectiveMode: not ChannelMode.EmailOnly } org) return [];
        var text = query.Trim();
        if (text.Length > PeopleSearch.MaxQueryLength) text = text[..PeopleSearch.MaxQueryLength];
        try
        {
            // startswith and eq on these properties are default (not "advanced") directory queries: no ConsistencyLevel
            // header, no $count; and so no $orderby either: sorted here instead.
            var page = await clients.For(org.TenantId!).Users.GetAsync(rc =>
            {
                rc.QueryParameters.Select = UserFields;
                rc.QueryParameters.Top = options.PageSize;
                rc.QueryParameters.Filter = text.Length > 0 ? $"({StartsWithFilter(text)}) and {MembersOnly}" : MembersOnly;
            }, ct);
            return (page?.Value ?? []).Select(u => ToPerson(u, org)).OfType<DirectoryPerson>()
                .OrderBy(p => p.DisplayName, PeopleSearch.DanishNames).ToList();
        }
        catch (Exception e) when (GraphProblem.From(e, ct) is { } problem)
        {
            throw new CollaborationTenantException(GraphReasons.DirectoryUnavailable(org), problem.IsTransient, problem.RetryAfter, e);
        }
    }

    public async Task<DirectoryPerson?> GetAsync(string organisationId, string userId, CancellationToken ct)
    {
        if (organisations.Find(organisationId) is not { EffectiveMode: not ChannelMode.EmailOnly } org || string.IsNullOrWhiteSpace(userId)) return null;
        try
        {
            var user = await clients.For(org.TenantId!).Users[userId].GetAsync(rc => rc.QueryParameters.Select = UserFields, ct);
            return user is null ? null : ToPerson(user, org);
        }
        catch (Exception e) when (GraphProblem.From(e, ct) is { } problem && (problem.Is(404) || problem.Is(400)))
        {
            return null; // not in this tenant (or not an object id at all): the caller asks the next organisation
        }
        catch (Exception e) when (GraphProblem.From(e, ct) is { } problem)
        {
            throw new CollaborationTenantException(GraphReasons.DirectoryUnavailable(org), problem.IsTransient, problem.RetryAfter, e);
        }
    }

    private const string MembersOnly = "userType eq 'Member'";

    /// <summary>Name, first name, surname or e-mail starting with the text; an OData string literal doubles its quotes.</summary>
    internal static string StartsWithFilter(string text)
    {
        var literal = GraphBodies.Literal(text);
        return string.Join(" or ", new[] { "displayName", "givenName", "surname", "mail" }.Select(p => $"startswith({p},{literal})"));
    }

    private static DirectoryPerson? ToPerson(User u, OrganisationOptions org)
    {
        // A guest is someone else's staff (the query already leaves them out; a lookup by id must too).
        if (u.Id is null || string.Equals(u.UserType, "Guest", StringComparison.OrdinalIgnoreCase)) return null;
        var email = u.Mail ?? u.UserPrincipalName;
        return new DirectoryPerson(u.Id, org.Id, org.TenantId, u.DisplayName ?? email ?? u.Id, email, u.JobTitle);
    }
}
