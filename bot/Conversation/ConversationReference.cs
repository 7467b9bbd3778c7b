using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Conversation;

/// <summary>
/// Where the bot can write later without being spoken to (digests, notifications): one row per personal chat,
/// group chat and channel, checked against every inbound activity because serviceUrl can change.
/// </summary>
public sealed class ConversationReference
{
    public long Id { get; set; }
    /// <summary>Conversation id without a thread suffix (";messageid=…").</summary>
    public required string ConversationId { get; set; }
    public required string ConversationType { get; set; }
    public required string ServiceUrl { get; set; }
    public string? TenantId { get; set; }
    public string? BotId { get; set; }
    public string? TeamId { get; set; }
    public string? TeamName { get; set; }
    public string? ChannelName { get; set; }
    /// <summary>For personal chats: the user (channel-specific id and Entra object id).</summary>
    public string? UserId { get; set; }
    public string? UserAadObjectId { get; set; }
    public DateTimeOffset? GreetedAt { get; set; }
    /// <summary>When something in the reference last changed (it is not rewritten by turns that bring nothing new).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class ConversationReferenceConfiguration : IEntityTypeConfiguration<ConversationReference>
{
    public void Configure(EntityTypeBuilder<ConversationReference> e)
    {
        e.ToTable("conversation_references");
        e.HasIndex(r => r.ConversationId).IsUnique();
        e.HasIndex(r => r.UserAadObjectId);
    }
}

public sealed class ConversationReferences(CoordinatorDb db, TimeProvider time)
{
    /// <summary>Records (or refreshes) where this activity came from, saved at once (another instance may race us to insert it).</summary>
    public async Task<ConversationReference> RememberAsync(Activity a, CancellationToken ct)
    {
        try { return await RememberOnceAsync(a, ct); }
        catch (DbUpdateException)
        {
            foreach (var entry in db.ChangeTracker.Entries<ConversationReference>().ToList()) entry.State = EntityState.Detached;
            return await RememberOnceAsync(a, ct);
        }
    }

    private async Task<ConversationReference> RememberOnceAsync(Activity a, CancellationToken ct)
    {
        var id = a.Conversation!.Id!.Split(';')[0];
        var type = a.Conversation.ConversationType ?? (a.ChannelData?.Channel is not null ? "channel" : a.Conversation.IsGroup == true ? "groupChat" : "personal");
        var reference = db.Set<ConversationReference>().Local.FirstOrDefault(r => r.ConversationId == id)
            ?? await db.Set<ConversationReference>().FirstOrDefaultAsync(r => r.ConversationId == id, ct);
        if (reference is null)
        {
            reference = new ConversationReference { ConversationId = id, ConversationType = type, ServiceUrl = a.ServiceUrl! };
            db.Add(reference);
        }
        reference.ServiceUrl = a.ServiceUrl!;
        reference.TenantId = a.TenantId ?? reference.TenantId;
        reference.BotId = a.Recipient?.Id ?? reference.BotId;
        reference.TeamId = a.ChannelData?.Team?.Id ?? reference.TeamId;
        reference.TeamName = a.ChannelData?.Team?.Name ?? reference.TeamName;
        reference.ChannelName = a.ChannelData?.Channel?.Name ?? reference.ChannelName;
        if (type == "personal" && a.From?.Id is { } from && from != a.Recipient?.Id)
        {
            reference.UserId = a.From?.Id ?? reference.UserId;
            reference.UserAadObjectId = a.From?.AadObjectId ?? reference.UserAadObjectId;
        }
        // Most turns come from a conversation whose reference is unchanged: no write for those (one commit less per turn).
        if (db.Entry(reference).State == EntityState.Unchanged) return reference;
        reference.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return reference;
    }

    public Task<ConversationReference?> PersonalChatOfAsync(string userAadObjectId, CancellationToken ct) =>
        db.Set<ConversationReference>().AsNoTracking()
            .Where(r => r.ConversationType == "personal" && r.UserAadObjectId == userAadObjectId)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
}
