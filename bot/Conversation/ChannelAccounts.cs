using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Conversation;

/// <summary>
/// A person's Bot Framework id (Teams "29:…", Playground "user-id-0") next to their Entra object id. Features know
/// people by Entra object id; card refresh lists (refresh.userIds) and proactive 1:1 chats need the channel id,
/// which the bot only learns when the person talks to it or clicks a card.
/// </summary>
public sealed class KnownChannelAccount
{
    public long Id { get; set; }
    public required string AadObjectId { get; set; }
    public required string ChannelAccountId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class KnownChannelAccountConfiguration : IEntityTypeConfiguration<KnownChannelAccount>
{
    public void Configure(EntityTypeBuilder<KnownChannelAccount> e)
    {
        e.ToTable("channel_accounts");
        e.HasIndex(a => a.AadObjectId).IsUnique();
        e.HasIndex(a => a.ChannelAccountId);
    }
}

public sealed class ChannelAccounts(CoordinatorDb db, TimeProvider time, RecentConversations recent)
{
    /// <summary>Remembers who sent the activity; writes only when the pair is new or changed (asks the database only when this instance has not seen the pair lately).</summary>
    public async Task LearnAsync(Activity a, CancellationToken ct)
    {
        if (a.From is not { AadObjectId: { Length: > 0 } aad, Id: { Length: > 0 } id } || id == a.Recipient?.Id) return;
        if (recent.ChannelAccount(aad) == id) return;
        var known = await db.Set<KnownChannelAccount>().AsNoTracking().FirstOrDefaultAsync(k => k.AadObjectId == aad, ct);
        if (known?.ChannelAccountId == id) { recent.Remember(aad, id); return; }
        try
        {
            if (known is not null)
            {
                await db.Set<KnownChannelAccount>().Where(k => k.Id == known.Id)
                    .ExecuteUpdateAsync(u => u.SetProperty(k => k.ChannelAccountId, id).SetProperty(k => k.UpdatedAt, time.GetUtcNow()), ct);
                recent.Remember(aad, id);
                return;
            }
            db.Add(new KnownChannelAccount { AadObjectId = aad, ChannelAccountId = id, UpdatedAt = time.GetUtcNow() });
            await db.SaveChangesAsync(ct);
            recent.Remember(aad, id);
        }
        catch (DbUpdateException)
        {
            // Another turn of the same person inserted it first: theirs is as good as ours.
            foreach (var entry in db.ChangeTracker.Entries<KnownChannelAccount>().ToList()) entry.State = EntityState.Detached;
        }
    }

    /// <summary>Channel ids of the given people, where known.</summary>
    public async Task<Dictionary<string, string>> OfAsync(IReadOnlyCollection<string> aadObjectIds, CancellationToken ct) =>
        await db.Set<KnownChannelAccount>().AsNoTracking().Where(k => aadObjectIds.Contains(k.AadObjectId))
            .ToDictionaryAsync(k => k.AadObjectId, k => k.ChannelAccountId, ct);

    public Task<string?> AadObjectIdOfAsync(string channelAccountId, CancellationToken ct) =>
        db.Set<KnownChannelAccount>().AsNoTracking().Where(k => k.ChannelAccountId == channelAccountId)
            .Select(k => k.AadObjectId).FirstOrDefaultAsync(ct);
}
