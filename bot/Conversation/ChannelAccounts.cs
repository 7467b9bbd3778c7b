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

    /// <summary>
    /// Channel ids of the given people, where known. Those this instance learned or read lately come from memory (as
    /// <see cref="LearnAsync"/> trusts them): a handover's card and its notes asked the database for the same team
    /// several times per click. Only the others are read, and then remembered.
    /// </summary>
    public async Task<Dictionary<string, string>> OfAsync(IReadOnlyCollection<string> aadObjectIds, CancellationToken ct)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        List<string>? unknown = null;
        foreach (var aad in aadObjectIds)
            if (recent.ChannelAccount(aad) is { } id) found[aad] = id;
            else (unknown ??= []).Add(aad);
        if (unknown is null) return found;
        foreach (var k in await db.Set<KnownChannelAccount>().AsNoTracking().Where(k => unknown.Contains(k.AadObjectId))
                     .Select(k => new { k.AadObjectId, k.ChannelAccountId }).ToListAsync(ct))
        {
            found[k.AadObjectId] = k.ChannelAccountId;
            recent.Remember(k.AadObjectId, k.ChannelAccountId);
        }
        return found;
    }

    public Task<string?> AadObjectIdOfAsync(string channelAccountId, CancellationToken ct) =>
        db.Set<KnownChannelAccount>().AsNoTracking().Where(k => k.ChannelAccountId == channelAccountId)
            .Select(k => k.AadObjectId).FirstOrDefaultAsync(ct);
}
