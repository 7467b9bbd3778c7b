using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TeamsCoordinator.BotFramework;

namespace TeamsCoordinator.Storage;

/// <summary>
/// Sends what the outbox holds. Rows are claimed with a lease (LockedBy/LockedUntil) so several bot instances on
/// one PostgreSQL never send the same row; a failure is retried with backoff (Retry-After when Teams gives one),
/// a permanent refusal (4xx) is kept with its reason. Messages to one conversation go out in order.
/// Two ways in: replies handed over in process right after their commit (<see cref="OutboxHandoff"/>, the common
/// case), and a polling pass for everything else (retries, creations, updates, rows of a dead instance).
/// </summary>
public sealed partial class OutboxDispatcher(IServiceScopeFactory scopes, ConnectorClient connector, OutboxSignal signal,
    OutboxHandoff handoff, TimeProvider time, ILogger<OutboxDispatcher> log) : BackgroundService
{
    public const int MaxAttempts = 12;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private readonly string _instance = $"{Environment.ProcessId}:{Guid.NewGuid():N}:{Environment.MachineName}";

    // For the fast lane (a nested type cannot see primary-constructor parameters).
    private IServiceScopeFactory Scopes => scopes;
    private OutboxSignal Signal => signal;
    private OutboxHandoff Handoff => handoff;
    private ILogger Log => log;

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
            .AsNoTracking().OrderBy(m => m.Id).Select(m => new { m.Id, m.ConversationId, m.UserId }).Take(50).ToListAsync(ct);
        if (due.Count == 0) return 0;

        // Claim each row with a conditional update: of several instances exactly one sees "1 row affected".
        // Within a conversation, claim in order and stop at the first row another instance won, so the rest
        // of that conversation cannot overtake it.
        var leaseEnd = now + Lease;
        var claimed = new List<OutboxMessage>();
        var lost = new HashSet<string>();
        foreach (var row in due)
        {
            var order = OrderKey(row.ConversationId, row.UserId, row.Id);
            if (lost.Contains(order)) continue;
            var won = await db.Outbox
                .Where(m => m.Id == row.Id && m.SentAt == null && m.FailedAt == null && m.NextAttemptAt <= now &&
                            (m.LockedUntil == null || m.LockedUntil < now))
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.LockedBy, _instance).SetProperty(m => m.LockedUntil, leaseEnd), ct);
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
        await db.Outbox.Where(m => ids.Contains(m.Id) && m.LockedBy == _instance)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.LockedBy, (string?)null).SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), ct);
    }

    /// <summary>Sends one claimed row; true when it is done (sent, or refused for good), false when it will be retried.</summary>
    private async Task<bool> SendOneAsync(OutboxMessage m, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        db.Attach(m);
        var done = await AttemptAsync(m, db, ct);
        await db.SaveChangesAsync(CancellationToken.None);
        return done;
    }

    /// <summary>
    /// One attempt at a row, recorded on the row (sent, refused for good, or deferred) with its lease cleared; the
    /// caller saves it. True when the row is done. <paramref name="db"/> is needed only for updates (to find their target).
    /// </summary>
    private async Task<bool> AttemptAsync(OutboxMessage m, CoordinatorDb? db, CancellationToken ct)
    {
        var notSent = false;
        try
        {
            var activity = m.Unsent ?? JsonSerializer.Deserialize<Activity>(m.ActivityJson, BotJson.Options)!;
            switch (m.Kind)
            {
                case OutboxKind.SendToConversation:
                    m.ResultActivityId = (await connector.SendToConversationAsync(m.ServiceUrl, m.ConversationId!, activity, ct))?.Id;
                    m.ResultConversationId = m.ConversationId;
                    break;
                case OutboxKind.Reply:
                    m.ResultActivityId = (await connector.ReplyToActivityAsync(m.ServiceUrl, m.ConversationId!, m.ActivityId!, activity, ct))?.Id;
                    m.ResultConversationId = m.ConversationId;
                    break;
                case OutboxKind.Update:
                    var (conversationId, activityId, targetFailed) = await ResolveTargetAsync(db!, m, ct);
                    if (targetFailed)
                    {
                        // The card was never posted (or nothing was ever enqueued under that key): it can never be updated.
                        m.FailedAt = time.GetUtcNow();
                        m.LastError = $"target {m.TargetCorrelationKey} was not sent and never will be";
                        notSent = true;
                        break;
                    }
                    if (activityId is null) { Defer(m, TimeSpan.FromSeconds(1), "target not sent yet"); notSent = true; break; }
                    await connector.UpdateActivityAsync(m.ServiceUrl, conversationId!, activityId, activity, ct);
                    m.ResultActivityId = activityId;
                    m.ResultConversationId = conversationId;
                    break;
                case OutboxKind.SendToUser:
                    var chat = await connector.CreateConversationAsync(m.ServiceUrl, new ConversationParameters
                    {
                        IsGroup = false,
                        Bot = m.BotId is null ? null : new ChannelAccount { Id = m.BotId },
                        Members = [new ChannelAccount { Id = m.UserId }],
                        TenantId = m.TenantId,
                        ChannelData = new TeamsChannelData { Tenant = new TenantInfo(m.TenantId) },
                    }, ct);
                    m.ResultConversationId = chat.Id;
                    m.ResultActivityId = (await connector.SendToConversationAsync(m.ServiceUrl, chat.Id!, activity, ct))?.Id;
                    break;
                case OutboxKind.NewChannelThread:
                    var thread = await connector.CreateConversationAsync(m.ServiceUrl, new ConversationParameters
                    {
                        IsGroup = true,
                        TenantId = m.TenantId,
                        Activity = activity,
                        ChannelData = new TeamsChannelData { Channel = new ChannelInfo { Id = m.ConversationId }, Tenant = new TenantInfo(m.TenantId) },
                    }, ct);
                    m.ResultConversationId = thread.Id;
                    m.ResultActivityId = thread.ActivityId;
                    break;
            }
            if (!notSent) { m.SentAt = time.GetUtcNow(); m.LastError = null; }
        }
        catch (ConnectorException e) when (!e.IsTransient)
        {
            m.Attempts++;
            m.FailedAt = time.GetUtcNow();
            m.LastError = Truncate($"{(int)e.Status} {e.Code}: {e.Message}");
            log.LogWarning("Outbox message {Id} refused for good: {Error}", m.Id, m.LastError);
        }
        catch (Exception e) when (e is ConnectorException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            m.Attempts++;
            var retryAfter = (e as ConnectorException)?.RetryAfter;
            if (m.Attempts >= MaxAttempts)
            {
                m.FailedAt = time.GetUtcNow();
                log.LogError("Outbox message {Id} gave up after {Attempts} attempts: {Error}", m.Id, m.Attempts, e.Message);
            }
            Defer(m, retryAfter ?? Backoff(m.Attempts), Truncate(e.Message));
        }
        m.LockedBy = null;
        m.LockedUntil = null;
        return m.SentAt is not null || m.FailedAt is not null;
    }

    private void Defer(OutboxMessage m, TimeSpan delay, string why)
    {
        m.NextAttemptAt = time.GetUtcNow() + delay;
        m.LastError = why;
    }

    /// <summary>2 s, 4 s, 8 s … capped at 30 minutes: about eight hours of trying in all.</summary>
    internal static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(1800, Math.Pow(2, attempts)));

    private static async Task<(string? ConversationId, string? ActivityId, bool TargetFailed)> ResolveTargetAsync(CoordinatorDb db, OutboxMessage m, CancellationToken ct)
    {
        if (m.TargetCorrelationKey is null) return (m.ConversationId, m.ActivityId, false);
        var targets = await db.Outbox.AsNoTracking()
            .Where(t => t.CorrelationKey == m.TargetCorrelationKey && t.Id != m.Id)
            .OrderByDescending(t => t.Id)
            .Select(t => new { t.SentAt, t.FailedAt, t.ResultConversationId, t.ResultActivityId })
            .ToListAsync(ct);
        var sent = targets.FirstOrDefault(t => t.SentAt != null);
        if (sent is not null) return (sent.ResultConversationId ?? m.ConversationId, sent.ResultActivityId, false);
        return (m.ConversationId, null, targets.All(t => t.FailedAt != null));
    }

    private static string Truncate(string s) => s.Length > 500 ? s[..500] : s;
}
