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
        var memberships = await db.Set<CaseMember>().AsNoTracking()
            .Where(m => m.RemovedAt == null && rest.Contains(m.UserId))
            .Join(db.Set<CitizenCase>().Where(c => c.ServiceUrl != null), m => m.CaseId, c => c.Id,
                (m, c) => new { m.UserId, m.DisplayName, m.TenantId, CaseId = c.Id, c.ServiceUrl, CaseTenantId = c.TenantId, c.ChannelId })
            .ToListAsync(ct);
        foreach (var group in memberships.GroupBy(m => m.UserId))
        {
            var first = firstCaseOf.TryGetValue(group.Key, out var caseId) ? group.FirstOrDefault(m => m.CaseId == caseId) ?? group.First() : group.First();
            var tenant = first.TenantId ?? first.CaseTenantId;
            result[group.Key] = teamsIds.TryGetValue(group.Key, out var teamsId)
                ? new DigestAddress(DigestRoute.NewChat, first.ServiceUrl!, null, teamsId, tenant)
                : first.ChannelId is not null
                    ? new DigestAddress(DigestRoute.ChannelNotice, first.ServiceUrl!, first.ChannelId, null, first.CaseTenantId, first.DisplayName)
                    : new DigestAddress(DigestRoute.Unreachable, first.ServiceUrl!, null, null, tenant);
        }
        return result;
    }
}
