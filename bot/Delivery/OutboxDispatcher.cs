using Microsoft.EntityFrameworkCore;
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
    OutboxHandoff handoff, TimeProvider time, ILogger<OutboxDispatcher> log) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    /// <summary>Rows claimed per pass: a morning's digests go out at the tenant's rate without a pause between passes.</summary>
    private const int BatchSize = 200;

    // For the fast lane (a nested type cannot see primary-constructor parameters).
    private IServiceScopeFactory Scopes => scopes;
    private OutboxSignal Signal => signal;
    private OutboxHandoff Handoff => handoff;
    private ILogger Log => log;
    private OutboxSender Sender => sender;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var fastLane = new FastLane(this, stoppingToken);
        handoff.Open();
        try { await Task.WhenAll(PollAsync(stoppingToken), fastLane.RunAsync()); }
        finally { handoff.Close(); }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int sent;
            try { sent = await DispatchDueAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogError(e, "Outbox pass failed"); sent = 0; }
            if (sent == 0)
            {
                try { await signal.WaitAsync(PollInterval, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>One pass: claims due rows and sends them. Returns how many rows were handled.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        using var claimScope = scopes.CreateScope();
        var db = claimScope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        var now = time.GetUtcNow();
        // A row waits while an earlier row of its conversation is still to be sent but not sendable now (backing off,
        // or leased by another instance): messages to one conversation go out in the order they were enqueued.
        var pending = db.Outbox.Where(m => m.SentAt == null && m.FailedAt == null);
        var due = await pending
            .Where(m => m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
            .Where(m => !pending.Any(o => o.Id < m.Id &&
                                          ((m.ConversationId != null && o.ConversationId == m.ConversationId) ||
                                           (m.ConversationId == null && m.UserId != null && o.ConversationId == null && o.UserId == m.UserId)) &&
                                          (o.NextAttemptAt > now || (o.LockedUntil != null && o.LockedUntil >= now))))
            .AsNoTracking().OrderBy(m => m.Id).Select(m => new { m.Id, m.ConversationId, m.UserId }).Take(BatchSize).ToListAsync(ct);
        if (due.Count == 0) return 0;

        // Claim each row with a conditional update: of several instances exactly one sees "1 row affected".
        // Within a conversation, claim in order and stop at the first row another instance won, so the rest
        // of that conversation cannot overtake it.
        var leaseEnd = now + OutboxHandoff.Lease;
        var claimed = new List<OutboxMessage>();
        var lost = new HashSet<string>();
        foreach (var row in due)
        {
            var order = OrderKey(row.ConversationId, row.UserId, row.Id);
            if (lost.Contains(order)) continue;
            var won = await db.Outbox
                .Where(m => m.Id == row.Id && m.SentAt == null && m.FailedAt == null && m.NextAttemptAt <= now &&
                            (m.LockedUntil == null || m.LockedUntil < now))
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.LockedBy, handoff.Instance).SetProperty(m => m.LockedUntil, leaseEnd), ct);
            if (won == 1) claimed.Add(await db.Outbox.AsNoTracking().FirstAsync(m => m.Id == row.Id, ct));
            else lost.Add(order);
        }

        // In order within a conversation, in parallel across conversations. A row that is not done (will be retried)
        // holds back the rest of its conversation: their leases are released for a later pass.
        var groups = claimed.GroupBy(m => OrderKey(m.ConversationId, m.UserId, m.Id));
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (group, token) =>
        {
            var rows = group.ToList();
            for (var i = 0; i < rows.Count; i++)
            {
                if (await SendOneAsync(rows[i], token)) continue;
                await ReleaseAsync(rows.Skip(i + 1).Select(m => m.Id).ToList(), token);
                break;
            }
        });
        return claimed.Count;
    }

    private static string OrderKey(string? conversationId, string? userId, long id) =>
        conversationId is not null ? "c:" + conversationId : userId is not null ? "u:" + userId : "r:" + id;

    private async Task ReleaseAsync(List<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        await db.Outbox.Where(m => ids.Contains(m.Id) && m.LockedBy == handoff.Instance)
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
