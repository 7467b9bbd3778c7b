using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Tasks;

/// <summary>The questions asked of tasks, each one query: a forløb's open tasks, a person's, and those due by a day (the digest).</summary>
public sealed class TaskQuery(CoordinatorDb db)
{
    /// <summary>The forløb's open tasks, the nearest deadline first (so overdue ones lead).</summary>
    public Task<List<CaseTask>> OpenOfCaseAsync(long caseId, CancellationToken ct) =>
        db.Set<CaseTask>().AsNoTracking().Where(t => t.CaseId == caseId && t.State == TaskState.Open)
            .OrderBy(t => t.Due).ThenBy(t => t.Id).ToListAsync(ct);

    /// <summary>The open tasks this person owns in these forløb (those they are a member of), the nearest deadline first.</summary>
    public Task<List<CaseTask>> OpenOwnedByAsync(string userId, IReadOnlyCollection<long> caseIds, CancellationToken ct) =>
        db.Set<CaseTask>().AsNoTracking().Where(t => t.OwnerUserId == userId && t.State == TaskState.Open && caseIds.Contains(t.CaseId))
            .OrderBy(t => t.Due).ThenBy(t => t.Id).ToListAsync(ct);

    /// <summary>
    /// For the daily digest: every open task due on or before <paramref name="day"/> (overdue ones included), of every
    /// forløb, the oldest deadline first. Each names its forløb, owner (person, organisation) and due day; never its
    /// title (free text from the referat, so it is neither read nor decrypted here).
    /// </summary>
    public Task<List<DueTask>> OpenDueByAsync(DateOnly day, CancellationToken ct) =>
        db.Set<CaseTask>().AsNoTracking().Where(t => t.State == TaskState.Open && t.Due <= day)
            .OrderBy(t => t.Due).ThenBy(t => t.CaseId).ThenBy(t => t.Id)
            .Select(t => new DueTask(t.PublicId, t.CaseId, t.OwnerUserId, t.OwnerName, t.OwnerOrganisationId, t.Due))
            .ToListAsync(ct);

    /// <summary>The open stafetter that offer these tasks on (afventer: the owner still has the task), by task id.</summary>
    public async Task<Dictionary<long, Handover>> PendingOffersAsync(IReadOnlyCollection<long> taskIds, CancellationToken ct) =>
        taskIds.Count == 0 ? [] : (await db.Set<Handover>().AsNoTracking()
                .Where(h => h.TaskId != null && taskIds.Contains(h.TaskId.Value) && h.State == HandoverState.Afventer).ToListAsync(ct))
            .GroupBy(h => h.TaskId!.Value).ToDictionary(g => g.Key, g => g.OrderBy(h => h.Id).Last());
}

/// <summary>An open task as the digest lists it: whose it is and by when, not what it says.</summary>
public sealed record DueTask(string PublicId, long CaseId, string OwnerUserId, string OwnerName, string OwnerOrganisationId, DateOnly Due);
