using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Handovers;

/// <summary>
/// Everything a handover sends goes through the durable outbox, in the same unit of work as the state change that
/// caused it: retried until Teams takes it, never lost, and never sent twice (each idempotency key names the
/// handover, the version it moved to, and what is sent).
/// </summary>
public sealed class HandoverNotifications(CoordinatorDb db, Outbox outbox, ConversationReferences references, ChannelAccounts accounts, TimeProvider time)
{
    /// <summary>Posts the card in the forløb's channel as a new post; its correlation key lets every later change update it.</summary>
    public void PostCard(CitizenCase c, Handover h, AdaptiveCard card, Turn turn)
    {
        var activity = Activity.Message(attachments: [card.ToAttachment()]);
        if (c.ChannelId is not null && c.ServiceUrl is not null)
            outbox.Enqueue(OutboxKind.NewChannelThread, c.ServiceUrl, activity, $"{h.CardKey}:post",
                conversationId: c.ChannelId, tenantId: c.TenantId, correlationKey: h.CardKey);
        else // The channel is not created yet (Microsoft 365 was down): the card goes where the form was.
            outbox.Enqueue(OutboxKind.SendToConversation, turn.ServiceUrl, activity, $"{h.CardKey}:post",
                conversationId: turn.ConversationId, tenantId: turn.TenantId, correlationKey: h.CardKey);
    }

    /// <summary>
    /// Updates the posted card for everyone. Older updates that have not gone out yet are dropped, so a retried old
    /// update can never overwrite a newer state; updates of one card share a conversation and so go out in order.
    /// </summary>
    public async Task UpdateCardAsync(CitizenCase c, Handover h, AdaptiveCard card, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var stale = await db.Outbox.Where(m => m.Kind == OutboxKind.Update && m.TargetCorrelationKey == h.CardKey &&
                                               m.SentAt == null && m.FailedAt == null && (m.LockedUntil == null || m.LockedUntil < now))
            .ToListAsync(ct);
        foreach (var old in stale)
        {
            old.FailedAt = now;
            old.LastError = $"superseded by version {h.Version}";
        }
        var post = await db.Outbox.AsNoTracking().Where(m => m.CorrelationKey == h.CardKey)
            .Select(m => new { m.ServiceUrl, m.ConversationId, m.TenantId }).FirstOrDefaultAsync(ct);
        outbox.Enqueue(OutboxKind.Update, post?.ServiceUrl ?? c.ServiceUrl ?? "", Activity.Message(attachments: [card.ToAttachment()]),
            $"{h.CardKey}:v{h.Version}:update", conversationId: post?.ConversationId ?? c.ChannelId, tenantId: post?.TenantId ?? c.TenantId,
            targetCorrelationKey: h.CardKey);
    }

    /// <summary>
    /// A short note in the person's personal chat with the bot: where one exists, else a new 1:1 chat when the bot
    /// knows the person's Teams id. Only the forløb's label, never the citizen's name or the message itself.
    /// Returns false when the person cannot be reached (they still see the @mention in the channel).
    /// </summary>
    public async Task<bool> TellAsync(CitizenCase c, Handover h, CaseMember member, string text, string? botId, CancellationToken ct)
    {
        var key = $"handover:{h.PublicId}:v{h.Version}:tell:{member.UserId}";
        var link = c.ChannelWebUrl is { Length: > 0 } url ? $" [Åbn kanalen]({url})" : "";
        var message = Activity.Message(text + link);
        var chat = await references.PersonalChatOfAsync(member.UserId, ct);
        if (chat is not null)
        {
            outbox.Enqueue(OutboxKind.SendToConversation, chat.ServiceUrl, message, key, conversationId: chat.ConversationId, tenantId: chat.TenantId);
            return true;
        }
        var channelIds = await accounts.OfAsync([member.UserId], ct);
        if (!channelIds.TryGetValue(member.UserId, out var channelId) || c.ServiceUrl is null) return false;
        outbox.Enqueue(OutboxKind.SendToUser, c.ServiceUrl, message, key, userId: channelId, tenantId: member.TenantId ?? c.TenantId, botId: botId);
        return true;
    }
}
