using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Delivery;

public sealed partial class OutboxDispatcher
{
    /// <summary>
    /// Sends the rows <see cref="OutboxHandoff"/> hands over, without polling or claiming (they were inserted leased to
    /// this instance). Order per conversation holds as in the polling pass:
    /// <list type="bullet">
    /// <item>a row waits for the earlier rows of its conversation that are in flight here (one chain per conversation);</item>
    /// <item>a row whose conversation has an earlier row still to be sent that is not ours in flight (backing off, or
    /// leased by another instance) is released to the polling pass, which sends it after that row; one query per
    /// batch of handed rows finds those;</item>
    /// <item>when a send fails and will be retried, the rest of its chain is released to the polling pass too.</item>
    /// </list>
    /// What was sent is marked in batches (one commit for many rows); a row stays leased until then, so nothing
    /// sends it again meanwhile. If the process dies in between, the lease runs out and the row is sent again: at
    /// least once, as with the polling pass, whose window between send and mark is the same.
    /// </summary>
    private sealed class FastLane(OutboxDispatcher owner, CancellationToken stopping)
    {
        private const int MaxParallelSends = 32;
        private readonly Dictionary<string, Queue<OutboxMessage>> _chains = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<long, byte> _inFlight = new();
        /// <summary>Conversation → generation of its last failed chain; a batch checked before that must not start a new chain there.</summary>
        private readonly ConcurrentDictionary<string, long> _failedAt = new(StringComparer.Ordinal);
        private long _generation;
        private readonly SemaphoreSlim _sends = new(MaxParallelSends);
        private readonly Channel<OutboxMessage> _done = Channel.CreateUnbounded<OutboxMessage>(new UnboundedChannelOptions { SingleReader = true });
        private int _runningChains;

        private ILogger Log => owner.Log;

