using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Meetings;

/// <summary>A held meeting as the digest lists it: which forløb, which kind, when (never its purpose or agenda).</summary>
public sealed record HeldMeeting(string PublicId, long CaseId, MeetingKind Kind, DateTimeOffset Start);

/// <summary>
/// Whether a held meeting has its referat: a version of the forløb's referat (key "referat", or "referat:{meeting}")
/// made at or after the meeting's start. A referat written after a later meeting covers the earlier ones too.
/// </summary>
public static class MeetingMinutes
{
    private static IQueryable<StoredFile> Referater(CoordinatorDb db) =>
        db.Set<StoredFile>().Where(f => f.DocumentKey == Documents.DocumentKind.Referat.Key || f.DocumentKey.StartsWith(Documents.DocumentKind.Referat.Key + ":"));

    /// <summary>Every booked meeting of every forløb that started before <paramref name="startedBefore"/>, has ended by <paramref name="now"/> and has no referat: one query.</summary>
    public static Task<List<HeldMeeting>> WithoutMinutesAsync(CoordinatorDb db, DateTimeOffset startedBefore, DateTimeOffset now, CancellationToken ct) =>
        db.Set<Meeting>().AsNoTracking()
            .Where(m => m.State == MeetingState.Booket && m.Start != null && m.Start < startedBefore && m.End != null && m.End <= now)
            .Where(m => !Referater(db).Any(f => f.CaseId == m.CaseId && f.CreatedAt >= m.Start))
            .OrderBy(m => m.Start)
            .Select(m => new HeldMeeting(m.PublicId, m.CaseId, m.Kind, m.Start!.Value))
            .ToListAsync(ct);

    public static Task<bool> HasMinutesAsync(CoordinatorDb db, Meeting m, CancellationToken ct) =>
        Referater(db).AnyAsync(f => f.CaseId == m.CaseId && f.CreatedAt >= m.Start, ct);
}
