namespace TeamsCoordinator.Tenants.Graph;

/// <summary>The organisations from Tenants:Organisations, and which Teams mode a forløb team can run in.</summary>
public sealed class GraphOrganisations(IEnumerable<OrganisationOptions> organisations)
{
    private readonly List<OrganisationOptions> all = organisations.ToList();

    public IReadOnlyList<OrganisationOptions> All => all;

    public OrganisationOptions? Find(string id) => all.FirstOrDefault(o => o.Id.Equals(id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The organisation whose forløb team is <paramref name="teamId"/> (channels and chats are created in its tenant).</summary>
    public OrganisationOptions? HostOf(string teamId) =>
        all.FirstOrDefault(o => o.HostTeamId is not null && o.HostTeamId.Equals(teamId, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// One mode for the whole team: a shared channel only when every organisation with a tenant can join one;
    /// otherwise the most modest fallback any of them is configured to (guest channel, then group chat). People
    /// without a tenant take part by e-mail in every mode.
    /// </summary>
    public ChannelMode TeamMode(IEnumerable<string> organisationIds)
    {
        var modes = organisationIds.Select(Find).OfType<OrganisationOptions>()
            .Select(o => o.EffectiveMode).Where(m => m != ChannelMode.EmailOnly).ToList();
        return modes.Count == 0 ? ChannelMode.SharedChannel : modes.Max();
    }
}
