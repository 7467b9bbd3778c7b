using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Handovers;

/// <summary>
/// "koordinator [navn]": the coordinator role changes hands as a stafet, never at once. The stafet form opens with
/// "Koordinatorrollen" chosen; the receiver becomes coordinator when they accept, and the old coordinator follows up
/// until the citizen has landed safely. So the role is never without a holder and is never pushed onto anyone.
/// </summary>
public sealed class CoordinatorHandoverCommand(CaseAccess access, ICollaborationTenants tenants, HandoverForms forms) : ICommandHandler
{
    public async Task HandleAsync(Turn turn, string arguments, CancellationToken ct)
    {
        var c = await access.ForChannelAsync(turn, "koordinator", ct);
        if (c is null) { turn.Reply(CaseAccess.NotFound(turn)); return; }
        var refusal = await CoordinatorHandoverAction.RefusalAsync(c, turn.UserKey, forms, ct);
        if (refusal is not null) { turn.Reply(CaseCards.Message($"Koordinator: forløb {c.Label}", refusal, c.Id)); return; }

        var people = await CoordinatorHandoverAction.PeopleAsync(c, turn.UserKey, tenants, ct);
        if (people.Count == 0) { turn.Reply(HandoverCards.NoTargets(c)); return; }
        var matches = arguments.Trim().Length == 0 ? [] : HandoverTargets.Match(arguments, people, c);
        if (matches.Count == 1)
            turn.Reply(await CoordinatorHandoverAction.FormAsync(c, turn.UserKey, matches[0], forms, ct));
        else
            turn.Reply(HandoverCards.ChooseTarget(c, matches.Count > 1 ? matches : people,
                "Hvem skal være koordinator? Rollen gives videre som en stafet: den nye koordinator overtager, når de accepterer.",
                HandoverSubject.CoordinatorRole));
    }
}

/// <summary>
/// "Overdrag koordinatorrollen" on a coordinator card from before the role became a stafet: opens the stafet form for
/// the chosen member instead of changing the coordinator at once.
/// </summary>
public sealed class CoordinatorHandoverAction(CaseAccess access, ICollaborationTenants tenants, HandoverForms forms) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var c = await access.ForCardAsync(action, turn, "koordinator", ct);
        if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        if (await RefusalAsync(c, turn.UserKey, forms, ct) is { } refusal)
            return AdaptiveCardInvokeResponse.Card(CaseCards.Message($"Koordinator: forløb {c.Label}", refusal, c.Id));
        var people = await CoordinatorHandoverAction.PeopleAsync(c, turn.UserKey, tenants, ct);
        var chosen = people.FirstOrDefault(t => t.UserId == action.Get("coordinator"));
        return chosen is null
            ? AdaptiveCardInvokeResponse.Card(HandoverCards.ChooseTarget(c, people, "Vælg, hvem der skal være koordinator:", HandoverSubject.CoordinatorRole))
            : AdaptiveCardInvokeResponse.Card(await FormAsync(c, turn.UserKey, chosen, forms, ct));
    }

    /// <summary>The members the role can go to (people, not organisations).</summary>
    public static async Task<List<HandoverTarget>> PeopleAsync(CitizenCase c, string userId, ICollaborationTenants tenants, CancellationToken ct) =>
        HandoverTargets.Candidates(c, await tenants.GetOrganisationsAsync(ct), userId).Where(t => t.UserId is not null).ToList();

    /// <summary>The stafet form for <paramref name="to"/> with the coordinator role chosen.</summary>
    public static Task<BotFramework.Cards.AdaptiveCard> FormAsync(CitizenCase c, string userId, HandoverTarget to, HandoverForms forms, CancellationToken ct) =>
        forms.FormAsync(c, userId, to, Guid.NewGuid().ToString("N"), ct, ChooseHandoverTargetAction.Preselect(HandoverSubject.CoordinatorRole));

    /// <summary>Why this member cannot hand the role over now (not the coordinator, or an offer of it awaits an answer), or null.</summary>
    public static async Task<string?> RefusalAsync(CitizenCase c, string userId, HandoverForms forms, CancellationToken ct)
    {
        var why = (await forms.SubjectsWithReasonsAsync(c, userId, ct)).First(s => s.Subject == HandoverSubject.CoordinatorRole).Refusal;
        return why is null ? null : $"{why} Koordinator nu: {c.ActiveMember(c.CoordinatorUserId)?.DisplayName ?? "ingen"}.";
    }
}
