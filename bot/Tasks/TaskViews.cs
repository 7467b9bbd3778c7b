using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Tasks;

/// <summary>The task lists: a forløb's open tasks for its members, and a person's own open tasks across the forløb they are in.</summary>
public sealed class TaskViews(TaskQuery query, CaseAccess access, ICollaborationTenants tenants, ConsentPolicy calendar, AuditLog audit)
{
    public async Task<AdaptiveCard> OfCaseAsync(CitizenCase c, CancellationToken ct, string? notice = null, bool noticeIsProblem = false) =>
        TaskCards.OfCase(c, await LinesAsync(await query.OpenOfCaseAsync(c.Id, ct), null, ct), calendar.Today, notice, noticeIsProblem);

    /// <summary>Only forløb the person is an active member of; each forløb shown is audited as read. Labels only, never the citizen.</summary>
    public async Task<AdaptiveCard> MineAsync(string userId, CancellationToken ct, string? notice = null, bool noticeIsProblem = false)
    {
        var cases = await access.OfUserAsync(userId, ct);
        var tasks = await query.OpenOwnedByAsync(userId, [.. cases.Select(c => c.Id)], ct);
        foreach (var caseId in tasks.Select(t => t.CaseId).Distinct()) audit.Record("case.read", caseId, "mine opgaver");
        var labels = cases.ToDictionary(c => c.Id, c => c.Label);
        return TaskCards.Mine(await LinesAsync(tasks, labels, ct), calendar.Today, notice, noticeIsProblem);
    }

    private async Task<List<TaskLine>> LinesAsync(List<CaseTask> tasks, Dictionary<long, string>? labels, CancellationToken ct)
    {
        if (tasks.Count == 0) return [];
        var organisations = (await tenants.GetOrganisationsAsync(ct)).ToDictionary(o => o.Id);
        var offers = await query.PendingOffersAsync([.. tasks.Select(t => t.Id)], ct);
        return [.. tasks.Select(t => new TaskLine(t, CaseCards.OrgName(organisations, t.OwnerOrganisationId),
            labels?.GetValueOrDefault(t.CaseId), offers.GetValueOrDefault(t.Id)))];
    }
}
