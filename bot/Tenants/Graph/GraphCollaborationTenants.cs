using Microsoft.Extensions.Options;

namespace TeamsCoordinator.Tenants.Graph;

/// <summary>
/// <see cref="ICollaborationTenants"/> on Microsoft Graph: each organisation's directory in its own tenant, the
/// forløb channel in the coordinating organisation's team (a shared channel with members from their home tenants,
/// or the configured fallback), app-only through one <see cref="GraphClients"/> client per tenant.
/// </summary>
public sealed class GraphCollaborationTenants : ICollaborationTenants
{
    private readonly GraphOrganisations organisations;
    private readonly GraphDirectory directory;
    private readonly GraphCaseChannels channels;
    private readonly GraphMembership membership;

    public GraphCollaborationTenants(GraphClients clients, GraphOrganisations organisations, IOptions<GraphTenantsOptions> options,
        ILogger<GraphCollaborationTenants> log)
    {
        this.organisations = organisations;
        directory = new GraphDirectory(clients, organisations, options.Value);
        channels = new GraphCaseChannels(clients, organisations, options.Value, log);
        membership = new GraphMembership(clients, organisations, options.Value, log);
    }

    public Task<IReadOnlyList<Organisation>> GetOrganisationsAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<Organisation>>(organisations.All
            .OrderBy(o => o.Sector).ThenBy(o => o.Name, StringComparer.Create(GraphDirectory.Danish, false))
            .Select(o => o.ToOrganisation()).ToList());

    public Task<IReadOnlyList<DirectoryPerson>> FindPeopleAsync(string organisationId, string query, CancellationToken ct) =>
        directory.FindAsync(organisationId, query, ct);

    public Task<DirectoryPerson?> GetPersonAsync(string organisationId, string userId, CancellationToken ct) =>
        directory.GetAsync(organisationId, userId, ct);

    public Task<ChannelCreation> CreateCaseChannelAsync(CaseChannelRequest request, CancellationToken ct) => channels.CreateAsync(request, ct);

    public Task<bool> EnableBotAsync(CaseChannel channel, CancellationToken ct) => channels.EnableBotAsync(channel, ct);

    public Task<MemberChange> AddMemberAsync(CaseChannel channel, DirectoryPerson person, CancellationToken ct) =>
        membership.AddAsync(channel, person, ct);

    public Task<MemberChange> RemoveMemberAsync(CaseChannel channel, DirectoryPerson person, CancellationToken ct) =>
        membership.RemoveAsync(channel, person, ct);
}
