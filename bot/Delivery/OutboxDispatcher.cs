using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Delivery;

/// <summary>
/// Sends what the outbox holds. Rows are claimed with a lease (LockedBy/LockedUntil) so several bot instances on
/// one PostgreSQL never send the same row; a failure is retried with backoff (Retry-After when Teams gives one),
/// a permanent refusal (4xx) is kept with its reason. Messages to one conversation go out in order.
/// Two ways in: replies handed over in process right after their commit (<see cref="OutboxHandoff"/>, the common
/// case), and a polling pass for everything else (retries, creations, updates, rows of a dead instance).
/// </summary>
public sealed partial class OutboxDispatcher(IServiceScopeFactory scopes, OutboxSender sender, OutboxSignal signal,
    OutboxHandoff handoff, IOptions<DeliveryOptions> delivery, TimeProvider time, ILogger<OutboxDispatcher> log) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    /// <summary>Rows claimed per pass at most.</summary>
    private const int BatchSize = 200;
    /// <summary>
    /// Rows of one tenant claimed and not yet done, in seconds of its rate: enough that the tenant's sends never wait
    /// for a pass (claiming the next rows while these go out), few enough that no lease runs out while they wait for
    /// their turn and that one tenant's morning does not crowd out the others' (each tenant fills its own share).
    /// </summary>
    private const double SecondsInFlightPerTenant = 4;

    private readonly ConcurrentDictionary<string, int> _openPerTenant = new(StringComparer.Ordinal);
    /// <summary>
    /// Conversations with a row of this dispatcher's passes still on its way: their later rows are not claimed, even when
    /// that row's lease has run out meanwhile (a send retried for longer than the lease, a clock that jumps), or a card's
    /// newer state could overtake its older one.
    /// </summary>
    private readonly ConcurrentDictionary<string, int> _onTheWay = new(StringComparer.Ordinal);
    // Process-wide: two dispatchers of one process (tests) share the instance name.
    private static long _passes;

    // For the fast lane (a nested type cannot see primary-constructor parameters).
    private IServiceScopeFactory Scopes => scopes;
    private OutboxSignal Signal => signal;
    private OutboxHandoff Handoff => handoff;
    private ILogger Log => log;
    private OutboxSender Sender => sender;

    private int TenantShare => (int)Math.Max(16, delivery.Value.TenantMessagesPerSecond * SecondsInFlightPerTenant);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var fastLane = new FastLane(this, stoppingToken);
        handoff.Open();
        try { await Task.WhenAll(PollAsync(stoppingToken), fastLane.RunAsync()); }
        finally { handoff.Close(); }
    }

    /// <summary>
    /// Claims the next rows while the ones claimed before are still going out, so a paced tenant always has its next
    /// sends waiting for their turn instead of waiting for a pass to end: each tenant up to its share
    /// (<see cref="SecondsInFlightPerTenant"/>), the pacer spacing them to its rate.
    /// </summary>
    private async Task PollAsync(CancellationToken stoppingToken)
    {
        var running = new ConcurrentDictionary<Task, byte>();
        while (!stoppingToken.IsCancellationRequested)
        {
            Pass? pass;
            try { pass = await ClaimDueAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) { log.LogError(e, "Outbox pass failed"); pass = null; }
            if (pass is not null)
            {
                var sending = SendAsync(pass, stoppingToken);
                running[sending] = 0;
                // A pass that ends may have held back later rows of its conversations: look again (as after a pass before).
                _ = sending.ContinueWith(t => { running.TryRemove(t, out _); signal.Pulse(); }, TaskScheduler.Default);
                continue;
            }
            try { await signal.WaitAsync(PollInterval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
        await Task.WhenAll(running.Keys);
    }

    /// <summary>One pass: claims due rows and sends them. Returns how many rows were handled.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        if (await ClaimDueAsync(ct) is not { } pass) return 0;
        await SendAsync(pass, ct);
        return pass.Rows.Count;
    }

    /// <summary>Rows one pass claimed, under its own lease name (so two passes, or two dispatchers of one process, each know theirs).</summary>
    private sealed record Pass(string LockedBy, List<OutboxMessage> Rows);

    private async Task<Pass?> ClaimDueAsync(CancellationToken ct)
    {
        using var claimScope = scopes.CreateScope();
        var db = claimScope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        var now = time.GetUtcNow();
        var share = TenantShare;
        var full = _openPerTenant.Where(t => t.Value >= share).Select(t => t.Key).ToList();
        var skipNoTenant = full.Remove("");
        // A row waits while an earlier row of its conversation is still to be sent but not sendable now (backing off,
        // or leased by another instance or pass): messages to one conversation go out in the order they were enqueued.
        // Enqueued, not numbered: each instance draws ids in blocks of its own, so across instances a later row can
        // have the lower id (see Earlier).
        var pending = db.Outbox.Where(m => m.SentAt == null && m.FailedAt == null);
        var due = await pending
            .Where(m => m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
            .Where(m => m.TenantId == null ? !skipNoTenant : !full.Contains(m.TenantId))
            .Where(m => !pending.Any(o => (o.CreatedAt < m.CreatedAt || (o.CreatedAt == m.CreatedAt && o.Id < m.Id)) &&
                                          ((m.ConversationId != null && o.ConversationId == m.ConversationId) ||
                                           (m.ConversationId == null && m.UserId != null && o.ConversationId == null && o.UserId == m.UserId)) &&
                                          (o.NextAttemptAt > now || (o.LockedUntil != null && o.LockedUntil >= now))))
            .AsNoTracking().OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Select(m => new { m.Id, m.ConversationId, m.UserId, m.TenantId })
            .Take(BatchSize).ToListAsync(ct);
        // Each tenant up to its share; the rows left out are the later ones, so order within a conversation holds.
        var taken = new Dictionary<string, int>(StringComparer.Ordinal);
        due = due.Where(r =>
        {
            if (_onTheWay.ContainsKey(OrderKey(r.ConversationId, r.UserId, r.Id))) return false;
            var tenant = r.TenantId ?? "";
            var n = taken.GetValueOrDefault(tenant);
            if (_openPerTenant.GetValueOrDefault(tenant) + n >= share) return false;
            taken[tenant] = n + 1;
            return true;
        }).ToList();
        if (due.Count == 0) return null;

        // One conditional update claims them all: of several instances exactly one gets each row (the condition is
        // checked again on the row it updates). Within a conversation, a row another instance won stops the rest of
        // ours there (released again), so they cannot overtake it.
        var lockedBy = $"{handoff.Instance}#{Interlocked.Increment(ref _passes)}";
        var ids = due.Select(r => r.Id).ToList();
        await db.Outbox
            .Where(m => ids.Contains(m.Id) && m.SentAt == null && m.FailedAt == null && m.NextAttemptAt <= now &&
                        (m.LockedUntil == null || m.LockedUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.LockedBy, lockedBy).SetProperty(m => m.LockedUntil, now + OutboxHandoff.Lease), ct);
        var won = (await db.Outbox.AsNoTracking().Where(m => ids.Contains(m.Id) && m.LockedBy == lockedBy).ToListAsync(ct)).ToDictionary(m => m.Id);
        var claimed = new List<OutboxMessage>();
        var overtaking = new List<long>();
        var lost = new HashSet<string>();
        foreach (var row in due)
        {
            var order = OrderKey(row.ConversationId, row.UserId, row.Id);
            if (!won.TryGetValue(row.Id, out var m)) lost.Add(order);
            else if (lost.Contains(order)) overtaking.Add(row.Id);
            else claimed.Add(m);
        }
        await ReleaseAsync(overtaking, lockedBy, ct);
        if (claimed.Count == 0) return null;
        foreach (var m in claimed)
        {
            _openPerTenant.AddOrUpdate(m.TenantId ?? "", 1, (_, n) => n + 1);
            _onTheWay.AddOrUpdate(OrderKey(m.ConversationId, m.UserId, m.Id), 1, (_, n) => n + 1);
        }
        return new Pass(lockedBy, claimed);
    }

    /// <summary>
    /// In order within a conversation, all conversations at once (the pacer spaces them to Teams' limits). A row that
    /// is not done (will be retried) holds back the rest of its conversation: their leases are released for a later pass.
    /// </summary>
    private async Task SendAsync(Pass pass, CancellationToken ct)
    {
        var share = TenantShare;
        try
        {
            await Task.WhenAll(pass.Rows.GroupBy(m => OrderKey(m.ConversationId, m.UserId, m.Id)).Select(async group =>
            {
                await Task.Yield();
                var rows = group.ToList();
                try
                {
                    for (var i = 0; i < rows.Count; i++)
                    {
                        if (await SendOneAsync(rows[i], ct)) continue;
                        await ReleaseAsync(rows.Skip(i + 1).Select(m => m.Id).ToList(), pass.LockedBy, ct);
                        break;
                    }
                }
                finally
                {
                    // A tenant down to half its share wakes the polling loop for its next rows.
                    foreach (var m in rows)
                        if (_openPerTenant.AddOrUpdate(m.TenantId ?? "", 0, (_, n) => n - 1) == share / 2) signal.Pulse();
                    if (_onTheWay.AddOrUpdate(group.Key, 0, (_, n) => n - rows.Count) <= 0)
                        _onTheWay.TryRemove(new KeyValuePair<string, int>(group.Key, 0));
                }
            }));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (Exception e) { log.LogError(e, "Outbox pass failed; its rows are sent again after their lease"); }
    }

    /// <summary>
    /// Whether row a was enqueued before row b: by the time it was enqueued, then by id. The id alone does not say:
    /// each instance numbers its rows from blocks of its own (RowIdGenerator), so a card's update enqueued on one
    /// instance after another posted the card could have the lower id, go first, wait for the card, and hold the card
    /// back behind itself for ever (bench/load's batons left such pairs unsent).
    /// </summary>
    internal static bool Earlier(DateTimeOffset aCreated, long aId, DateTimeOffset bCreated, long bId) =>
        aCreated < bCreated || (aCreated == bCreated && aId < bId);

    private static string OrderKey(string? conversationId, string? userId, long id) =>
        conversationId is not null ? "c:" + conversationId : userId is not null ? "u:" + userId : "r:" + id;

    private async Task ReleaseAsync(List<long> ids, string lockedBy, CancellationToken ct)
    {
        if (ids.Count == 0) return;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        await db.Outbox.Where(m => ids.Contains(m.Id) && m.LockedBy == lockedBy)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.LockedBy, (string?)null).SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), ct);
    }

    /// <summary>Sends one claimed row; true when it is done (sent, or refused for good), false when it will be retried.</summary>
    private async Task<bool> SendOneAsync(OutboxMessage m, CancellationToken ct)
    {
        DeliveryPacer.Enter(m.TenantId, OrderKey(m.ConversationId, m.UserId, m.Id));
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        db.Attach(m);
        var done = await sender.AttemptAsync(m, db, ct);
        await db.SaveChangesAsync(CancellationToken.None);
        return done;
    }

}
