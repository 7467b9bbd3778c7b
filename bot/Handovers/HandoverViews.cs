using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Handovers;

/// <summary>
/// Builds a handover card for one viewer (or for everyone), with what the card needs from around the handover:
/// organisation names, the documents' titles, the members Teams should refresh the card for, and whom to @mention.
/// </summary>
public sealed class HandoverViews(ICollaborationTenants tenants, HandoverDocuments documents, ChannelAccounts accounts)
{
    public async Task<AdaptiveCard> CardAsync(CitizenCase c, Handover h, HandoverRole? viewer, CancellationToken ct,
        string? notice = null, bool noticeIsProblem = false)
    {
        var organisations = (await tenants.GetOrganisationsAsync(ct)).ToDictionary(o => o.Id);
        var docs = await documents.ByIdsAsync(c.Id, h.DocumentIds, ct);
        var teamsMembers = c.ActiveMembers.Where(m => m.Channel != ChannelMembership.EmailOnly).ToList();
        var channelIds = await accounts.OfAsync(teamsMembers.Select(m => m.UserId).ToList(), ct);

        // Teams refreshes automatically for at most 60 people: those who can act on the card come first.
        var refresh = teamsMembers.OrderBy(m => RefreshPriority(h, m, c)).ThenBy(m => m.Id)
            .Select(m => channelIds.GetValueOrDefault(m.UserId)).OfType<string>()
            .Distinct().Take(HandoverOptions.MaxRefreshUsers).ToList();
        // Mentions accept the Entra object id when the Teams id is not known yet.
        var mentions = teamsMembers.Where(m => h.IsOfferedTo(m.UserId, m.OrganisationId))
            .Select(m => (channelIds.GetValueOrDefault(m.UserId) ?? m.UserId, m.DisplayName)).Take(20).ToList();

        return HandoverCards.Handover(new HandoverCardModel(h, c.Label,
            CaseCards.OrgName(organisations, h.SenderOrganisationId), CaseCards.OrgName(organisations, h.ReceiverOrganisationId),
            docs, refresh, mentions, viewer, notice, noticeIsProblem));
    }

    public async Task<string> ReceivingSideAsync(Handover h, CancellationToken ct)
    {
        var organisations = (await tenants.GetOrganisationsAsync(ct)).ToDictionary(o => o.Id);
        return HandoverTexts.ReceivingSide(h, CaseCards.OrgName(organisations, h.ReceiverOrganisationId));
    }

    private static int RefreshPriority(Handover h, CaseMember m, CitizenCase c) =>
        h.State == HandoverState.Afventer && h.IsOfferedTo(m.UserId, m.OrganisationId) ? 0
        : m.UserId == h.SenderUserId || m.UserId == h.ReceiverUserId ? 1
        : m.UserId == c.CoordinatorUserId ? 2
        : 3;
}
