using TeamsCoordinator.BotFramework;
using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Cases;

/// <summary>A part of the status card that another feature contributes (e.g. who holds the baton).</summary>
public interface IStatusSection
{
    Task<IEnumerable<CardElement>> BuildAsync(CitizenCase c, CancellationToken ct);
}

/// <summary>"status": in a forløb channel the team by sector, coordinator and consent; in personal chat the user's forløb.</summary>
public sealed class StatusCommand(CaseAccess access, CaseStatusCard status, AuditLog audit) : ICommandHandler
{
    public async Task HandleAsync(Turn turn, string arguments, CancellationToken ct)
    {
        if (turn.IsPersonal)
        {
            // The list shows each forløb's label and team: a read of each, audited as one.
            var cases = await access.OfUserAsync(turn.UserKey, ct);
            foreach (var listed in cases) audit.Record("case.read", listed.Id, "status i personlig chat");
            turn.Reply(CaseCards.MyCases(cases, turn.UserKey));
            return;
        }
        var c = await access.ForChannelAsync(turn, "status", ct);
        if (c is null) { turn.Reply(CaseAccess.NotFound(turn)); return; }
        turn.Reply(await status.BuildAsync(c, ct));
    }
}

/// <summary>"Opdatér" / "Vis status" on cards.</summary>
public sealed class StatusCardAction(CaseAccess access, CaseStatusCard status) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var c = await access.ForCardAsync(action, turn, "status", ct);
        return c is null ? AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn)) : AdaptiveCardInvokeResponse.Card(await status.BuildAsync(c, ct));
    }
}

public sealed class CaseStatusCard(ICollaborationTenants tenants, ConsentPolicy consent, IEnumerable<IStatusSection> sections)
{
    public async Task<AdaptiveCard> BuildAsync(CitizenCase c, CancellationToken ct)
    {
        var extra = new List<CardElement>();
        foreach (var section in sections) extra.AddRange(await section.BuildAsync(c, ct));
        return CaseCards.Status(c, await tenants.GetOrganisationsAsync(ct), await consent.InForceAsync(c.Id, ct), extra);
    }
}
