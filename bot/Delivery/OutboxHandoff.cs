using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Delivery;

/// <summary>
/// The in-process fast lane from a committed unit of work to the <see cref="OutboxDispatcher"/>. A reply that a turn
/// enqueued is stored as usual (the durable row stays the source of truth for retries), but is inserted already
/// leased to this instance and handed over the moment its transaction commits, so it goes out without waiting for
/// a polling pass and without the claim query and update a pass needs. Open only while this instance's dispatcher
/// runs; otherwise rows are stored unleased and the polling pass sends them.
/// </summary>
public sealed class OutboxHandoff
{
    /// <summary>How long a leased row is ours; if this instance dies first, any instance sends it after that.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private readonly Channel<OutboxMessage> _ready = Channel.CreateUnbounded<OutboxMessage>(new UnboundedChannelOptions { SingleReader = true });
    private volatile bool _open;

    /// <summary>This instance's name in LockedBy (the polling pass uses the same one).</summary>
    public string Instance { get; } = $"{Environment.ProcessId}:{Guid.NewGuid():N}:{Environment.MachineName}";

    public bool IsOpen => _open;

    internal void Open() => _open = true;

    internal void Close()
    {
        _open = false;
        _ready.Writer.TryComplete();
    }

    internal ChannelReader<OutboxMessage> Ready => _ready.Reader;

    /// <summary>Plain sends to a known conversation; creations and updates (which look up other rows) and bulk messages (paced) take the polling pass.</summary>
    internal static bool Suits(OutboxMessage m) =>
        m.Kind is OutboxKind.SendToConversation or OutboxKind.Reply && m.ConversationId is not null && !m.Bulk;

    /// <summary>A copy, so that the dispatcher never touches an entity the turn's context still tracks.</summary>
    internal void Hand(OutboxMessage committed) => _ready.Writer.TryWrite(committed.Copy());
}

/// <summary>
/// Leases fast-lane rows as they are inserted and hands them to the dispatcher once the save is committed; wakes the
/// polling pass for everything else. A save inside an explicit transaction is not committed when SaveChanges returns:
/// its rows are left to the polling pass. Every stored row takes its conversation off <see cref="ClearConversations"/>
/// (again when an explicit transaction commits: a check in between could not see the row yet), and every save
/// counts as a write of its context (<see cref="CoordinatorDb.Writes"/>).
/// </summary>
public sealed class OutboxHandoffInterceptor(OutboxHandoff handoff, OutboxSignal signal, ClearConversations clear, TimeProvider time)
    : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>What one save is about to store; kept on the context itself (a shared table of contexts needs a lock every turn).</summary>
    internal sealed class Pending
    {
        public readonly List<OutboxMessage> Leased = [];
        public readonly List<string> Conversations = [];
        public bool Other;
        public bool InTransaction;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Prepare(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        Prepare(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Complete(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        Complete(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Abandon(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken ct = default)
    {
        Abandon(eventData.Context);
        return Task.CompletedTask;
    }

    private void Prepare(DbContext? context)
    {
        if (context is not CoordinatorDb db) return;
        db.OutboxPending = null;
        Pending? pending = null;
        var inTransaction = db.Database.CurrentTransaction is not null;
        var fastLane = handoff.IsOpen && !inTransaction;
        foreach (var entry in db.ChangeTracker.Entries<OutboxMessage>())
        {
            if (entry.State != EntityState.Added) continue;
            pending ??= db.OutboxPending = new Pending { InTransaction = inTransaction };
            var m = entry.Entity;
            m.SerializeActivity();
            if (m.ConversationId is not null)
            {
                // Before the insert: a direct reply decided from here on waits for the database's answer.
                clear.Invalidate(m.ConversationId);
                pending.Conversations.Add(m.ConversationId);
            }
            // A direct reply whose send failed already carries its attempt and backoff: the polling pass retries it.
            if (fastLane && OutboxHandoff.Suits(m) && m.LockedBy is null && m.Attempts == 0 && m.FailedAt is null)
            {
                m.LockedBy = handoff.Instance;
                m.LockedUntil = time.GetUtcNow() + OutboxHandoff.Lease;
                pending.Leased.Add(m);
            }
            else pending.Other = true;
        }
    }

    private void Complete(DbContext? context)
    {
        if (context is not CoordinatorDb db) return;
        db.Writes++;
        if (db.OutboxPending is not { } pending) return;
        db.OutboxPending = null;
        foreach (var m in pending.Leased) handoff.Hand(m);
        if (pending.InTransaction) (db.UncommittedConversations ??= []).AddRange(pending.Conversations);
        else foreach (var c in pending.Conversations) clear.Invalidate(c);
        if (pending.Other) signal.Pulse();
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Committed(DbContext? context)
    {
        if (context is not CoordinatorDb { UncommittedConversations: { } conversations } db) return;
        db.UncommittedConversations = null;
        foreach (var c in conversations) clear.Invalidate(c);
    }

    private static void Forget(DbContext? context)
    {
        if (context is CoordinatorDb db) db.UncommittedConversations = null;
    }

    private static void Abandon(DbContext? context)
    {
        if (context is not CoordinatorDb { OutboxPending: { } pending } db) return;
        db.OutboxPending = null;
        // Nothing was stored: if the caller saves again, the rows are judged again.
        foreach (var m in pending.Leased) { m.LockedBy = null; m.LockedUntil = null; }
    }
}
