using Microsoft.Extensions.Options;
using Microsoft.Graph.Models;

namespace TeamsCoordinator.Tenants.Graph;

/// <summary>
/// Installs Koordinator in a person's personal scope with their own tenant's client, as Microsoft describes for
/// proactive messages (https://learn.microsoft.com/microsoftteams/platform/graph-api/proactive-bots-and-messages/graph-proactive-bots-and-messages):
/// <c>POST /users/{id}/teamwork/installedApps</c> (409: installed already), then the installation is looked up by the
/// app's catalogue id and <c>GET …/installedApps/{installation}/chat</c> gives the 1:1 chat's id. Application
/// permission TeamsAppInstallation.ReadWriteSelfForUser.All. Throttling is retried by the SDK up to MaxRetryWait; a
/// longer Retry-After comes back as Pending with that delay; a 403 is refused for good with what the administrator
/// of that tenant must grant.
/// </summary>
public sealed class GraphPersonalApp(GraphClients clients, GraphOrganisations organisations, IOptions<GraphTenantsOptions> options,
    ILogger<GraphPersonalApp> log) : IPersonalApp
{
    public const string Permission = "TeamsAppInstallation.ReadWriteSelfForUser.All";

    /// <summary>For the log and the operator: which permission the tenant's administrator must consent to (organisation names only).</summary>
    public static string NotPermitted(string? organisation) =>
        $"Koordinator har ikke lov til at installere sig selv for personen i {organisation ?? "organisationen"}s Microsoft 365. En administrator dér skal give appen " +
        $"Microsoft Graph-programtilladelsen {Permission} med administratorsamtykke (Microsoft Entra ID → Virksomhedsprogrammer → Koordinator → " +
        "Tilladelser → Giv administratorsamtykke).";

    public async Task<PersonalAppInstall> InstallAsync(string tenantId, string userId, CancellationToken ct)
    {
        if (options.Value.TeamsAppId is not { Length: > 0 } teamsAppId)
        {
            log.LogWarning("Tenants:Graph:TeamsAppId is not set: the app cannot be installed for people without a personal chat");
            return PersonalAppInstall.Refused("Tenants:Graph:TeamsAppId er ikke sat, så Koordinator kan ikke installeres for personen.");
        }
        var apps = clients.For(tenantId).Users[userId].Teamwork.InstalledApps;
        try
        {
            try
            {
                await apps.PostAsync(new UserScopeTeamsAppInstallation
                {
                    AdditionalData = new Dictionary<string, object> { ["teamsApp@odata.bind"] = GraphBodies.TeamsAppBind(clients.BaseUrl, teamsAppId) },
                }, cancellationToken: ct);
            }
            catch (Exception e) when (GraphProblem.From(e, ct) is { } problem && problem.Is(409))
            {
                // Installed already (by the person, an administrator, or our own earlier attempt whose answer was lost).
            }
            var found = await apps.GetAsync(r =>
            {
                r.QueryParameters.Expand = ["teamsApp"];
                r.QueryParameters.Filter = $"teamsApp/id eq '{teamsAppId}'";
            }, ct);
            if (found?.Value?.FirstOrDefault()?.Id is not { } installation)
                return PersonalAppInstall.Pending(GraphProblem.DefaultRetryAfter, GraphReasons.Busy); // not listed yet right after the install
            var chat = await apps[installation].Chat.GetAsync(cancellationToken: ct);
            return PersonalAppInstall.Installed(chat?.Id);
        }
        catch (Exception e) when (GraphProblem.From(e, ct) is { } problem)
        {
            log.LogWarning("Graph did not install the app for a user in tenant {TenantId}: {Problem}", tenantId, problem);
            var org = organisations.All.FirstOrDefault(o => string.Equals(o.TenantId, tenantId, StringComparison.OrdinalIgnoreCase));
            if (problem.IsTransient) return PersonalAppInstall.Pending(problem.RetryAfter ?? GraphProblem.DefaultRetryAfter, GraphReasons.Busy);
            return PersonalAppInstall.Refused(problem.Is(403) || problem.Is(401) ? NotPermitted(org?.Name) : GraphReasons.Rejected(problem));
        }
    }
}
