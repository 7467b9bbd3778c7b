using System.Collections.Concurrent;

namespace TeamsCoordinator.Conversation;

/// <summary>
/// What this instance stored or read lately about conversations and people, so that the common turn (same chat,
/// same person, nothing new) costs no database read. Entries expire after a few minutes: another instance may
/// have changed the row meanwhile (say a new serviceUrl), and an expired entry sends the next turn to the database.
/// </summary>
public sealed class RecentConversations(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<string, (ConversationReference Reference, DateTimeOffset At)> _references = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string ChannelAccountId, DateTimeOffset At)> _accounts = new(StringComparer.Ordinal);

    /// <summary>A detached copy of the stored reference, or null when not known lately.</summary>
    public ConversationReference? Reference(string conversationId) =>
        _references.TryGetValue(conversationId, out var e) && Fresh(e.At) ? e.Reference : null;

    public void Remember(ConversationReference stored) => Put(_references, stored.ConversationId, (stored, time.GetUtcNow()));

    public string? ChannelAccount(string aadObjectId) =>
        _accounts.TryGetValue(aadObjectId, out var e) && Fresh(e.At) ? e.ChannelAccountId : null;

    public void Remember(string aadObjectId, string channelAccountId) => Put(_accounts, aadObjectId, (channelAccountId, time.GetUtcNow()));

    private bool Fresh(DateTimeOffset at) => time.GetUtcNow() - at < Lifetime;

    private static void Put<T>(ConcurrentDictionary<string, T> map, string key, T value)
    {
        if (map.Count >= MaxEntries) map.Clear(); // a crude bound: the cost of forgetting is one read per conversation
        map[key] = value;
    }
}
