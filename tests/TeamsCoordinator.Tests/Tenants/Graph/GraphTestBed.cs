using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tenants.Graph;

namespace TeamsCoordinator.Tests.Tenants.Graph;

/// <summary>
/// A fictitious Nordjylland: the region hosts forløb channels; Aalborg joins shared channels (B2B direct connect)
/// and has a team of its own; Brønderslev only as guests; Jammerbugt only in group chats; the GP by e-mail.
/// Ids here are the ones the contracts use.
/// </summary>
public static class GraphTestBed
{
    public const string RegionTenant = "11111111-1111-4111-8111-111111111111";
    public const string AalborgTenant = "22222222-2222-4222-8222-222222222222";
    public const string BroenderslevTenant = "33333333-3333-4333-8333-333333333333";
    public const string JammerbugtTenant = "44444444-4444-4444-8444-444444444444";

    public const string HostTeam = "b7a2c0de-5a3e-4c1f-9f3d-1c2b3a4d5e60";
    public const string AalborgTeam = "c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b";
    public const string TeamsAppId = "e8b5c1a2-6f4d-4b3a-9c2e-7d1f0a9b8c76";
    public const string SharedChannelId = "19:0c5f3a6b1d2e4f708192a3b4c5d6e7f8@thread.tacv2";
    public const string PrivateChannelId = "19:7a8b9c0d1e2f40516273849506a7b8c9@thread.tacv2";
    public const string ChatId = "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2";
    public const string ChannelName = "Forløb AB 2026-0042";
    public const string Description = "Tværsektorielt team omkring borgeren (Koordinator).";

    public static readonly DirectoryPerson Mette = new("5d2f7c1a-93b4-4e61-8a0f-2c7e9b3d4a01", "region-nordjylland", RegionTenant, "Mette Kjær", "mette.kjaer@rn.example", "Kontaktperson i distriktspsykiatrien");
    public static readonly DirectoryPerson Jonas = new("9c1d3e5f-7a2b-4c8d-9e0f-1a2b3c4d5e6f", "region-nordjylland", RegionTenant, "Jonas Holm", "jonas.holm@rn.example", "Sygeplejerske");
    public static readonly DirectoryPerson Lars = new("8e4a2b6c-1f3d-4c59-9e7a-0b2d4f6a8c02", "aalborg-kommune", AalborgTenant, "Lars Nielsen", "lars.nielsen@aalborg.example", "Sagsbehandler, myndighed");
    public static readonly DirectoryPerson Peter = new("3b9d1f5a-7c2e-4a86-b0d4-6e8f1a3c5b03", "broenderslev-kommune", BroenderslevTenant, "Peter Damgaard", "peter.damgaard@bronderslev.example", "Misbrugsbehandler");
    public static readonly DirectoryPerson Rasmus = new("6f0a2c4e-8b1d-4f37-a95c-3d7e9b1f2a04", "jammerbugt-kommune", JammerbugtTenant, "Rasmus Friis", "rasmus.friis@jammerbugt.example", "Visitator");
    public static readonly DirectoryPerson Birgitte = new("local-gp-birgitte-holm", "laegerne-vestergade", null, "Birgitte Holm", "birgitte.holm@laegerne-vestergade.example", "Praktiserende læge");

    public static CaseChannel SharedChannel => new(HostTeam, SharedChannelId, SharedChannelId, ChannelMode.SharedChannel, null);
    public static CaseChannel GuestChannel => new(HostTeam, PrivateChannelId, PrivateChannelId, ChannelMode.GuestChannel, null);
    public static CaseChannel GroupChat => new(HostTeam, ChatId, ChatId, ChannelMode.GroupChat, null);

    public static List<OrganisationOptions> Organisations() =>
    [
        new() { Id = "region-nordjylland", Name = "Region Nordjylland, Psykiatrien", Sector = Sector.Region, TenantId = RegionTenant, ChannelMode = ChannelMode.SharedChannel, HostTeamId = HostTeam },
        new() { Id = "aalborg-kommune", Name = "Aalborg Kommune", Sector = Sector.Kommune, TenantId = AalborgTenant, ChannelMode = ChannelMode.SharedChannel },
        new() { Id = "broenderslev-kommune", Name = "Brønderslev Kommune", Sector = Sector.Kommune, TenantId = BroenderslevTenant, ChannelMode = ChannelMode.GuestChannel },
        new() { Id = "jammerbugt-kommune", Name = "Jammerbugt Kommune", Sector = Sector.Kommune, TenantId = JammerbugtTenant, ChannelMode = ChannelMode.GroupChat },
        new() { Id = "laegerne-vestergade", Name = "Lægerne i Vestergade", Sector = Sector.AlmenPraksis, ChannelMode = ChannelMode.SharedChannel },
    ];

    /// <summary>
    /// Retries without backoff: the SDK's retry handler still honours a Retry-After it is given, within the production
    /// limits (MaxRetryWait, RequestTimeout), which the tests keep as they are.
    /// </summary>
    public static GraphTenantsOptions Options() => new()
    {
        ClientId = "00000000-0000-0000-0000-0000000000aa",
        ClientSecret = "not-used-by-tests",
        TeamsAppId = TeamsAppId,
        OperationFirstPoll = TimeSpan.FromMilliseconds(1),
        OperationPollInterval = TimeSpan.FromMilliseconds(1),
        MaxRetries = 2,
        RetryDelaySeconds = 0,
    };

    public static string TokenFor(string tenantId) => $"test-token-for-{tenantId}";

    public static GraphClients Clients(HttpMessageHandler graph, GraphTenantsOptions? options = null) =>
        new(options ?? Options(), tenantId => new TenantToken(tenantId), graph);

    public static GraphCollaborationTenants GraphTenants(FakeGraph graph, GraphTenantsOptions? options = null)
    {
        options ??= Options();
        return new GraphCollaborationTenants(Clients(graph, options), new GraphOrganisations(Organisations()), Microsoft.Extensions.Options.Options.Create(options),
            NullLogger<GraphCollaborationTenants>.Instance);
    }

    public static CaseChannelRequest Request(params string[] organisationIds) =>
        new("region-nordjylland", ChannelName, Description, Mette, organisationIds, [Mette]);

    /// <summary>
    /// Stands in for Azure.Identity: a bearer token that says which tenant's client sent the request, given (as the
    /// real provider's allowed hosts do) only to the Graph host.
    /// </summary>
    private sealed class TenantToken(string tenantId) : IAuthenticationProvider
    {
        public Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? context = null, CancellationToken ct = default)
        {
            if (request.URI.Host == "graph.microsoft.com") request.Headers.Add("Authorization", $"Bearer {TokenFor(tenantId)}");
            return Task.CompletedTask;
        }
    }
}
