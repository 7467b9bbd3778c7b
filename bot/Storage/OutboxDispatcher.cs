using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TeamsCoordinator.BotFramework;

namespace TeamsCoordinator.Storage;

/// <summary>
/// Sends what the outbox holds. Rows are claimed with a lease (LockedBy/LockedUntil) so several bot instances on
/// one PostgreSQL never send the same row; a failure is retried with backoff (Retry-After when Teams gives one),
/// a permanent refusal (4xx) is kept with its reason. Messages to one conversation go out in order.
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, ConnectorClient connector, OutboxSignal signal,
    TimeProvider time, ILogger<OutboxDispatcher> log) : BackgroundService
{
    public const int MaxAttempts = 12;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private readonly string _instance = $"{Environment.ProcessId}:{Guid.NewGuid():N}:{Environment.MachineName}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
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

    /// <summary>
    /// One pass: claims due rows and sends them. Returns how many rows were handled. The database work of a pass is
    /// the same whatever its size (find, claim, read, and one save of every row's result), so under load a pass
    /// carries many messages for the price of one (bench/turns: a row claimed, read and saved on its own was most
    /// of a turn's cost).
    /// </summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        using var claimScope = scopes.CreateScope();
        var db = claimScope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        var now = time.GetUtcNow();
        var due = await db.Outbox.AsNoTracking()
            .Where(m => m.SentAt == null && m.FailedAt == null && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.Id).Select(m => m.Id).Take(BatchSize).ToListAsync(ct);
        if (due.Count == 0) return 0;

        // Claim with one conditional update: a row another instance claimed first no longer matches, so of several
        // instances exactly one takes each row. What this instance won carries its id and a lease still running.
        var leaseEnd = now + Lease;
        await db.Outbox
            .Where(m => due.Contains(m.Id) && m.SentAt == null && m.FailedAt == null && (m.LockedUntil == null || m.LockedUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.LockedBy, _instance).SetProperty(m => m.LockedUntil, leaseEnd), ct);
        var claimed = await db.Outbox.AsNoTracking()
            .Where(m => due.Contains(m.Id) && m.LockedBy == _instance && m.LockedUntil > now && m.SentAt == null && m.FailedAt == null)
            .OrderBy(m => m.Id).ToListAsync(ct);

        // In order within a conversation, in parallel across conversations.
        var groups = claimed.GroupBy(m => m.ConversationId ?? m.UserId ?? m.Id.ToString());
        var handled = new ConcurrentQueue<OutboxMessage>();
        try
        {
            await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (group, token) =>
            {
                foreach (var message in group)
                {
                    await SendOneAsync(message, token);
                    handled.Enqueue(message);
                }
            });
        }
        finally
        {
            // Every handled row's outcome in one commit, also when the pass was cut short. A row not handled, or a
            // crash before this commit, leaves the row leased: it is sent again once the lease ends (at least once,
            // as before, where a crash between a send and its own save did the same).
            await SaveOutcomesAsync(handled);
        }
        return claimed.Count;
    }

    private async Task SaveOutcomesAsync(IReadOnlyCollection<OutboxMessage> handled)
    {
        if (handled.Count == 0) return;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        foreach (var m in handled)
        {
            var entry = db.Attach(m);
            foreach (var property in OutcomeProperties) entry.Property(property).IsModified = true;
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private const int BatchSize = 50;

    /// <summary>What sending changes on a row.</summary>
    private static readonly string[] OutcomeProperties =
    [
        nameof(OutboxMessage.SentAt), nameof(OutboxMessage.FailedAt), nameof(OutboxMessage.Attempts), nameof(OutboxMessage.NextAttemptAt),
        nameof(OutboxMessage.LastError), nameof(OutboxMessage.LockedBy), nameof(OutboxMessage.LockedUntil),
        nameof(OutboxMessage.ResultActivityId), nameof(OutboxMessage.ResultConversationId),
    ];

    /// <summary>Sends one claimed row and records the outcome on it (saved with the rest of the pass).</summary>
    private async Task SendOneAsync(OutboxMessage m, CancellationToken ct)
    {
        var deferred = false;
        try
        {
            var activity = JsonSerializer.Deserialize<Activity>(m.ActivityJson, BotJson.Options)!;
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
                    var (conversationId, activityId) = await ResolveTargetAsync(m, ct);
                    if (activityId is null) { Defer(m, TimeSpan.FromSeconds(1), "target not sent yet"); deferred = true; break; }
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
            if (!deferred) { m.SentAt = time.GetUtcNow(); m.LastError = null; }
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
    }

    private void Defer(OutboxMessage m, TimeSpan delay, string why)
    {
        m.NextAttemptAt = time.GetUtcNow() + delay;
        m.LastError = why;
    }

    /// <summary>2 s, 4 s, 8 s … capped at 30 minutes: about eight hours of trying in all.</summary>
    internal static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(1800, Math.Pow(2, attempts)));

    private async Task<(string? ConversationId, string? ActivityId)> ResolveTargetAsync(OutboxMessage m, CancellationToken ct)
    {
        if (m.TargetCorrelationKey is null) return (m.ConversationId, m.ActivityId);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        var target = await db.Outbox.AsNoTracking()
            .Where(t => t.CorrelationKey == m.TargetCorrelationKey && t.SentAt != null)
            .OrderByDescending(t => t.Id)
            .Select(t => new { t.ResultConversationId, t.ResultActivityId })
            .FirstOrDefaultAsync(ct);
        return (target?.ResultConversationId ?? m.ConversationId, target?.ResultActivityId);
    }

    private static string Truncate(string s) => s.Length > 500 ? s[..500] : s;
}

/// <summary>Wakes the dispatcher once a unit of work that enqueued messages is committed.</summary>
public sealed class OutboxPulseInterceptor(OutboxSignal signal) : SaveChangesInterceptor
{
    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        if (eventData.Context?.ChangeTracker.Entries<OutboxMessage>().Any() == true) signal.Pulse();
        return base.SavedChangesAsync(eventData, result, ct);
    }
}
