using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TeamsCoordinator.Storage;

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

    /// <summary>Plain sends to a known conversation; creations and updates (which look up other rows) take the polling pass.</summary>
    internal static bool Suits(OutboxMessage m) =>
        m.Kind is OutboxKind.SendToConversation or OutboxKind.Reply && m.ConversationId is not null;

    /// <summary>A copy, so that the dispatcher never touches an entity the turn's context still tracks.</summary>
    internal void Hand(OutboxMessage committed) => _ready.Writer.TryWrite(committed.Copy());
}

/// <summary>
/// Leases fast-lane rows as they are inserted and hands them to the dispatcher once the save is committed; wakes the
/// polling pass for everything else. A save inside an explicit transaction is not committed when SaveChanges returns:
/// its rows are left to the polling pass.
/// </summary>
public sealed class OutboxHandoffInterceptor(OutboxHandoff handoff, OutboxSignal signal, TimeProvider time) : SaveChangesInterceptor
{
    /// <summary>What one save is about to store; kept on the context itself (a shared table of contexts needs a lock every turn).</summary>
    internal sealed class Pending
    {
        public readonly List<OutboxMessage> Leased = [];
        public bool Other;
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
        var fastLane = handoff.IsOpen && db.Database.CurrentTransaction is null;
        foreach (var entry in db.ChangeTracker.Entries<OutboxMessage>())
        {
            if (entry.State != EntityState.Added) continue;
            pending ??= db.OutboxPending = new Pending();
            var m = entry.Entity;
            if (fastLane && OutboxHandoff.Suits(m) && m.LockedBy is null)
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
        if (context is not CoordinatorDb { OutboxPending: { } pending } db) return;
        db.OutboxPending = null;
        foreach (var m in pending.Leased) handoff.Hand(m);
        if (pending.Other) signal.Pulse();
    }

    private static void Abandon(DbContext? context)
    {
        if (context is not CoordinatorDb { OutboxPending: { } pending } db) return;
        db.OutboxPending = null;
        // Nothing was stored: if the caller saves again, the rows are judged again.
        foreach (var m in pending.Leased) { m.LockedBy = null; m.LockedUntil = null; }
    }
}
