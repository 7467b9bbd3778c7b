using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Tenants;

/// <summary>
/// The default tenant: everything in the project's database. Channels come from a pool (in Agents Playground, the
/// team's channels listed in Tenants:Embedded:Channels); when the pool is empty a local channel is made up, which
/// works for the bot's own records but has no Teams client behind it.
/// </summary>
public sealed class EmbeddedCollaborationTenants(CoordinatorDb db) : ICollaborationTenants
{
    /// <summary>
    /// The organisations (a handful of rows, written only by the seed), read once per scope, i.e. per turn: the status
    /// card and its baton section both list them, and "ny borger" looks up each chosen person's organisation.
    /// </summary>
    private List<EmbeddedOrganisation>? _rows;
    private IReadOnlyList<Organisation>? _organisations;

    private async Task<List<EmbeddedOrganisation>> RowsAsync(CancellationToken ct) =>
        _rows ??= await db.Set<EmbeddedOrganisation>().AsNoTracking().OrderBy(o => o.Sector).ThenBy(o => o.Name).ToListAsync(ct);

    private async Task<EmbeddedOrganisation?> RowAsync(string organisationId, CancellationToken ct) =>
        (await RowsAsync(ct)).FirstOrDefault(o => o.Id == organisationId);

    public async Task<IReadOnlyList<Organisation>> GetOrganisationsAsync(CancellationToken ct) =>
        _organisations ??= (await RowsAsync(ct)).Select(o => o.ToOrganisation()).ToList();

    public async Task<IReadOnlyList<DirectoryPerson>> FindPeopleAsync(string organisationId, string query, CancellationToken ct)
    {
        var org = await RowAsync(organisationId, ct);
        if (org is null) return [];
        var people = await db.Set<EmbeddedPerson>().AsNoTracking().Where(p => p.OrganisationId == organisationId).ToListAsync(ct);
        return people
            .Where(p => query.Length == 0 || p.DisplayName.StartsWith(query, StringComparison.OrdinalIgnoreCase) ||
                        p.DisplayName.Split(' ').Any(w => w.StartsWith(query, StringComparison.OrdinalIgnoreCase)) ||
                        (p.Email?.StartsWith(query, StringComparison.OrdinalIgnoreCase) ?? false))
            .OrderBy(p => p.DisplayName).Take(25)
            .Select(p => ToPerson(p, org)).ToList();
    }

    public async Task<DirectoryPerson?> GetPersonAsync(string organisationId, string userId, CancellationToken ct)
    {
        var org = await RowAsync(organisationId, ct);
        if (org is null) return null;
        var person = await db.Set<EmbeddedPerson>().AsNoTracking().FirstOrDefaultAsync(p => p.OrganisationId == organisationId && p.UserId == userId, ct);
        return person is null ? null : ToPerson(person, org);
    }

    public async Task<ChannelCreation> CreateCaseChannelAsync(CaseChannelRequest request, CancellationToken ct)
    {
        var org = await db.Set<EmbeddedOrganisation>().FirstAsync(o => o.Id == request.CoordinatingOrganisationId, ct);
        var channel = await db.Set<EmbeddedChannel>().Include(c => c.Members).Where(c => c.AssignedTo == null).OrderBy(c => c.ChannelId).FirstOrDefaultAsync(ct);
        if (channel is null)
        {
            channel = new EmbeddedChannel { ChannelId = $"19:{Guid.NewGuid():N}@thread.embedded", TeamId = org.HostTeamId ?? $"team-{org.Id}" };
            db.Add(channel);
        }
        channel.AssignedTo = request.DisplayName;
        channel.Name = request.DisplayName;
        AddMember(channel, request.Owner.UserId, ChannelMode.SharedChannel);
        await db.SaveChangesAsync(ct);
        return ChannelCreation.Created(new CaseChannel(channel.TeamId, channel.ChannelId, channel.ChannelId, ModeFor(org), null), [request.Owner.UserId]);
    }

    /// <summary>The bot is in every channel of the pool (installed in the team in Agents Playground).</summary>
    public Task<bool> EnableBotAsync(CaseChannel channel, CancellationToken ct) => Task.FromResult(true);

    public async Task<MemberChange> AddMemberAsync(CaseChannel channel, DirectoryPerson person, CancellationToken ct)
    {
        var org = await RowAsync(person.OrganisationId, ct) ?? throw new InvalidOperationException($"No organisation {person.OrganisationId}.");
        var mode = ModeFor(org);
        if (mode == ChannelMode.EmailOnly) return MemberChange.Done(mode);
        var row = await db.Set<EmbeddedChannel>().Include(c => c.Members).FirstAsync(c => c.ChannelId == channel.ChannelId, ct);
        AddMember(row, person.UserId, mode);
        await db.SaveChangesAsync(ct);
        return MemberChange.Done(mode);
    }

    public async Task<MemberChange> RemoveMemberAsync(CaseChannel channel, DirectoryPerson person, CancellationToken ct)
    {
        await db.Set<EmbeddedChannelMember>().Where(m => m.ChannelId == channel.ChannelId && m.UserId == person.UserId).ExecuteDeleteAsync(ct);
        return MemberChange.Done(channel.Mode);
    }

    private static void AddMember(EmbeddedChannel channel, string userId, ChannelMode mode)
    {
        if (channel.Members.All(m => m.UserId != userId))
            channel.Members.Add(new EmbeddedChannelMember { ChannelId = channel.ChannelId, UserId = userId, Mode = mode });
    }

    /// <summary>People without a tenant (GP, relatives) are reached by e-mail whatever the organisation says.</summary>
    private static ChannelMode ModeFor(EmbeddedOrganisation org) => org.TenantId is null ? ChannelMode.EmailOnly : org.ChannelMode;

    private static DirectoryPerson ToPerson(EmbeddedPerson p, EmbeddedOrganisation org) =>
        new(p.UserId, p.OrganisationId, org.TenantId, p.DisplayName, p.Email, p.JobTitle);
}
