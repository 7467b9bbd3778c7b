using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Digest;

/// <summary>
/// The morning's second chance for people Teams would not open a 1:1 chat with (the Connector refused the new chat
/// for good: 403 while the app is not installed for them), or whose stored personal chat refused the card (403
/// MessageWritesBlocked: they uninstalled or blocked the bot since). The app is installed for them in their own tenant
/// (<see cref="IPersonalApp"/>) and the same card goes to the chat that made; when that cannot be done, or the card
/// is refused there too, the forløb's channel is told once, without content. A throttled tenant is left alone until
/// its Retry-After has passed (the other tenants go on); a tenant that refuses is not asked again in the same pass.
/// Each step moves the person's claim on and saves the message it needs with it, under a key of its own, so of two
/// instances one does it.
/// </summary>
public sealed class DigestFollowUp(IServiceScopeFactory scopes, IPersonalApp app, TimeProvider time, ILogger<DigestFollowUp> log)
{
    private const string InstalledSuffix = ":installed";
    private readonly ConcurrentDictionary<string, DateTimeOffset> pausedUntil = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Returns how many people were moved on (a card sent again, or the channel told).</summary>
    public async Task<int> RunAsync(DateOnly today, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var prefix = "digest:";
        var dayKey = $":{today:yyyy-MM-dd}";
        List<OutboxMessage> refused;
        Dictionary<string, DigestClaim> claims;
        HashSet<string> toldBefore;
        Dictionary<string, DigestAddress> channels;
        Dictionary<string, string> teamsIds;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
            var since = now.AddDays(-1);
            refused = (await db.Outbox.AsNoTracking()
                    .Where(m => m.Bulk && m.SentAt == null && m.FailedAt != null && m.CreatedAt >= since && m.IdempotencyKey.StartsWith(prefix) &&
                                (m.Kind == OutboxKind.SendToUser || m.Kind == OutboxKind.SendToConversation))
                    .OrderBy(m => m.Id).ToListAsync(ct))
                .Where(m => m.LastError is { } e && e.StartsWith('4') && !e.StartsWith("429") &&
                            (m.IdempotencyKey.EndsWith(dayKey) || m.IdempotencyKey.EndsWith(dayKey + InstalledSuffix)))
                .ToList();
            if (refused.Count == 0) return 0;
            var users = refused.Select(m => UserOf(m.IdempotencyKey, prefix, dayKey)).Distinct().ToList();
            claims = await db.Set<DigestClaim>().AsNoTracking().Where(c => c.LocalDate == today && users.Contains(c.UserId)).ToDictionaryAsync(c => c.UserId, ct);
            toldBefore = (await db.Set<DigestClaim>().AsNoTracking()
                    .Where(c => c.Route == DigestRoute.ChannelNotice && users.Contains(c.UserId)).Select(c => c.UserId).ToListAsync(ct))
                .ToHashSet(StringComparer.Ordinal);
            channels = await DigestAddresses.ChannelsAsync(db, users, ct);
            // A card refused in the stored chat names no person (it went to the conversation): their Teams id, to open a new one.
            var inStoredChat = refused.Where(m => m.UserId is null).Select(m => UserOf(m.IdempotencyKey, prefix, dayKey)).Distinct().ToList();
            teamsIds = inStoredChat.Count == 0 ? [] : (await db.Set<ConversationReference>().AsNoTracking()
                    .Where(r => r.ConversationType == "personal" && r.UserAadObjectId != null && inStoredChat.Contains(r.UserAadObjectId))
                    .Select(r => new { r.UserAadObjectId, r.UserId }).ToListAsync(ct))
                .Where(r => r.UserId is not null).GroupBy(r => r.UserAadObjectId!).ToDictionary(g => g.Key, g => g.First().UserId!, StringComparer.Ordinal);
        }

