using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Handovers;

/// <summary>"hvem har stafetten": the one holder of the forløb's baton, who follows up, and what is on offer.</summary>
public sealed class WhoHoldsBatonCommand(CaseAccess access, BatonCards cards) : ICommandHandler
{
    public async Task HandleAsync(Turn turn, string arguments, CancellationToken ct)
    {
        var c = await access.ForChannelAsync(turn, "hvem har stafetten", ct);
        turn.Reply(c is null ? CaseCards.Message("Stafetten", CaseAccess.NotFound(turn)) : await cards.WhoHoldsAsync(c, ct));
    }
}

/// <summary>"stafet historik": every handover of the forløb with its times.</summary>
public sealed class BatonHistoryCommand(CaseAccess access, BatonCards cards) : ICommandHandler
{
    public async Task HandleAsync(Turn turn, string arguments, CancellationToken ct)
    {
        var c = await access.ForChannelAsync(turn, "stafethistorik", ct);
        turn.Reply(c is null ? CaseCards.Message("Stafethistorik", CaseAccess.NotFound(turn)) : await cards.HistoryAsync(c, ct));
    }
}

/// <summary>The buttons on those two cards.</summary>
public sealed class BatonCardAction(CaseAccess access, BatonCards cards) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var history = action.Verb == HandoverCards.VerbHistory;
        var c = await access.ForCardAsync(action, turn, history ? "stafethistorik" : "hvem har stafetten", ct);
        if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        return AdaptiveCardInvokeResponse.Card(history ? await cards.HistoryAsync(c, ct) : await cards.WhoHoldsAsync(c, ct));
    }
}

public sealed class BatonCards(BatonQuery batons, ICollaborationTenants tenants)
{
    public async Task<AdaptiveCard> WhoHoldsAsync(CitizenCase c, CancellationToken ct) =>
        HandoverCards.WhoHolds(c, await batons.StatusSectionAsync(c, ct));

    public async Task<AdaptiveCard> HistoryAsync(CitizenCase c, CancellationToken ct)
    {
        var handovers = await batons.HistoryAsync(c.Id, ct);
        var organisations = (await tenants.GetOrganisationsAsync(ct)).ToDictionary(o => o.Id);
        return HandoverCards.History(c, handovers, organisations, BatonQuery.HolderOf(c, handovers));
    }
}

/// <summary>Accepter, Afvis, Træk tilbage, Landet trygt, and the refresh that shows each member their own view.</summary>
public sealed class HandoverCardAction(HandoverWorkflow workflow) : ICardActionHandler
{
    public Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct) =>
        workflow.ActAsync(turn, action.Get("h"), HandoverCards.ActionOf(action.Verb), action.Get("reason"), action.Get("v"), ct);
}

/// <summary>"Vis dokumenter": fresh signed links to the documents sent along, as far as the consent covers the viewer's organisation now.</summary>
public sealed class HandoverDocumentsAction(CaseAccess access, HandoverDocuments documents, ICollaborationTenants tenants, SignedLinks links,
    AuditLog audit, PublicBaseUrl baseUrl) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var publicId = action.Get("h");
        var h = publicId is null ? null : await turn.Db.Set<Handover>().AsNoTracking().FirstOrDefaultAsync(x => x.PublicId == publicId, ct);
        var c = h is null ? null : await access.ByIdAsync(h.CaseId, turn.UserKey, "stafet dokumenter", ct);
        if (h is null || c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        var member = c.ActiveMember(turn.UserKey)!;
        var organisations = (await tenants.GetOrganisationsAsync(ct)).ToDictionary(o => o.Id);
        var checkedDocs = await documents.CheckAsync(c, member.OrganisationId, h.DocumentIds, ct);
        var allowed = checkedDocs.Where(d => d.Allowed).Select(d => (d.Document, links.Create(baseUrl.Value, d.Document.Id, turn.LinkHolder))).ToList();
        audit.Record("handover.documents", c.Id, $"{h.PublicId}: {string.Join(',', allowed.Select(a => a.Document.Id))}");
        return AdaptiveCardInvokeResponse.Card(HandoverCards.DocumentLinks(c.Label, allowed,
            checkedDocs.Where(d => !d.Allowed).Select(d => d.Document).ToList(), CaseCards.OrgName(organisations, member.OrganisationId)));
    }
}
