using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace TeamsCoordinator.Tenants.Graph;

/// <summary>
/// Adds and removes one person in a forløb's channel or chat, in the host organisation's tenant. Every outcome is
/// a <see cref="MemberChange"/>: Done, Refused with a Danish reason (never silently), or Pending when Microsoft is
/// throttling or down after the SDK's own retries, so the caller can queue a durable retry.
/// </summary>
internal sealed class GraphMembership(GraphClients clients, GraphOrganisations organisations, GraphTenantsOptions options, ILogger log)
{
    public async Task<MemberChange> AddAsync(CaseChannel channel, DirectoryPerson person, CancellationToken ct)
    {
        if (organisations.Find(person.OrganisationId) is not { } org)
            return new(MemberChangeStatus.Failed, channel.Mode, GraphReasons.UnknownOrganisation(person.OrganisationId));
        if (org.EffectiveMode == ChannelMode.EmailOnly || channel.Mode == ChannelMode.EmailOnly) return MemberChange.Done(ChannelMode.EmailOnly);
        if (organisations.HostOf(channel.TeamId) is not { TenantId: { } hostTenant } host)
            return new(MemberChangeStatus.Failed, channel.Mode, GraphReasons.NotHostedHere(channel.TeamId));

        var foreignTenant = GraphBodies.ForeignTenant(person, hostTenant);
        // A shared channel takes people from another tenant only through B2B direct connect, which an
        // organisation configured for a fallback does not have: say so instead of trying.
        if (channel.Mode == ChannelMode.SharedChannel && foreignTenant is not null && org.EffectiveMode != ChannelMode.SharedChannel)
            return new(MemberChangeStatus.Refused, channel.Mode, GraphReasons.NotForSharedChannel(org));

        var graph = clients.For(hostTenant);
        try
        {
            switch (channel.Mode)
            {
                case ChannelMode.SharedChannel:
                    await PostAsync(() => graph.Teams[channel.TeamId].Channels[channel.ChannelId].Members
                        .PostAsync(GraphBodies.Member(clients.BaseUrl, person.UserId, [], foreignTenant), cancellationToken: ct), ct);
                    break;
                case ChannelMode.GuestChannel when foreignTenant is null:
                    await AddToPrivateChannelAsync(graph, channel, person.UserId, ct);
                    break;
                case ChannelMode.GuestChannel:
                    if (string.IsNullOrWhiteSpace(person.Email)) return new(MemberChangeStatus.Failed, channel.Mode, GraphReasons.NoEmail(person));
                    await AddToPrivateChannelAsync(graph, channel, await GuestIdAsync(graph, person, ct), ct);
                    break;
                case ChannelMode.GroupChat:
                    // Chats take people from other tenants as "owner" with their home tenant (external access).
                    await PostAsync(() => graph.Chats[channel.ChannelId].Members
                        .PostAsync(GraphBodies.Member(clients.BaseUrl, person.UserId, ["owner"], foreignTenant), cancellationToken: ct), ct);
                    break;
            }
            return MemberChange.Done(channel.Mode);
        }
        catch (Exception e) when (GraphProblem.From(e, ct) is { } problem)
        {
            log.LogWarning("Graph refused adding user {UserId} of {OrganisationId} to {ChannelId}: {Problem}", person.UserId, org.Id, channel.ChannelId, problem);
            return Outcome(problem, channel.Mode, person, org, host, adding: true);
        }
    }

    public async Task<MemberChange> RemoveAsync(CaseChannel channel, DirectoryPerson person, CancellationToken ct)
    {
        if (organisations.Find(person.OrganisationId) is not { } org)
            return new(MemberChangeStatus.Failed, channel.Mode, GraphReasons.UnknownOrganisation(person.OrganisationId));
        if (org.EffectiveMode == ChannelMode.EmailOnly || channel.Mode == ChannelMode.EmailOnly) return MemberChange.Done(ChannelMode.EmailOnly);
        if (organisations.HostOf(channel.TeamId) is not { TenantId: { } hostTenant } host)
            return new(MemberChangeStatus.Failed, channel.Mode, GraphReasons.NotHostedHere(channel.TeamId));

        var graph = clients.For(hostTenant);
        try
        {
            // Membership ids are opaque: find the person's membership, then delete it. A guest is known in the
            // host tenant by another object id, hence the e-mail. The guest stays in the host team: they may be
            // in other forløb of the same team, and the team's standard channels should hold nothing sensitive.
            if (channel.Mode == ChannelMode.GroupChat)
            {
                var members = await AllAsync(await graph.Chats[channel.ChannelId].Members.GetAsync(cancellationToken: ct),
                    next => graph.Chats[channel.ChannelId].Members.WithUrl(next).GetAsync(cancellationToken: ct));
                if (Match(members, person) is { Id: { } id }) await graph.Chats[channel.ChannelId].Members[id].DeleteAsync(cancellationToken: ct);
            }
            else
            {
                var members = await AllAsync(await graph.Teams[channel.TeamId].Channels[channel.ChannelId].Members.GetAsync(cancellationToken: ct),
                    next => graph.Teams[channel.TeamId].Channels[channel.ChannelId].Members.WithUrl(next).GetAsync(cancellationToken: ct));
                if (Match(members, person) is { Id: { } id }) await graph.Teams[channel.TeamId].Channels[channel.ChannelId].Members[id].DeleteAsync(cancellationToken: ct);
            }
            return MemberChange.Done(channel.Mode);
        }
        catch (Exception e) when (GraphProblem.From(e, ct) is { } problem)
        {
            log.LogWarning("Graph refused removing user {UserId} of {OrganisationId} from {ChannelId}: {Problem}", person.UserId, org.Id, channel.ChannelId, problem);
            return problem.Is(404) ? MemberChange.Done(channel.Mode) : Outcome(problem, channel.Mode, person, org, host, adding: false);
        }
    }

