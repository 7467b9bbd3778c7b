using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Meetings;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tasks;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Digest;

/// <summary>
/// What waits for whom, for many people at once: one query per kind of item across every forløb involved (not one
/// per forløb per person), joined in memory. A forløb's lines go to its coordinator now (a former coordinator no
/// longer gets them); a person who turned the digest on also gets their own batons and tasks in the forløb where
/// they are still on the team.
/// </summary>
public sealed class DigestQuery(CoordinatorDb db, ICollaborationTenants tenants, TaskQuery tasks)
{
    public const int ConsentWarningDays = 30;
    public const int KipWarningDays = 14;
    public const int TaskWarningWorkingDays = 3;
    /// <summary>A meeting's referat is missed once more than this many working days have passed since the meeting.</summary>
    public const int MinutesWorkingDays = 2;

    /// <param name="recipients">The people to compute for (Entra object ids).</param>
    /// <param name="ownItems">Those of them who also get their own batons and tasks (they turned the digest on).</param>
    public async Task<Dictionary<string, DigestContent>> ComputeAsync(IReadOnlyCollection<string> recipients, IReadOnlySet<string> ownItems,
        DateTimeOffset now, CancellationToken ct)
    {
        var today = DigestClock.LocalDate(now);
        var wanted = recipients.ToHashSet(StringComparer.Ordinal);
        // The coordinator's forløb, while they are on its team (CaseAccess would refuse their clicks otherwise). The
        // morning's run asks for thousands of people: one array parameter (json_each on SQLite, ANY on PostgreSQL),
        // not one SQL parameter each.
        var wantedIds = wanted.ToArray();
        var coordinated = await db.Set<CitizenCase>().AsNoTracking()
            .Where(c => EF.Parameter(wantedIds).Contains(c.CoordinatorUserId) && c.Members.Any(m => m.UserId == c.CoordinatorUserId && m.RemovedAt == null))
            .Select(c => new CaseRow(c.Id, c.Initials, c.CaseNumber, c.CoordinatorUserId, c.NextReviewDate))
            .ToListAsync(ct);
        var own = ownItems.Count == 0 ? [] : await db.Set<CaseMember>().AsNoTracking()
            .Where(m => m.RemovedAt == null && ownItems.Contains(m.UserId))
            .Select(m => new { m.CaseId, m.UserId })
            .ToListAsync(ct);
        var ownCaseIds = own.Select(m => m.CaseId).Except(coordinated.Select(c => c.Id)).ToList();
        var ownCases = ownCaseIds.Count == 0 ? [] : await db.Set<CitizenCase>().AsNoTracking()
            .Where(c => ownCaseIds.Contains(c.Id))
            .Select(c => new CaseRow(c.Id, c.Initials, c.CaseNumber, c.CoordinatorUserId, c.NextReviewDate))
            .ToListAsync(ct);
        var cases = coordinated.Concat(ownCases).ToDictionary(c => c.Id);
        if (cases.Count == 0) return [];
        var membersOf = own.ToLookup(m => m.CaseId, m => m.UserId);

        var handovers = await db.Set<Handover>().AsNoTracking()
            .Where(h => h.State == HandoverState.Afventer ||
                        (h.State == HandoverState.Accepteret && h.IsDischarge && h.LandingDeadline != null && h.LandingDeadline <= now))
            .Select(h => new HandoverRow(h.PublicId, h.CaseId, h.State, h.Subject, h.Deadline, h.LandingDeadline, h.SenderUserId, h.SenderName,
                h.ReceiverOrganisationId, h.IntendedReceiverUserId, h.IntendedReceiverName, h.ReceiverUserId, h.ReceiverName))
            .ToListAsync(ct);
        // The consent that counts is the newest not ended: an older one that ran out is not what the team works under.
        var consents = (await db.Set<Consent>().AsNoTracking()
                .Where(c => c.EndedAt == null)
                .Select(c => new { c.Id, c.CaseId, c.ValidTo })
                .ToListAsync(ct))
            .Where(c => cases.ContainsKey(c.CaseId))
            .GroupBy(c => c.CaseId)
            .Select(g => g.MaxBy(c => c.Id)!)
            .Where(c => c.ValidTo is { } to && to <= today.AddDays(ConsentWarningDays))
            .ToList();
        var dueTasks = await tasks.OpenDueByAsync(DanishWorkingDays.Add(today, TaskWarningWorkingDays), ct);
        // Held on a day D with more than two working days since: D lies before the second working day before today.
        var heldBefore = Handovers.SubmitHandoverAction.EndOfDay(DanishWorkingDays.Add(today, -MinutesWorkingDays).AddDays(-1));
        var meetings = await MeetingMinutes.WithoutMinutesAsync(db, heldBefore, now, ct);
        var organisations = (await tenants.GetOrganisationsAsync(ct)).ToDictionary(o => o.Id, o => o.Name);

        var lines = new Dictionary<string, List<(long, string, DigestLine)>>(StringComparer.Ordinal);
        void Add(string userId, CaseRow c, DigestLine line)
        {
            if (!wanted.Contains(userId)) return;
            if (!lines.TryGetValue(userId, out var list)) lines[userId] = list = [];
            list.Add((c.Id, CaseLabel.Format(c.Initials, c.CaseNumber), line));
        }
        bool Coordinates(CaseRow c) => wanted.Contains(c.CoordinatorUserId);

        foreach (var h in handovers)
        {
            if (!cases.TryGetValue(h.CaseId, out var c)) continue;
            var line = DigestLines.Of(h, organisations.GetValueOrDefault(h.ReceiverOrganisationId) ?? h.ReceiverOrganisationId, now);
            if (Coordinates(c)) Add(c.CoordinatorUserId, c, line);
            foreach (var member in membersOf[c.Id])
                if (member != c.CoordinatorUserId && ownItems.Contains(member) && h.Concerns(member)) Add(member, c, line);
        }
        foreach (var t in dueTasks)
        {
            if (!cases.TryGetValue(t.CaseId, out var c)) continue;
            var line = DigestLines.TaskDue(t, organisations.GetValueOrDefault(t.OwnerOrganisationId) ?? t.OwnerOrganisationId, today);
            if (Coordinates(c)) Add(c.CoordinatorUserId, c, line);
            if (t.OwnerUserId != c.CoordinatorUserId && ownItems.Contains(t.OwnerUserId) && membersOf[c.Id].Contains(t.OwnerUserId)) Add(t.OwnerUserId, c, line);
        }
        foreach (var m in meetings)
            if (cases.TryGetValue(m.CaseId, out var c) && Coordinates(c)) Add(c.CoordinatorUserId, c, DigestLines.MeetingWithoutMinutes(m));
        foreach (var c in cases.Values)
            if (Coordinates(c) && c.NextReviewDate is { } review && review <= today.AddDays(KipWarningDays))
                Add(c.CoordinatorUserId, c, DigestLines.KipReview(c.Id, review, today));
        foreach (var consent in consents)
        {
            var c = cases[consent.CaseId];
            if (Coordinates(c)) Add(c.CoordinatorUserId, c, DigestLines.ConsentExpiring(c.Id, consent.ValidTo!.Value, today));
        }

        return lines.ToDictionary(kv => kv.Key, kv => DigestContent.Of(kv.Key, kv.Value), StringComparer.Ordinal);
    }

    private sealed record CaseRow(long Id, string Initials, string CaseNumber, string CoordinatorUserId, DateOnly? NextReviewDate);
}

/// <summary>The handover fields a digest line needs (never its message).</summary>
public sealed record HandoverRow(string PublicId, long CaseId, HandoverState State, HandoverSubject Subject, DateTimeOffset Deadline,
    DateTimeOffset? LandingDeadline, string SenderUserId, string SenderName, string ReceiverOrganisationId, string? IntendedReceiverUserId,
    string? IntendedReceiverName, string? ReceiverUserId, string? ReceiverName)
{
    /// <summary>The person gave it, is the one it was offered to, or holds it.</summary>
    public bool Concerns(string userId) => SenderUserId == userId || IntendedReceiverUserId == userId || ReceiverUserId == userId;
}
