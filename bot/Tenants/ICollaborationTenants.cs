namespace TeamsCoordinator.Tenants;

/// <summary>
/// The Microsoft 365 side of a forløb's team, across the region's and municipalities' tenants: finding people,
/// and the channel where the cross-sector team works. Two implementations: Microsoft Graph (one client per tenant)
/// and the embedded one (the project's database; the default, so a fresh clone runs with no cloud account).
/// </summary>
public interface ICollaborationTenants
{
    /// <summary>The organisations this installation works with (region, municipalities, GPs, network).</summary>
    Task<IReadOnlyList<Organisation>> GetOrganisationsAsync(CancellationToken ct);

    /// <summary>People of one organisation whose name or e-mail starts with the query (empty: the first page).</summary>
    Task<IReadOnlyList<DirectoryPerson>> FindPeopleAsync(string organisationId, string query, CancellationToken ct);

    Task<DirectoryPerson?> GetPersonAsync(string organisationId, string userId, CancellationToken ct);

    /// <summary>
    /// Creates the team's channel in the coordinating organisation's team: a shared channel when every organisation
    /// can join one (B2B direct connect), otherwise the organisation's configured fallback. The owner is the first member.
    /// Never waits for Teams: when Teams creates the channel in the background (a shared channel), the answer is the
    /// operation to look at again (<see cref="CaseChannelRequest.Operation"/>) instead of a channel. Safe to call again.
    /// </summary>
    Task<ChannelCreation> CreateCaseChannelAsync(CaseChannelRequest request, CancellationToken ct);

    /// <summary>
    /// Lets the bot into the channel or chat, so that it can post there. A step of its own, after the channel is
    /// recorded, so that a refusal here never loses the channel. False when the app cannot do it (the README says why).
    /// </summary>
    Task<bool> EnableBotAsync(CaseChannel channel, CancellationToken ct);

    /// <summary>Adds a person from any organisation; the result says how (shared-channel member, guest, chat) or why not.</summary>
    Task<MemberChange> AddMemberAsync(CaseChannel channel, DirectoryPerson person, CancellationToken ct);

    Task<MemberChange> RemoveMemberAsync(CaseChannel channel, DirectoryPerson person, CancellationToken ct);
}

public enum Sector { Region, Kommune, AlmenPraksis, Netvaerk }

/// <summary>How an organisation's people take part in a forløb channel.</summary>
public enum ChannelMode
{
    /// <summary>Teams shared channel, members from their own tenant (B2B direct connect between the tenants).</summary>
    SharedChannel,
    /// <summary>Standard/private channel in the host team, people from other tenants invited as guests.</summary>
    GuestChannel,
    /// <summary>Group chat: the last resort when neither is set up.</summary>
    GroupChat,
    /// <summary>No Teams account (GP, relatives): documents and invitations by e-mail.</summary>
    EmailOnly,
}

/// <summary>An organisation in the cross-sector team, with its own Microsoft 365 tenant (none for GPs and relatives).</summary>
public sealed record Organisation(
    string Id,
    string Name,
    Sector Sector,
    string? TenantId,
    /// <summary>How its people join a forløb channel; SharedChannel needs B2B direct connect set up by both tenants.</summary>
    ChannelMode ChannelMode,
    /// <summary>For a coordinating organisation: the team that hosts its forløb channels.</summary>
    string? HostTeamId = null);

public sealed record DirectoryPerson(
    string UserId,
    string OrganisationId,
    string? TenantId,
    string DisplayName,
    string? Email,
    string? JobTitle);

public sealed record CaseChannelRequest(
    string CoordinatingOrganisationId,
    /// <summary>Label only ("Forløb AB-0042"): never the citizen's name or CPR number.</summary>
    string DisplayName,
    string Description,
    DirectoryPerson Owner,
    IReadOnlyList<string> OrganisationIds,
    /// <summary>Everyone to be in the team; a group chat is created with all of them (Teams wants every participant at creation).</summary>
    IReadOnlyList<DirectoryPerson>? Members = null,
    /// <summary>The creation an earlier call started and Teams is still working on.</summary>
    string? Operation = null);

/// <summary>
/// The channel once it exists, with the people who became members by its creation; until then the operation Teams is
/// still running, to look at again after <see cref="PollAfter"/>.
/// </summary>
public sealed record ChannelCreation(CaseChannel? Channel, IReadOnlyList<string> JoinedUserIds, string? Operation = null, TimeSpan? PollAfter = null)
{
    public static ChannelCreation Created(CaseChannel channel, IEnumerable<string> joined) => new(channel, joined.ToList());
    public static ChannelCreation Running(string operation, TimeSpan pollAfter) => new(null, [], operation, pollAfter);
}

public sealed record CaseChannel(
    string TeamId,
    string ChannelId,
    /// <summary>The Bot Framework conversation id of the channel (Teams: the channel id "19:…@thread.tacv2").</summary>
    string ConversationId,
    ChannelMode Mode,
    string? WebUrl);

public enum MemberChangeStatus { Done, Pending, Refused, Failed }

/// <summary>Outcome of adding/removing one person; <see cref="Reason"/> is Danish, for the user.</summary>
public sealed record MemberChange(MemberChangeStatus Status, ChannelMode Mode, string? Reason = null, TimeSpan? RetryAfter = null)
{
    public static MemberChange Done(ChannelMode mode) => new(MemberChangeStatus.Done, mode);
}
