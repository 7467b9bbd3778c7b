using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Delivery;

/// <summary>
/// Sends the replies of a turn that changed nothing (help, an unknown command, a card that only opens a form) straight
/// from the turn, without storing them; only a reply whose send fails, or that cannot be sent now (shutting down,
/// an earlier message of its conversation still to be sent), is written to the outbox, to be retried from there.
/// <para>
/// Why this loses nothing the outbox keeps: the outbox promises that a message a turn decided to send is not lost
/// when Teams or the network fails, and that promise holds (a failed send is stored and retried like any row). It
/// never covered a crash during the turn: Teams got its 202 before the turn ran, so a crash before the commit loses
/// a state-changing turn's answer together with its change, and a crash before the direct send loses a read-only
/// turn's answer in the same way; there was nothing durable to lose. What a state-changing turn answers still goes
/// in its own transaction (<see cref="Outbox"/>), because there the answer must survive exactly when the change does.
/// </para>
/// Order per conversation holds: a reply goes directly only when its conversation has no unsent outbox row at all
/// (<see cref="ClearConversations"/>), and the turns of one conversation run one after another (TurnLanes), so a
/// later turn's reply, direct or stored, comes after this one is sent or stored.
/// </summary>
public sealed class DirectReplies(OutboxHandoff handoff, ClearConversations clear, OutboxSender sender, TimeProvider time, ILogger<DirectReplies> log)
{
    /// <summary>
    /// A direct send holds its turn's lane; past this it is stored and retried like any outbox row. As long as the
    /// Connector client's own timeout allows (30 s, less a margin): a send cut short may still have arrived, and its
    /// retry is then a second copy (bench/load at overload: 22 such with 5 s), as a send that really failed is not.
    /// </summary>
    internal static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(25);

    private static readonly TimeSpan RememberAnswered = TimeSpan.FromMinutes(10);
    private const int MaxAnswered = 50_000;
    /// <summary>Idempotency keys answered directly (no row carries them): a redelivered activity is answered once on this instance.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> _answered = new(StringComparer.Ordinal);
    /// <summary>Keys added since the last clear (ConcurrentDictionary.Count takes all its locks: too dear on every turn).</summary>
    private int _answeredAdded;
    private SharedDeadline? _deadline;

    public enum Result
    {
        /// <summary>Not a read-only turn's replies (or nothing to send): save as usual.</summary>
        NotDirect,
        /// <summary>All sent (or already answered): nothing left to save.</summary>
        Sent,
        /// <summary>A send failed or could not be tried: what is left must be saved now, whatever the turn's token says.</summary>
        Store,
    }

    /// <summary>
    /// Sends the replies the context holds unsaved (<see cref="CoordinatorDb.UnsavedReplies"/>) if they are all a turn
    /// has to save and they may go directly. Sent ones are dropped; the first that fails keeps its attempt (and is
    /// stored and retried from the outbox), with the rest behind it.
    /// <para>
    /// A read whose only change is its audit rows (status in a forløb's channel, a form) is read-only for this purpose:
    /// the audit rows are saved first, on their own, and then the answer goes directly. So the access is on record
    /// before the data leaves, and the read saves no outbox row, no transaction and no mark for an answer nothing else
    /// depends on (a `status` in bench/load: 5 of its 11 statements were for the reply's outbox row).
    /// </para>
    /// </summary>
    public async Task<Result> TrySendAsync(CoordinatorDb db, CancellationToken ct)
    {
        if (!handoff.IsOpen || db.Database.CurrentTransaction is not null) return Result.NotDirect;
        if (db.UnsavedReplies is not { Count: > 0 } replies) return Result.NotDirect;
        var audited = db.ChangeTracker.HasChanges();
        if (audited && !OnlyAuditRowsAdded(db)) return Result.NotDirect;
        var conversationId = replies[0].ConversationId!;
        foreach (var m in replies)
            if (!Suits(m) || m.ConversationId != conversationId) return Result.NotDirect;
        if (!await clear.IsClearAsync(db, conversationId, ct)) return Result.NotDirect;
        var now = time.GetUtcNow();
        // The access on record first; a delivery of the same activity answered already here reads nothing new.
        if (audited && !replies.TrueForAll(m => _answered.TryGetValue(m.IdempotencyKey, out var at) && now - at < RememberAnswered))
            await db.SaveKeepingRepliesUnsavedAsync(ct);

        var done = 0;
        for (; done < replies.Count; done++)
        {
            var m = replies[done];
            if (_answered.TryGetValue(m.IdempotencyKey, out var at) && now - at < RememberAnswered)
            {
                log.LogInformation("Duplicate delivery ignored: reply {Key} was answered already", m.IdempotencyKey);
                continue;
            }
            if (Interlocked.Increment(ref _answeredAdded) > MaxAnswered)
            {
                // A crude bound: forgetting costs at most a second answer to an activity Teams delivers twice.
                Interlocked.Exchange(ref _answeredAdded, 0);
                _answered.Clear();
            }
            _answered[m.IdempotencyKey] = now;
            if (!await AttemptAsync(m, ct)) break; // it and those behind it are stored untouched, sent after it
        }
        replies.RemoveRange(0, done);
        return replies.Count > 0 ? Result.Store : Result.Sent;
    }

