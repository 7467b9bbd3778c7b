using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Digest;

/// <summary>
/// One pass of the morning: everyone whose digest is due today and not yet claimed gets it. Each person's claim row
/// and outbox message are saved in one transaction, so a pass that dies half-way leaves the others to the next pass
/// (the same morning), and a second instance running the same pass gets a unique-key refusal instead of a second
/// digest. Content is computed for everyone due in one go (<see cref="DigestQuery"/>).
/// </summary>
public sealed class DigestRun(IServiceScopeFactory scopes, DigestFollowUp followUp, TimeProvider time, IOptions<BotOptions> bot, ILogger<DigestRun> log)
{
    internal const int SaveBatch = 100;

    /// <summary>Tests only: called after each batch is committed (throwing there is a process dying mid-run).</summary>
    internal Action<int>? AfterBatch { get; set; }

    /// <summary>Returns how many digests this pass enqueued.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!DigestClock.IsDue(now, DigestClock.EarliestChoice)) return 0;
        var today = DigestClock.LocalDate(now);
        // First the people Teams refused a new chat for in an earlier pass this morning (their claims are taken).
        await followUp.RunAsync(today, ct);

        List<string> due;
        HashSet<string> ownItems;
        Dictionary<string, DigestContent> contents;
        Dictionary<string, DigestAddress> addresses;
        HashSet<string> toldChannelBefore;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
            var coordinators = await db.Set<CitizenCase>().AsNoTracking().Select(c => c.CoordinatorUserId).Distinct().ToListAsync(ct);
            var preferences = await db.Set<DigestPreference>().AsNoTracking().ToDictionaryAsync(p => p.UserId, ct);
            var claimed = (await db.Set<DigestClaim>().AsNoTracking().Where(c => c.LocalDate == today).Select(c => c.UserId).ToListAsync(ct))
                .ToHashSet(StringComparer.Ordinal);
            ownItems = preferences.Values.Where(p => p.Enabled).Select(p => p.UserId).ToHashSet(StringComparer.Ordinal);
            due = coordinators.Concat(ownItems).Distinct()
                .Where(u => !claimed.Contains(u))
                .Where(u => preferences.GetValueOrDefault(u) is not { Enabled: false })
                .Where(u => DigestClock.IsDue(now, preferences.GetValueOrDefault(u)?.SendAt))
                .ToList();
            if (due.Count == 0) return 0;
            ownItems.IntersectWith(due);
            contents = await scope.ServiceProvider.GetRequiredService<DigestQuery>().ComputeAsync(due, ownItems, now, ct);
            var withItems = contents.Keys.ToList();
            addresses = await DigestAddresses.ResolveAsync(db, withItems, contents.ToDictionary(kv => kv.Key, kv => kv.Value.Cases[0].CaseId), ct);
            toldChannelBefore = (await db.Set<DigestClaim>().AsNoTracking()
                    .Where(c => c.Route == DigestRoute.ChannelNotice && withItems.Contains(c.UserId)).Select(c => c.UserId).ToListAsync(ct))
                .ToHashSet(StringComparer.Ordinal);
        }

        var sent = 0;
        foreach (var batch in due.Chunk(SaveBatch))
        {
            var claims = batch.Select(u => Plan(u, contents.GetValueOrDefault(u), addresses.GetValueOrDefault(u), toldChannelBefore.Contains(u), now, today)).ToList();
            if (await SaveAsync(claims, ct)) sent += Committed(claims);
            else
                // Someone else (another instance) claimed one of them first: one by one, skipping theirs.
                foreach (var claim in claims)
                    if (await SaveAsync([claim], ct)) sent += Committed([claim]);
            AfterBatch?.Invoke(sent);
        }
        if (sent > 0) log.LogInformation("Digest {Date}: {Count} sent", today, sent);
        return sent;
    }

    /// <summary>The messages of claims just committed (counted once, by the instance whose claim won).</summary>
    private static int Committed(IReadOnlyList<PlannedClaim> claims)
    {
        foreach (var c in claims)
            if (c.Claim.Route is DigestRoute.PersonalChat or DigestRoute.NewChat) Operations.AppMetrics.DigestSent(c.Claim.Route.ToString());
        return claims.Count(c => c.Message is not null);
    }

    private sealed record PlannedClaim(DigestClaim Claim, PlannedMessage? Message);

    private sealed record PlannedMessage(OutboxKind Kind, string ServiceUrl, Activity Activity, string Key, string? ConversationId, string? UserId, string? TenantId);

    private PlannedClaim Plan(string userId, DigestContent? content, DigestAddress? address, bool toldChannelBefore, DateTimeOffset now, DateOnly today)
    {
        var claim = new DigestClaim { UserId = userId, LocalDate = today, ClaimedAt = now, Items = content?.Items ?? 0, Route = DigestRoute.None };
        if (content is null || content.Items == 0) return new PlannedClaim(claim, null);
        var key = $"digest:{userId}:{today:yyyy-MM-dd}";
        var card = Activity.Message(attachments: [DigestCard.Build(content, today).ToAttachment()]);
        claim.Route = address?.Route switch
        {
            null => DigestRoute.Unreachable,
            DigestRoute.ChannelNotice when toldChannelBefore => DigestRoute.Unreachable,
            var route => route.Value,
        };
        PlannedMessage? message = claim.Route switch
        {
            DigestRoute.PersonalChat => new(OutboxKind.SendToConversation, address!.ServiceUrl, card, key, address.ConversationId, null, address.TenantId),
            DigestRoute.NewChat => new(OutboxKind.SendToUser, address!.ServiceUrl, card, key, null, address.UserId, address.TenantId),
            DigestRoute.ChannelNotice => new(OutboxKind.NewChannelThread, address!.ServiceUrl, Activity.Message(DigestTexts.ChannelNotice(address.Name)),
                key + ":channel", address.ConversationId, null, address.TenantId),
            _ => null,
        };
        if (message is null) log.LogWarning("Digest for {UserId}: no way to reach the person", userId);
        return new PlannedClaim(claim, message);
    }

    private async Task<bool> SaveAsync(IReadOnlyList<PlannedClaim> claims, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        var discardAfter = DigestClock.EndOfLocalDay(time.GetUtcNow());
        foreach (var (claim, message) in claims)
        {
            db.Add(new DigestClaim { UserId = claim.UserId, LocalDate = claim.LocalDate, ClaimedAt = claim.ClaimedAt, Items = claim.Items, Route = claim.Route });
            if (message is not null)
                outbox.Enqueue(message.Kind, message.ServiceUrl, message.Activity, message.Key, conversationId: message.ConversationId,
                    userId: message.UserId, tenantId: message.TenantId, botId: BotId, bulk: true, discardAfter: discardAfter);
        }
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    private string? BotId => bot.Value.MicrosoftAppId is { Length: > 0 } id ? "28:" + id : null;
}

/// <summary>Runs <see cref="DigestRun"/> every minute: the first pass after a start catches up a morning that was missed (until noon).</summary>
public sealed class DigestScheduler(DigestRun run, TimeProvider time, ILogger<DigestScheduler> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try { await run.RunAsync(ct); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogError(e, "Digest pass failed"); }
            try { await Task.Delay(Interval, time, ct); }
            catch (OperationCanceledException) { return; }
        }
    }
}