        public async Task RunAsync()
        {
            var marking = MarkAsync();
            var reader = owner.Handoff.Ready;
            var batch = new List<OutboxMessage>();
            try
            {
                while (await reader.WaitToReadAsync(stopping))
                {
                    batch.Clear();
                    while (batch.Count < 500 && reader.TryRead(out var m)) batch.Add(m);
                    batch.Sort((a, b) => Earlier(a.CreatedAt, a.Id, b.CreatedAt, b.Id) ? -1 : Earlier(b.CreatedAt, b.Id, a.CreatedAt, a.Id) ? 1 : 0);
                    foreach (var m in batch) _inFlight[m.Id] = 0;
                    var since = Interlocked.Read(ref _generation);
                    HashSet<long> blocked;
                    try { blocked = await BlockedAsync(batch); }
                    catch (Exception e) when (!stopping.IsCancellationRequested)
                    {
                        Log.LogWarning(e, "Outbox fast lane could not check {Count} rows; the polling pass sends them", batch.Count);
                        blocked = batch.Select(m => m.Id).ToHashSet();
                    }
                    var release = new List<OutboxMessage>();
                    var start = new List<(string, Queue<OutboxMessage>)>();
                    lock (_chains)
                        foreach (var m in batch)
                        {
                            var key = m.ConversationId!;
                            if (_chains.TryGetValue(key, out var chain)) chain.Enqueue(m);
                            else if (blocked.Contains(m.Id) || _failedAt.TryGetValue(key, out var failed) && failed > since) release.Add(m);
                            else
                            {
                                var queue = new Queue<OutboxMessage>();
                                queue.Enqueue(m);
                                _chains[key] = queue;
                                Interlocked.Increment(ref _runningChains);
                                start.Add((key, queue));
                            }
                        }
                    // Started here, not on another thread: each runs until its send awaits the network (one hop less per reply).
                    foreach (var (key, queue) in start) _ = RunChainAsync(key, queue);
                    if (release.Count > 0) await ReleaseAsync(release);
                    foreach (var (key, generation) in _failedAt)
                        if (generation <= since) _failedAt.TryRemove(new KeyValuePair<string, long>(key, generation));
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
            finally
            {
                // Let the chains finish their current send and the marks be written; unsent rows keep their lease
                // and are sent by whichever instance polls after it runs out.
                while (Volatile.Read(ref _runningChains) > 0) await Task.Delay(10, CancellationToken.None);
                _done.Writer.TryComplete();
                await marking;
            }
        }

        /// <summary>
        /// Rows of the batch whose conversation has an earlier row to be sent that is not in flight here (earlier as
        /// enqueued: another instance's row may have a higher id, <see cref="Earlier"/>).
        /// </summary>
        private async Task<HashSet<long>> BlockedAsync(List<OutboxMessage> batch)
        {
            var conversations = batch.Select(m => m.ConversationId!).Distinct().ToList();
            var latest = batch.Max(m => m.CreatedAt);
            using var scope = owner.Scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
            var earlier = await db.Outbox.AsNoTracking()
                .Where(o => o.SentAt == null && o.FailedAt == null && o.CreatedAt <= latest && conversations.Contains(o.ConversationId!))
                .Select(o => new { o.Id, o.ConversationId, o.CreatedAt }).ToListAsync(stopping);
            var blocked = new HashSet<long>();
            foreach (var e in earlier)
            {
                if (_inFlight.ContainsKey(e.Id)) continue;
                foreach (var m in batch)
                    if (m.ConversationId == e.ConversationId && Earlier(e.CreatedAt, e.Id, m.CreatedAt, m.Id)) blocked.Add(m.Id);
            }
            return blocked;
        }

        private async Task RunChainAsync(string key, Queue<OutboxMessage> queue)
        {
            var failed = false;
            try
            {
                while (true)
                {
                    var release = new List<OutboxMessage>();
                    OutboxMessage? next = null;
                    lock (_chains)
                    {
                        if (failed) while (queue.TryDequeue(out var m)) release.Add(m);
                        else queue.TryDequeue(out next);
                        if (next is null && release.Count == 0)
                        {
                            // Nothing left: end the chain. A failed chain's conversation stays closed to batches checked before now.
                            if (failed) _failedAt[key] = Interlocked.Increment(ref _generation);
                            _chains.Remove(key);
                            return;
                        }
                    }
                    if (release.Count > 0) { await ReleaseAsync(release); continue; }
                    if (!await SendAsync(next!)) failed = true;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                // Only the database can throw here (sends record their failures); the leases run out and the polling pass takes over.
                Log.LogError(e, "Outbox fast lane stopped for a conversation; its rows are sent after their lease");
                lock (_chains)
                {
                    _failedAt[key] = Interlocked.Increment(ref _generation);
                    while (queue.TryDequeue(out var m)) _inFlight.TryRemove(m.Id, out _);
                    _chains.Remove(key);
                }
            }
            catch (OperationCanceledException)
            {
                // Shutting down: what was not sent keeps its lease and is sent after it, by whichever instance polls then.
                lock (_chains) _chains.Remove(key);
            }
            finally { Interlocked.Decrement(ref _runningChains); }
        }

        /// <summary>Sends one row; true when it is done (it then waits to be marked), false when it was deferred for a retry.</summary>
        private async Task<bool> SendAsync(OutboxMessage m)
        {
            bool done;
            await _sends.WaitAsync(CancellationToken.None);
            try { done = await owner.Sender.AttemptAsync(m, db: null, stopping); }
            finally { _sends.Release(); }
            if (done)
            {
                _done.Writer.TryWrite(m);
                return true;
            }
            // Deferred (or cancelled by shutdown): store the attempt now, the polling pass owns the row from here.
            using var scope = owner.Scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
            MarkOutcome(db, m);
            await db.SaveChangesAsync(CancellationToken.None);
            _inFlight.TryRemove(m.Id, out _);
            owner.Signal.Pulse();
            return false;
        }

        /// <summary>Gives rows back to the polling pass (lease cleared), which sends them in order after what they wait for.</summary>
        private async Task ReleaseAsync(List<OutboxMessage> rows)
        {
            var ids = rows.Select(m => m.Id).ToList();
            await owner.ReleaseAsync(ids, owner.Handoff.Instance, CancellationToken.None);
            foreach (var id in ids) _inFlight.TryRemove(id, out _);
            owner.Signal.Pulse();
        }

        /// <summary>Updates only what an attempt changes (not the activity JSON the row carries).</summary>
        private static void MarkOutcome(CoordinatorDb db, OutboxMessage m)
        {
            var entry = db.Attach(m);
            foreach (var property in Outcome) entry.Property(property).IsModified = true;
        }

        private static readonly string[] Outcome =
        [
            nameof(OutboxMessage.SentAt), nameof(OutboxMessage.FailedAt), nameof(OutboxMessage.Attempts), nameof(OutboxMessage.LastError),
            nameof(OutboxMessage.NextAttemptAt), nameof(OutboxMessage.LockedBy), nameof(OutboxMessage.LockedUntil),
            nameof(OutboxMessage.ResultActivityId), nameof(OutboxMessage.ResultConversationId),
        ];

        /// <summary>Marks done rows in batches: one commit for whatever finished since the last one.</summary>
        private async Task MarkAsync()
        {
            var reader = _done.Reader;
            var batch = new List<OutboxMessage>();
            while (await reader.WaitToReadAsync(CancellationToken.None))
            {
                batch.Clear();
                while (batch.Count < 500 && reader.TryRead(out var m)) batch.Add(m);
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        using var scope = owner.Scopes.CreateScope();
                        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
                        foreach (var m in batch) MarkOutcome(db, m);
                        await db.SaveChangesAsync(CancellationToken.None);
                        break;
                    }
                    catch (Exception e) when (attempt < 5)
                    {
                        Log.LogWarning(e, "Marking {Count} sent outbox rows failed; trying again", batch.Count);
                        await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), CancellationToken.None);
                    }
                    catch (Exception e)
                    {
                        // Still leased: after the lease they are sent again (at least once). Say so loudly.
                        Log.LogError(e, "Could not mark {Count} sent outbox rows; they will be sent again after their lease", batch.Count);
                        break;
                    }
                }
                foreach (var m in batch) _inFlight.TryRemove(m.Id, out _);
            }
        }
    }
}
