using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Delivery;

/// <summary>
/// One attempt at an outbox message, however it reached the sender (polling pass, fast lane, or a direct reply that
/// was never stored): the Connector call, and its outcome recorded on the message the same way for all of them.
/// </summary>
public sealed class OutboxSender(ConnectorClient connector, TimeProvider time, ILogger<OutboxDispatcher> log)
{
    public const int MaxAttempts = 12;

    /// <summary>
    /// One attempt at a row, recorded on the row (sent, refused for good, or deferred) with its lease cleared; the
    /// caller saves it. True when the row is done. <paramref name="db"/> is needed only for updates (to find their target).
    /// </summary>
    public async Task<bool> AttemptAsync(OutboxMessage m, CoordinatorDb? db, CancellationToken ct)
    {
        if (m.DiscardAfter is { } discardAfter && time.GetUtcNow() > discardAfter)
        {
            m.FailedAt = time.GetUtcNow();
            m.LastError = $"expired: not sent by {discardAfter:O}";
            m.LockedBy = null;
            m.LockedUntil = null;
            return true;
        }
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

    internal void Defer(OutboxMessage m, TimeSpan delay, string why)
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
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Select(t => new { t.SentAt, t.FailedAt, t.ResultConversationId, t.ResultActivityId })
            .ToListAsync(ct);
        var sent = targets.FirstOrDefault(t => t.SentAt != null);
        if (sent is not null) return (sent.ResultConversationId ?? m.ConversationId, sent.ResultActivityId, false);
        return (m.ConversationId, null, targets.All(t => t.FailedAt != null));
    }

    private static string Truncate(string s) => s.Length > 500 ? s[..500] : s;
}
