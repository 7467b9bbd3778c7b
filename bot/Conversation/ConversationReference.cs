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

    internal ConversationReference Copy() => (ConversationReference)MemberwiseClone();
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

public sealed class ConversationReferences(CoordinatorDb db, TimeProvider time, RecentConversations recent, TrustedServiceUrls trust)
{
    /// <summary>
    /// Makes sure the reference is stored as this activity describes it. Most turns bring nothing new: when this
    /// instance stored or read the same values a moment ago (<see cref="RecentConversations"/>), the database is not asked.
    /// </summary>
    public async Task EnsureRememberedAsync(Activity a, CancellationToken ct)
    {
        if (recent.Reference(ConversationKey(a)) is { } known)
        {
            var probe = known.Copy();
            if (!Apply(probe, a)) return;
        }
        await RememberAsync(a, ct);
    }

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

    private static string ConversationKey(Activity a) => ConversationIds.WithoutThread(a.Conversation!.Id!);

    private static string TypeOf(Activity a) =>
        a.Conversation!.ConversationType ?? (a.ChannelData?.Channel is not null ? "channel" : a.Conversation.IsGroup == true ? "groupChat" : "personal");

    /// <summary>Brings the reference up to date with the activity; true when anything changed.</summary>
    private bool Apply(ConversationReference r, Activity a)
    {
        var before = (r.ServiceUrl, r.TenantId, r.BotId, r.TeamId, r.TeamName, r.ChannelName, r.UserId, r.UserAadObjectId);
        // Where later messages go (with the bot's token): never moved to a host the bot does not trust.
        if (r.ServiceUrl != a.ServiceUrl && trust.IsTrusted(a.ServiceUrl!)) r.ServiceUrl = a.ServiceUrl!;
        r.TenantId = a.TenantId ?? r.TenantId;
        r.BotId = a.Recipient?.Id ?? r.BotId;
        r.TeamId = a.ChannelData?.Team?.Id ?? r.TeamId;
        r.TeamName = a.ChannelData?.Team?.Name ?? r.TeamName;
        r.ChannelName = a.ChannelData?.Channel?.Name ?? r.ChannelName;
        if (TypeOf(a) == "personal" && a.From?.Id is { } from && from != a.Recipient?.Id)
        {
            r.UserId = a.From?.Id ?? r.UserId;
            r.UserAadObjectId = a.From?.AadObjectId ?? r.UserAadObjectId;
        }
        return before != (r.ServiceUrl, r.TenantId, r.BotId, r.TeamId, r.TeamName, r.ChannelName, r.UserId, r.UserAadObjectId);
    }

    private async Task<ConversationReference> RememberOnceAsync(Activity a, CancellationToken ct)
    {
        var id = ConversationKey(a);
        var reference = db.Set<ConversationReference>().Local.FirstOrDefault(r => r.ConversationId == id)
            ?? await db.Set<ConversationReference>().FirstOrDefaultAsync(r => r.ConversationId == id, ct);
        if (reference is null)
        {
            reference = new ConversationReference { ConversationId = id, ConversationType = TypeOf(a), ServiceUrl = a.ServiceUrl! };
            db.Add(reference);
        }
        // Most turns come from a conversation whose reference is unchanged: no write for those (one commit less per turn).
        if (Apply(reference, a) || db.Entry(reference).State != EntityState.Unchanged)
        {
            reference.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        recent.Remember(reference.Copy());
        return reference;
    }

    public Task<ConversationReference?> PersonalChatOfAsync(string userAadObjectId, CancellationToken ct) =>
        db.Set<ConversationReference>().AsNoTracking()
            .Where(r => r.ConversationType == "personal" && r.UserAadObjectId == userAadObjectId)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
}
