using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Delivery;

public enum OutboxKind
{
    /// <summary>POST /v3/conversations/{id}/activities</summary>
    SendToConversation,
    /// <summary>POST /v3/conversations/{id}/activities/{replyToId}</summary>
    Reply,
    /// <summary>PUT /v3/conversations/{id}/activities/{activityId}; ActivityId may be resolved from an earlier row's CorrelationKey.</summary>
    Update,
    /// <summary>POST /v3/conversations for a 1:1 chat with UserId, then send the activity there.</summary>
    SendToUser,
    /// <summary>POST /v3/conversations with channelData.channel: a new thread in a channel.</summary>
    NewChannelThread,
}

/// <summary>
/// An outgoing Connector call, stored in the same transaction as the state change that caused it and sent
/// afterwards by <see cref="OutboxDispatcher"/>: a message is never lost when Teams or the network fails.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public OutboxKind Kind { get; set; }
    public required string ServiceUrl { get; set; }
    public string? ConversationId { get; set; }
    /// <summary>The activity replied to or updated.</summary>
    public string? ActivityId { get; set; }
    /// <summary>For <see cref="OutboxKind.Update"/>: the CorrelationKey of the row that posted the activity.</summary>
    public string? TargetCorrelationKey { get; set; }
    public string? UserId { get; set; }
    public string? TenantId { get; set; }
    public string? BotId { get; set; }
    /// <summary>The activity as JSON; it carries free text and links, so it is encrypted at rest.</summary>
    [Protected] public required string ActivityJson { get; set; }
    /// <summary>Unique: the same logical message is enqueued once, however often the action that caused it is retried.</summary>
    public required string IdempotencyKey { get; set; }
    /// <summary>Lets a feature find the activity id Teams gave this message (to update the card later).</summary>
    public string? CorrelationKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? FailedAt { get; set; }
    public string? LastError { get; set; }
    public string? LockedBy { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public string? ResultActivityId { get; set; }
    public string? ResultConversationId { get; set; }
    /// <summary>
    /// One of a fan-out's many proactive messages (the daily digest): never handed to the fast lane, so only the polling
    /// pass sends it, paced to Teams' limits (<see cref="DeliveryPacer"/>).
    /// </summary>
    public bool Bulk { get; set; }
    /// <summary>Not sent after this moment (it is marked failed instead): a morning's digest is never delivered the next day.</summary>
    public DateTimeOffset? DiscardAfter { get; set; }

    /// <summary>The activity ActivityJson is made from, while this process still holds it (not stored): spares the fast lane a parse.</summary>
    internal Activity? Unsent;

    /// <summary>Fills ActivityJson from the activity before the row is stored (left empty until then).</summary>
    internal void SerializeActivity()
    {
        if (ActivityJson.Length == 0 && Unsent is not null) ActivityJson = JsonSerializer.Serialize(Unsent, BotJson.Options);
    }

    internal OutboxMessage Copy() => (OutboxMessage)MemberwiseClone();
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> e)
    {
        e.ToTable("outbox");
        e.HasIndex(m => m.IdempotencyKey).IsUnique();
        e.HasIndex(m => m.CorrelationKey);
        e.HasIndex(m => new { m.SentAt, m.FailedAt, m.NextAttemptAt });
        e.Property(m => m.Kind).HasConversion<string>().HasMaxLength(32);
    }
}

/// <summary>
/// Adds outgoing messages to the current unit of work; they are sent once it is saved (the dispatcher is told
/// after the commit, by <see cref="OutboxHandoffInterceptor"/>: before it, the row is not there to send).
/// </summary>
public sealed class Outbox(CoordinatorDb db, TimeProvider time)
{
    public OutboxMessage Enqueue(OutboxKind kind, string serviceUrl, Activity activity, string idempotencyKey,
        string? conversationId = null, string? activityId = null, string? userId = null, string? tenantId = null,
        string? botId = null, string? correlationKey = null, string? targetCorrelationKey = null, bool bulk = false, DateTimeOffset? discardAfter = null)
    {
        var existing = db.UnsavedReplies?.Find(m => m.IdempotencyKey == idempotencyKey) ??
            db.Outbox.Local.FirstOrDefault(m => m.IdempotencyKey == idempotencyKey);
        if (existing is not null) return existing;
        var now = time.GetUtcNow();
        var message = new OutboxMessage
        {
            Kind = kind,
            ServiceUrl = serviceUrl,
            ConversationId = conversationId,
            ActivityId = activityId,
            UserId = userId,
            TenantId = tenantId,
            BotId = botId,
            ActivityJson = "", // written when the row is saved (OutboxHandoffInterceptor): a reply sent directly never needs it
            Unsent = activity,
            IdempotencyKey = idempotencyKey,
            CorrelationKey = correlationKey,
            TargetCorrelationKey = targetCorrelationKey,
            CreatedAt = now,
            NextAttemptAt = now,
            Bulk = bulk,
            DiscardAfter = discardAfter,
        };
        // A plain reply may be sent directly: tracked only if the context is saved. Everything a later row or query may
        // look for in db.Outbox.Local (correlation keys, updates, bulk) is tracked at once.
        if (OutboxHandoff.Suits(message) && correlationKey is null && targetCorrelationKey is null && discardAfter is null)
            (db.UnsavedReplies ??= []).Add(message);
        else db.Outbox.Add(message);
        return message;
    }
}

/// <summary>Wakes the polling pass when rows outside the fast lane were committed, so they do not wait for the polling interval.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _pulse = new(0, 1);

    public void Pulse()
    {
        if (_pulse.CurrentCount == 0)
        {
            try { _pulse.Release(); } catch (SemaphoreFullException) { }
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _pulse.WaitAsync(timeout, ct);
}
