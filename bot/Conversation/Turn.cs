using TeamsCoordinator.BotFramework;
using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Conversation;

/// <summary>
/// One inbound activity being handled: who said it, where, in which language, and a way to answer that goes
/// through the durable outbox (saved together with whatever state the handler changed).
/// </summary>
public sealed class Turn(Activity activity, Language language, CoordinatorDb db, Outbox outbox, TimeProvider time)
{
    private int _replies;
    private readonly int _writesAtStart = db.Writes;

    public Activity Activity { get; } = activity;
    public Language Language { get; set; } = language;
    public CoordinatorDb Db { get; } = db;
    public Outbox Outbox { get; } = outbox;
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Whether the turn wrote anything of its own (what it learned about the conversation before it began does not count).</summary>
    public bool WroteState => Db.Writes != _writesAtStart;

    /// <summary>The user's stable identity: the Entra object id when Teams sends one, else the channel id.</summary>
    public string UserKey => Activity.From?.AadObjectId ?? Activity.From?.Id ?? "";
    public string UserDisplayName => Activity.From?.Name ?? "";
    public string? TenantId => Activity.TenantId;
    /// <summary>The user as a signed link names them: a link made for this person works for nobody else.</summary>
    public LinkHolder LinkHolder => new(UserKey, TenantId);
    public string ConversationId => Activity.Conversation!.Id!;
    public string ServiceUrl => Activity.ServiceUrl!;
    public bool IsPersonal => Activity.Conversation?.ConversationType is "personal" || Activity.Conversation?.IsGroup != true && Activity.ChannelData?.Channel is null;
    public bool IsChannel => Activity.Conversation?.ConversationType == "channel" || Activity.ChannelData?.Channel?.Id is not null;

    /// <summary>The channel (without ";messageid=…") this turn happened in, if any.</summary>
    public string? ChannelId => Activity.ChannelData?.Channel?.Id ?? (IsChannel ? ConversationIds.WithoutThread(ConversationId) : null);

    public string T(string da, string en) => Language.Pick(da, en);

    public OutboxMessage Reply(string text) => Reply(Activity.Message(text));

    public OutboxMessage Reply(AdaptiveCard card, string? correlationKey = null) => Reply(card.ToAttachment(), correlationKey);

    public OutboxMessage Reply(Attachment attachment, string? correlationKey = null) =>
        Reply(Activity.Message(attachments: [attachment]), correlationKey);

    /// <summary>Answers in the same thread (channel) or chat. The idempotency key makes a redelivered activity answer once.</summary>
    public OutboxMessage Reply(Activity reply, string? correlationKey = null)
    {
        var key = $"reply:{ConversationId}:{Activity.Id ?? Guid.NewGuid().ToString()}:{Activity.Type}:{Activity.Name}:{++_replies}";
        // replyToId on every answer, as the Bot Framework SDKs set it from the conversation reference: it ties the answer to the turn.
        reply = reply with { From = Activity.Recipient, Recipient = Activity.From, ReplyToId = Activity.Id, Locale = Language == Language.En ? "en-US" : "da-DK" };
        return IsChannel && Activity.Id is not null && Activity.Type == ActivityTypes.Message
            ? Outbox.Enqueue(OutboxKind.Reply, ServiceUrl, reply, key, conversationId: ConversationId, activityId: Activity.Id, correlationKey: correlationKey)
            : Outbox.Enqueue(OutboxKind.SendToConversation, ServiceUrl, reply, key, conversationId: ConversationId, correlationKey: correlationKey);
    }
}
