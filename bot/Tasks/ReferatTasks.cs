using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Tasks;

/// <summary>
/// A submitted referat's agreements become tasks, saved in the same transaction as the referat version they came
/// from (<see cref="Documents.NewDocument.WithRow"/>): the version and its tasks exist together or not at all, and a
/// second submit of the form finds the version (and so makes no second set of tasks).
/// </summary>
public sealed class ReferatTasks(AuditLog audit)
{
    /// <summary>Adds one open task per agreement to the turn's unit of work; <see cref="LinkTo"/> ties them to the version's row.</summary>
    public List<CaseTask> Add(Turn turn, CitizenCase c, IReadOnlyList<SubmittedAgreement> agreements, long? meetingId = null)
    {
        var author = c.ActiveMember(turn.UserKey);
        var tasks = agreements.Select(a => new CaseTask
        {
            PublicId = Guid.NewGuid().ToString("N"), CaseId = c.Id, Title = a.What,
            OwnerUserId = a.Owner.UserId, OwnerName = a.Owner.DisplayName, OwnerOrganisationId = a.Owner.OrganisationId, OwnerSector = a.Sector,
            Due = a.Due, State = TaskState.Open, AgreementNo = a.No, MeetingId = meetingId,
            CreatedAt = turn.Now, CreatedByUserId = turn.UserKey, CreatedByName = author?.DisplayName ?? turn.UserDisplayName, Version = 1,
        }).ToList();
        turn.Db.AddRange(tasks);
        // New owners: serialised with a member's removal at the same moment (it moves the forløb's version too).
        if (tasks.Count > 0) c.Version++;
        return tasks;
    }

    public static void LinkTo(IEnumerable<CaseTask> tasks, StoredFile referat)
    {
        foreach (var t in tasks) t.ReferatFile = referat;
    }

    /// <summary>After the version is kept: one audit row per task (its owner and due day; the title stays out of the log).</summary>
    public void Audit(CitizenCase c, IEnumerable<CaseTask> tasks, Documents.KeptDocument referat)
    {
        foreach (var t in tasks)
            audit.Record("task.create", c.Id, $"{t.PublicId} fra {referat.DocumentKey} v{referat.Version} aftale {t.AgreementNo}: ansvarlig {t.OwnerUserId} ({t.OwnerOrganisationId}), frist {t.Due:yyyy-MM-dd}");
    }

    /// <summary>The tasks a kept version made (for the card a second submit of the same form gets).</summary>
    public static Task<List<CaseTask>> OfReferatAsync(CoordinatorDb db, long fileId, CancellationToken ct) =>
        db.Set<CaseTask>().AsNoTracking().Where(t => t.ReferatFileId == fileId).OrderBy(t => t.AgreementNo).ToListAsync(ct);
}
