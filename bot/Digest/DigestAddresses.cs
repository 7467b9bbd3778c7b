using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Digest;

/// <summary>Where a person's digest can go: their personal chat with the bot, a new 1:1 chat, or (once) the forløb's channel.</summary>
public sealed record DigestAddress(DigestRoute Route, string ServiceUrl, string? ConversationId, string? UserId, string? TenantId, string? Name = null);

/// <summary>Finds the address of many people at once (three queries, whatever their number).</summary>
public static class DigestAddresses
{
    public static async Task<Dictionary<string, DigestAddress>> ResolveAsync(CoordinatorDb db, IReadOnlyCollection<string> userIds,
        IReadOnlyDictionary<string, long> firstCaseOf, CancellationToken ct)
    {
        var result = new Dictionary<string, DigestAddress>(StringComparer.Ordinal);
        if (userIds.Count == 0) return result;
        var chats = await db.Set<ConversationReference>().AsNoTracking()
            .Where(r => r.ConversationType == "personal" && r.UserAadObjectId != null && userIds.Contains(r.UserAadObjectId))
            .Select(r => new { r.Id, r.UserAadObjectId, r.ConversationId, r.ServiceUrl, r.TenantId })
            .ToListAsync(ct);
        foreach (var chat in chats.OrderBy(c => c.Id)) // the newest chat wins
            result[chat.UserAadObjectId!] = new DigestAddress(DigestRoute.PersonalChat, chat.ServiceUrl, chat.ConversationId, null, chat.TenantId);

        var rest = userIds.Where(u => !result.ContainsKey(u)).ToList();
        if (rest.Count == 0) return result;
        var teamsIds = await db.Set<KnownChannelAccount>().AsNoTracking()
            .Where(k => rest.Contains(k.AadObjectId))
            .ToDictionaryAsync(k => k.AadObjectId, k => k.ChannelAccountId, ct);
        // The tenant the person belongs to (their membership) and a serviceUrl the bot uses there (their forløb's channel).
        foreach (var group in (await MembershipsAsync(db, rest, ct)).GroupBy(m => m.UserId))
        {
            var first = firstCaseOf.TryGetValue(group.Key, out var caseId) ? group.FirstOrDefault(m => m.CaseId == caseId) ?? group.First() : group.First();
            var tenant = first.TenantId ?? first.CaseTenantId;
            result[group.Key] = teamsIds.TryGetValue(group.Key, out var teamsId)
                ? new DigestAddress(DigestRoute.NewChat, first.ServiceUrl, null, teamsId, tenant)
                : ChannelOf(first) ?? new DigestAddress(DigestRoute.Unreachable, first.ServiceUrl, null, null, tenant);
        }
        return result;
    }

    /// <summary>The forløb channel each person can be told in (their first forløb that has one), for when nothing else reaches them.</summary>
    public static async Task<Dictionary<string, DigestAddress>> ChannelsAsync(CoordinatorDb db, IReadOnlyCollection<string> userIds, CancellationToken ct) =>
        (await MembershipsAsync(db, userIds, ct)).Where(m => m.ChannelId is not null).GroupBy(m => m.UserId)
            .ToDictionary(g => g.Key, g => ChannelOf(g.OrderBy(m => m.CaseId).First())!, StringComparer.Ordinal);

    private static DigestAddress? ChannelOf(MembershipRow m) =>
        m.ChannelId is null ? null : new DigestAddress(DigestRoute.ChannelNotice, m.ServiceUrl, m.ChannelId, null, m.CaseTenantId, m.DisplayName);

    private sealed record MembershipRow(string UserId, string DisplayName, string? TenantId, long CaseId, string ServiceUrl, string? CaseTenantId, string? ChannelId);

    private static Task<List<MembershipRow>> MembershipsAsync(CoordinatorDb db, IReadOnlyCollection<string> userIds, CancellationToken ct) =>
        db.Set<CaseMember>().AsNoTracking()
            .Where(m => m.RemovedAt == null && userIds.Contains(m.UserId))
            .Join(db.Set<CitizenCase>().Where(c => c.ServiceUrl != null), m => m.CaseId, c => c.Id,
                (m, c) => new MembershipRow(m.UserId, m.DisplayName, m.TenantId, c.Id, c.ServiceUrl!, c.TenantId, c.ChannelId))
            .ToListAsync(ct);
}
