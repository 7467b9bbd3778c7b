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
        var org = await RowAsync(request.CoordinatingOrganisationId, ct) ?? throw new InvalidOperationException($"No organisation {request.CoordinatingOrganisationId}.");
        var channel = await ClaimPoolChannelAsync(request.DisplayName, ct);
        if (channel is null)
        {
            channel = new EmbeddedChannel { ChannelId = $"19:{Guid.NewGuid():N}@thread.embedded", TeamId = org.HostTeamId ?? $"team-{org.Id}",
                AssignedTo = request.DisplayName, Name = request.DisplayName };
            db.Add(channel);
        }
        await db.SaveChangesAsync(ct);
        await AddMemberAsync(channel.ChannelId, request.Owner.UserId, ChannelMode.SharedChannel, ct);
        return ChannelCreation.Created(new CaseChannel(channel.TeamId, channel.ChannelId, channel.ChannelId, ModeFor(org), null), [request.Owner.UserId]);
    }

    /// <summary>
    /// A free channel of the pool, taken with one conditional update: of two forløb created at once (two instances, or
    /// two turns) exactly one gets it, the other tries the next. Read-then-assign gave both the same channel, so two
    /// teams would have shared one (the owner's membership row then collided: IX_embedded_channel_members).
    /// </summary>
    private async Task<EmbeddedChannel?> ClaimPoolChannelAsync(string name, CancellationToken ct)
    {
        var free = await db.Set<EmbeddedChannel>().AsNoTracking().Where(c => c.AssignedTo == null).OrderBy(c => c.ChannelId).Select(c => c.ChannelId).ToListAsync(ct);
        foreach (var id in free)
        {
            if (await db.Set<EmbeddedChannel>().Where(c => c.ChannelId == id && c.AssignedTo == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(c => c.AssignedTo, name).SetProperty(c => c.Name, name), ct) == 1)
                return await db.Set<EmbeddedChannel>().AsNoTracking().FirstAsync(c => c.ChannelId == id, ct);
        }
        return null;
    }

    /// <summary>The bot is in every channel of the pool (installed in the team in Agents Playground).</summary>
    public Task<bool> EnableBotAsync(CaseChannel channel, CancellationToken ct) => Task.FromResult(true);

    public async Task<MemberChange> AddMemberAsync(CaseChannel channel, DirectoryPerson person, CancellationToken ct)
    {
        var org = await RowAsync(person.OrganisationId, ct) ?? throw new InvalidOperationException($"No organisation {person.OrganisationId}.");
        var mode = ModeFor(org);
        if (mode == ChannelMode.EmailOnly) return MemberChange.Done(mode);
        await AddMemberAsync(channel.ChannelId, person.UserId, mode, ct);
        return MemberChange.Done(mode);
    }

    public async Task<MemberChange> RemoveMemberAsync(CaseChannel channel, DirectoryPerson person, CancellationToken ct)
    {
        await db.Set<EmbeddedChannelMember>().Where(m => m.ChannelId == channel.ChannelId && m.UserId == person.UserId).ExecuteDeleteAsync(ct);
        return MemberChange.Done(channel.Mode);
    }

    /// <summary>
    /// Adds the person to the channel unless they are in it already, in one statement of its own: the turn making the
    /// forløb and another instance's retry pass may add the same pending member at once (read-then-insert made one of
    /// them fail on IX_embedded_channel_members, and with it the whole "ny borger" turn). Either way they are in.
    /// The turn's own changes are not saved with it (as with Graph, where adding a member is a call, not a save).
    /// </summary>
    private Task AddMemberAsync(string channelId, string userId, ChannelMode mode, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO embedded_channel_members (\"ChannelId\", \"UserId\", \"Mode\") VALUES ({channelId}, {userId}, {mode.ToString()}) ON CONFLICT DO NOTHING", ct);

    /// <summary>People without a tenant (GP, relatives) are reached by e-mail whatever the organisation says.</summary>
    private static ChannelMode ModeFor(EmbeddedOrganisation org) => org.TenantId is null ? ChannelMode.EmailOnly : org.ChannelMode;

    private static DirectoryPerson ToPerson(EmbeddedPerson p, EmbeddedOrganisation org) =>
        new(p.UserId, p.OrganisationId, org.TenantId, p.DisplayName, p.Email, p.JobTitle);
}
