using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Handovers;

/// <summary>Who holds a forløb's baton now, and who still follows up during the overlap.</summary>
public sealed record BatonHolder(
    string UserId,
    string Name,
    string OrganisationId,
    Sector Sector,
    DateTimeOffset Since,
    /// <summary>The handover that gave the baton to the holder; null while it is still with the first coordinator.</summary>
    Handover? Via,
    /// <summary>The sender, who keeps following up until the citizen has "landet trygt".</summary>
    string? FollowingUpUserId,
    string? FollowingUpName,
    string? FollowingUpOrganisationId,
    /// <summary>The holder left the team: the baton fell back to the coordinator rather than being dropped.</summary>
    bool FellBackToCoordinator);

/// <summary>
/// Answers "who holds the baton?". At every instant a forløb has exactly one holder (person and organisation): the
/// coordinator at first; after an accepted handover of the whole forløb, its receiver; after an accepted handover
/// of the coordinator role, the (new) coordinator. Derived from the handovers, so it cannot drift from them.
/// </summary>
public sealed class BatonQuery(CoordinatorDb db, ICollaborationTenants tenants)
{
    public async Task<BatonHolder> HolderAsync(CitizenCase c, CancellationToken ct) =>
        HolderOf(c, await db.Set<Handover>().AsNoTracking().Where(h => h.CaseId == c.Id).ToListAsync(ct));

    public static BatonHolder HolderOf(CitizenCase c, IEnumerable<Handover> handovers)
    {
        var moved = handovers
            .Where(h => h.CaseId == c.Id && h.MovesCaseBaton && h.State is HandoverState.Accepteret or HandoverState.LandetTrygt && h.AcceptedAt is not null)
            .OrderBy(h => h.AcceptedAt).ThenBy(h => h.Id).LastOrDefault();
        var holderId = moved is { Subject: HandoverSubject.WholeCase } ? moved.ReceiverUserId! : c.CoordinatorUserId;
        var since = moved?.AcceptedAt ?? c.CreatedAt;
        var member = c.ActiveMember(holderId);
        var fellBack = false;
        if (member is null && holderId != c.CoordinatorUserId)
        {
            fellBack = true;
            holderId = c.CoordinatorUserId;
            member = c.ActiveMember(holderId);
        }
        member ??= c.Members.LastOrDefault(m => m.UserId == holderId);
        var overlap = moved is { State: HandoverState.Accepteret } ? moved : null;
        return new BatonHolder(holderId, member?.DisplayName ?? "ukendt", member?.OrganisationId ?? c.CoordinatingOrganisationId,
            member?.Sector ?? Sector.Region, since, moved, overlap?.SenderUserId, overlap?.SenderName, overlap?.SenderOrganisationId, fellBack);
    }

    /// <summary>Every handover of the forløb, oldest first.</summary>
    public Task<List<Handover>> HistoryAsync(long caseId, CancellationToken ct) =>
        db.Set<Handover>().AsNoTracking().Where(h => h.CaseId == caseId).OrderBy(h => h.OfferedAt).ThenBy(h => h.Id).ToListAsync(ct);

    /// <summary>For the daily digest: open batons past a deadline, with whom to tell (the coordinator) and since when.</summary>
    public Task<List<Handover>> OverdueAsync(CancellationToken ct) =>
        db.Set<Handover>().AsNoTracking()
            .Where(h => h.OverdueSince != null && (h.State == HandoverState.Afventer || h.State == HandoverState.Accepteret))
            .OrderBy(h => h.OverdueSince).ToListAsync(ct);

    /// <summary>For the daily digest: batons waiting for acceptance.</summary>
    public Task<List<Handover>> AwaitingAcceptanceAsync(CancellationToken ct) =>
        db.Set<Handover>().AsNoTracking().Where(h => h.State == HandoverState.Afventer).OrderBy(h => h.Deadline).ToListAsync(ct);

    /// <summary>The baton part of the forløb's status card (the status command adds it above the team).</summary>
    public async Task<IEnumerable<CardElement>> StatusSectionAsync(CitizenCase c, CancellationToken ct)
    {
        var handovers = await db.Set<Handover>().AsNoTracking().Where(h => h.CaseId == c.Id).ToListAsync(ct);
        var organisations = (await tenants.GetOrganisationsAsync(ct)).ToDictionary(o => o.Id);
        return Section(c, HolderOf(c, handovers), handovers, organisations);
    }

    public static IEnumerable<CardElement> Section(CitizenCase c, BatonHolder holder, IReadOnlyList<Handover> handovers, IReadOnlyDictionary<string, Organisation> organisations)
    {
        string Org(string id) => CaseCards.OrgName(organisations, id);
        var facts = new List<Fact>
        {
            new("Har stafetten", $"{holder.Name} ({Org(holder.OrganisationId)}) siden {HandoverTexts.Time(holder.Since)}"),
        };
        if (holder.FollowingUpName is { } follower)
            facts.Add(new("Følger op", $"{follower} ({Org(holder.FollowingUpOrganisationId!)}), indtil borgeren er landet trygt"));
        foreach (var h in handovers.Where(h => h.State == HandoverState.Afventer && h.MovesCaseBaton).OrderBy(h => h.OfferedAt))
            facts.Add(new("Tilbudt", $"{HandoverTexts.SubjectName(h)} til {HandoverTexts.ReceivingSide(h, Org(h.ReceiverOrganisationId))}: " +
                                     $"afventer accept, frist {HandoverTexts.DeadlineDay(h.Deadline)}{Overdue(h)}"));
        foreach (var h in handovers.Where(h => h.IsOpen && h.Subject == HandoverSubject.Task).OrderBy(h => h.OfferedAt))
            facts.Add(new("Opgave", $"{h.TaskTitle}: " + (h.State == HandoverState.Afventer
                ? $"tilbudt {HandoverTexts.ReceivingSide(h, Org(h.ReceiverOrganisationId))} af {h.SenderName}{Overdue(h)}"
                : $"{h.ReceiverName} har den, {h.SenderName} følger op{Overdue(h)}")));

        var elements = new List<CardElement> { TextBlock.Subheading("Stafetten"), new FactSet(facts) };
        if (holder.FellBackToCoordinator)
            elements.Add(new TextBlock($"{holder.Via?.ReceiverName} er ikke længere med i teamet, så stafetten er faldet tilbage til koordinatoren. " +
                                       "Giv den videre med @Koordinator stafet til …") { Color = "Attention" });
        return elements;
    }

    private static string Overdue(Handover h) => h.OverdueSince is { } since ? $" (overskredet siden {HandoverTexts.Day(since)})" : "";
}

/// <summary>The status card's baton section: who holds it, who follows up, what is on offer (see <see cref="BatonQuery.StatusSectionAsync"/>).</summary>
public sealed class BatonStatusSection(BatonQuery batons) : IStatusSection
{
    public Task<IEnumerable<CardElement>> BuildAsync(CitizenCase c, CancellationToken ct) => batons.StatusSectionAsync(c, ct);
}