        var moved = 0;
        var refusingTenants = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in refused)
        {
            var userId = UserOf(row.IdempotencyKey, prefix, dayKey);
            if (!claims.TryGetValue(userId, out var claim)) continue;
            var step = (claim.Route, Installed: row.IdempotencyKey.EndsWith(InstalledSuffix)) switch
            {
                (DigestRoute.NewChat or DigestRoute.PersonalChat, false) =>
                    await InstallAsync(row, claim, row.UserId ?? teamsIds.GetValueOrDefault(userId), refusingTenants, now, ct),
                (DigestRoute.AppInstalled, true) => Step.TellChannel, // the card was refused in the new chat too
                _ => Step.Nothing, // already moved on (by this instance or another)
            };
            if (step == Step.Wait || step == Step.Nothing) continue;
            if (step == Step.TellChannel && await TellChannelAsync(row, claim, channels.GetValueOrDefault(userId), toldBefore.Contains(userId), ct)) moved++;
            if (step == Step.Resent) moved++;
        }
        if (moved > 0) log.LogInformation("Digest {Date}: {Count} people moved on after Teams refused a new chat", today, moved);
        return moved;
    }

    private enum Step { Nothing, Wait, Resent, TellChannel }

    /// <param name="teamsUserId">The person's Teams id (29:…), to open the chat when the installation gives none.</param>
    private async Task<Step> InstallAsync(OutboxMessage row, DigestClaim claim, string? teamsUserId, HashSet<string> refusingTenants, DateTimeOffset now,
        CancellationToken ct)
    {
        if (row.TenantId is not { } tenant || !row.LastError!.StartsWith("403")) return Step.TellChannel;
        if (pausedUntil.TryGetValue(tenant, out var until) && until > now) return Step.Wait;
        if (refusingTenants.Contains(tenant)) return Step.TellChannel;
        var result = await app.InstallAsync(tenant, claim.UserId, ct);
        switch (result.Status)
        {
            case PersonalAppStatus.Pending:
                pausedUntil[tenant] = now + (result.RetryAfter ?? TimeSpan.FromMinutes(1));
                return Step.Wait;
            case PersonalAppStatus.Refused:
                refusingTenants.Add(tenant);
                log.LogWarning("Digest: the app could not be installed for a person in tenant {TenantId}: {Reason}", tenant, result.Reason);
                return Step.TellChannel;
        }
        if (result.ChatId is null && teamsUserId is null) return Step.TellChannel;
        var resent = new PlannedStep(claim, DigestRoute.AppInstalled, result.ChatId is { } chat
            ? (OutboxKind.SendToConversation, chat, null)
            : (OutboxKind.SendToUser, null, teamsUserId), row, row.IdempotencyKey + InstalledSuffix, null);
        return await SaveAsync(resent, ct) ? Step.Resent : Step.Nothing;
    }

    private async Task<bool> TellChannelAsync(OutboxMessage row, DigestClaim claim, DigestAddress? channel, bool toldBefore, CancellationToken ct)
    {
        if (channel is null || toldBefore)
            return await SaveAsync(new PlannedStep(claim, DigestRoute.Unreachable, null, row, null, null), ct);
        var key = row.IdempotencyKey.EndsWith(InstalledSuffix) ? row.IdempotencyKey[..^InstalledSuffix.Length] : row.IdempotencyKey;
        return await SaveAsync(new PlannedStep(claim, DigestRoute.ChannelNotice, (OutboxKind.NewChannelThread, channel.ConversationId, null),
            row, key + ":channel", channel), ct);
    }

    private sealed record PlannedStep(DigestClaim Claim, DigestRoute Route, (OutboxKind Kind, string? ConversationId, string? UserId)? Message,
        OutboxMessage Refused, string? Key, DigestAddress? Channel);

    /// <summary>The claim's new route and its message in one transaction; false when another instance took the step first.</summary>
    private async Task<bool> SaveAsync(PlannedStep step, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var from = step.Claim.Route;
        var won = await db.Set<DigestClaim>().Where(c => c.Id == step.Claim.Id && c.Route == from)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Route, step.Route), ct);
        if (won == 0) return false;
        if (step.Message is { } m)
        {
            var r = step.Refused;
            var activity = step.Channel is { } channel
                ? Activity.Message(DigestTexts.ChannelNotice(channel.Name))
                : r.Unsent ?? System.Text.Json.JsonSerializer.Deserialize<Activity>(r.ActivityJson, BotJson.Options)!;
            outbox.Enqueue(m.Kind, step.Channel?.ServiceUrl ?? r.ServiceUrl, activity, step.Key!, conversationId: m.ConversationId, userId: m.UserId,
                tenantId: step.Channel?.TenantId ?? r.TenantId, botId: r.BotId, bulk: true, discardAfter: r.DiscardAfter);
        }
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            return false;
        }
        step.Claim.Route = step.Route;
        return true;
    }

    private static string UserOf(string key, string prefix, string dayKey)
    {
        var rest = key[prefix.Length..];
        if (rest.EndsWith(InstalledSuffix)) rest = rest[..^InstalledSuffix.Length];
        return rest[..^dayKey.Length];
    }
}