    /// <summary>
    /// The guest's object id in the host tenant. An invitation sends its e-mail every time it is posted, so only the
    /// first attempt invites: a retry (after the team add was throttled, say) or another forløb finds the guest the
    /// first invitation made (B2B guests carry the invited address in mail).
    /// </summary>
    private async Task<string> GuestIdAsync(GraphServiceClient graph, DirectoryPerson person, CancellationToken ct)
    {
        var known = await graph.Users.GetAsync(rc =>
        {
            rc.QueryParameters.Filter = $"mail eq {GraphBodies.Literal(person.Email!)}";
            rc.QueryParameters.Select = ["id"];
        }, ct);
        if (known?.Value?.FirstOrDefault(u => u.Id is not null) is { Id: { } id }) return id;
        var invitation = await graph.Invitations.PostAsync(new Invitation
        {
            InvitedUserEmailAddress = person.Email,
            InvitedUserDisplayName = person.DisplayName,
            InviteRedirectUrl = options.InviteRedirectUrl,
            SendInvitationMessage = true,
            InvitedUserMessageInfo = new InvitedUserMessageInfo { MessageLanguage = "da-DK" },
        }, cancellationToken: ct);
        return invitation?.InvitedUser?.Id
            ?? throw new HttpRequestException("The invitation answer named no user."); // treated as transient: try again later
    }

    /// <summary>A private channel's members must be members of its team first (for host staff and guests alike).</summary>
    private async Task AddToPrivateChannelAsync(GraphServiceClient graph, CaseChannel channel, string userId, CancellationToken ct)
    {
        await PostAsync(() => graph.Teams[channel.TeamId].Members.PostAsync(GraphBodies.Member(clients.BaseUrl, userId, []), cancellationToken: ct), ct);
        await PostAsync(() => graph.Teams[channel.TeamId].Channels[channel.ChannelId].Members
            .PostAsync(GraphBodies.Member(clients.BaseUrl, userId, []), cancellationToken: ct), ct);
    }

    /// <summary>Adding someone who is already a member is success (a retry after a partial failure).</summary>
    private static async Task PostAsync(Func<Task> post, CancellationToken ct)
    {
        try { await post(); }
        catch (Exception e) when (GraphProblem.From(e, ct) is { } problem && problem.Is(409)) { }
    }

    private static async Task<List<ConversationMember>> AllAsync(ConversationMemberCollectionResponse? page, Func<string, Task<ConversationMemberCollectionResponse?>> next)
    {
        var all = new List<ConversationMember>();
        while (page is not null)
        {
            all.AddRange(page.Value ?? []);
            page = page.OdataNextLink is { } link ? await next(link) : null;
        }
        return all;
    }

    private static ConversationMember? Match(IEnumerable<ConversationMember> members, DirectoryPerson person) =>
        members.OfType<AadUserConversationMember>().FirstOrDefault(m =>
            (string.Equals(m.UserId, person.UserId, StringComparison.OrdinalIgnoreCase)
             && (m.TenantId is null || person.TenantId is null || m.TenantId.Equals(person.TenantId, StringComparison.OrdinalIgnoreCase)))
            || (person.Email is not null && string.Equals(m.Email, person.Email, StringComparison.OrdinalIgnoreCase)));

    private static string Permission(ChannelMode mode) => mode switch
    {
        ChannelMode.GroupChat => "ChatMember.ReadWrite.All",
        ChannelMode.GuestChannel => "ChannelMember.ReadWrite.All, TeamMember.ReadWriteNonOwnerRole.All og User.Invite.All",
        _ => "ChannelMember.ReadWrite.All",
    };

    private static MemberChange Outcome(GraphProblem problem, ChannelMode mode, DirectoryPerson person, OrganisationOptions org, OrganisationOptions host, bool adding)
    {
        if (problem.IsTransient)
            return new(MemberChangeStatus.Pending, mode, GraphReasons.Busy, problem.RetryAfter ?? GraphProblem.DefaultRetryAfter);
        var foreign = GraphBodies.ForeignTenant(person, host.TenantId!) is not null;
        return problem.Status switch
        {
            403 when adding && foreign && mode == ChannelMode.SharedChannel => new(MemberChangeStatus.Refused, mode, GraphReasons.CrossTenantNotSetUp(org, host)),
            403 when adding && foreign && mode == ChannelMode.GuestChannel => new(MemberChangeStatus.Refused, mode, GraphReasons.GuestInvitationRefused(org, host)),
            403 when adding && foreign && mode == ChannelMode.GroupChat => new(MemberChangeStatus.Refused, mode, GraphReasons.ExternalChatRefused(org, host)),
            403 => new(MemberChangeStatus.Refused, mode, GraphReasons.AppNotPermitted(host, adding ? "tilføje medlemmer" : "fjerne medlemmer", Permission(mode))),
            404 => new(MemberChangeStatus.Failed, mode, GraphReasons.PersonNotFound(person, org)),
            _ => new(MemberChangeStatus.Failed, mode, GraphReasons.Rejected(problem)),
        };
    }
}