    private static bool OnlyAuditRowsAdded(CoordinatorDb db)
    {
        var added = false;
        foreach (var e in db.ChangeTracker.Entries())
        {
            if (e.State is EntityState.Unchanged or EntityState.Detached) continue;
            if (e.State != EntityState.Added || e.Entity is not Cases.AuditEntry) return false;
            added = true;
        }
        return added;
    }

    /// <summary>Plain sends to a known conversation that no later row refers to (an update finds its target by CorrelationKey in the table).</summary>
    private static bool Suits(OutboxMessage m) =>
        OutboxHandoff.Suits(m) && m.CorrelationKey is null && m.Attempts == 0 && m.LockedBy is null;

    /// <summary>True when sent; false leaves the message to be stored (its attempt recorded, or untouched when shutting down).</summary>
    private async Task<bool> AttemptAsync(OutboxMessage m, CancellationToken ct)
    {
        try
        {
            // Not linked to ct: a send under way when the host stops may finish (within SendTimeout); one that has not
            // started is stored (the caller's handoff check).
            await sender.AttemptAsync(m, db: null, Deadline());
            // Refused for good: stored with its reason, as the dispatcher keeps such rows.
            return m.SentAt is not null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            m.Attempts++;
            sender.Defer(m, OutboxSender.Backoff(m.Attempts), $"direct send took longer than {SendTimeout.TotalSeconds:0} s");
            return false;
        }
        catch (OperationCanceledException)
        {
            return false; // shutting down: stored unsent, sent by the next start (or another instance)
        }
    }

    /// <summary>
    /// A token cancelled <see cref="SendTimeout"/> (at most a quarter of a second less) from now, shared by the sends
    /// that start in the same quarter second: one timer for many sends (a timer per send queued on the timer lock).
    /// </summary>
    private CancellationToken Deadline()
    {
        var now = Environment.TickCount64;
        var current = Volatile.Read(ref _deadline);
        if (current is not null && now - current.Started < 250) return current.Token;
        var next = new SharedDeadline(now, SendTimeout);
        var won = Interlocked.CompareExchange(ref _deadline, next, current);
        if (won == current) return next.Token;
        next.Dispose();
        return won!.Token;
    }

    private sealed class SharedDeadline : IDisposable
    {
        private readonly CancellationTokenSource _cts;

        public SharedDeadline(long started, TimeSpan timeout)
        {
            Started = started;
            _cts = new CancellationTokenSource(timeout);
        }

        public long Started { get; }
        public CancellationToken Token => _cts.Token;
        public void Dispose() => _cts.Dispose();
    }
}

/// <summary>
/// Conversations known to have no unsent outbox row, so that a reply can be sent directly without overtaking an
/// earlier message. Known per chat or channel, not per channel thread: every @mention that starts a post in a channel
/// is a conversation of its own (<c>19:…@thread.tacv2;messageid=…</c>), so a per-thread entry would never be asked
/// twice. A channel is asked about once (one index lookup for the unsent rows of all its threads) and then stays clear
/// in memory until this instance commits an outbox row for any of its threads. That is enough with SQLite, where this
/// instance is the only writer; with PostgreSQL other instances write rows we would not hear of, so there every
/// question goes to the database, for the thread itself.
/// </summary>
public sealed class ClearConversations(bool onlyWriter)
{
    private const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<string, byte> _clear = new(StringComparer.Ordinal);
    private long _version;

    public async Task<bool> IsClearAsync(CoordinatorDb db, string conversationId, CancellationToken ct)
    {
        if (!onlyWriter)
            return !await db.Outbox.AnyAsync(m => m.ConversationId == conversationId && m.SentAt == null && m.FailedAt == null, ct);
        var chat = ConversationIds.WithoutThread(conversationId);
        if (_clear.ContainsKey(chat)) return true;
        var seen = Interlocked.Read(ref _version);
        var threads = chat + ";";
        // The chat itself and every thread of it (a LIKE prefix in SQLite: may match more, never less, which only means "ask again").
        var unsent = await db.Outbox.Where(m => m.SentAt == null && m.FailedAt == null &&
                (m.ConversationId == chat || m.ConversationId!.StartsWith(threads)))
            .Select(m => m.ConversationId).Distinct().ToListAsync(ct);
        if (unsent.Count > 0) return !unsent.Contains(conversationId, StringComparer.Ordinal);
        if (_clear.Count >= MaxEntries) _clear.Clear();
        _clear[chat] = 0;
        // A row committed while we asked: its invalidation may have come before the entry above; take the entry back.
        if (Interlocked.Read(ref _version) != seen) _clear.TryRemove(chat, out _);
        return true;
    }

    /// <summary>An outbox row for the conversation was (or is about to be) committed: ask the database next time, for all of its chat or channel.</summary>
    public void Invalidate(string conversationId)
    {
        Interlocked.Increment(ref _version);
        _clear.TryRemove(ConversationIds.WithoutThread(conversationId), out _);
    }
}

/// <summary>
/// Counts the writes a context makes (saves, and ExecuteUpdate/ExecuteDelete, which bypass SaveChanges), so a turn
/// can tell whether it wrote anything of its own (<see cref="CoordinatorDb.Writes"/>).
/// </summary>
public sealed class WriteCounter : DbCommandInterceptor
{
    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Count(eventData.Context);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken ct = default)
    {
        Count(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Count(DbContext? context)
    {
        if (context is CoordinatorDb db) db.Writes++;
    }
}
