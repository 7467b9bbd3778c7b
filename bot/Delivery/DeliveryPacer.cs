using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace TeamsCoordinator.Delivery;

/// <summary>Section "Delivery": Teams' limits the polling pass keeps to (rate-limit.md: 7 a second per conversation; per app per tenant 50, we default lower).</summary>
public sealed class DeliveryOptions
{
    public double TenantMessagesPerSecond { get; set; } = 30;
    public double ConversationMessagesPerSecond { get; set; } = 7;
    /// <summary>Without a Retry-After, a 429 pauses its tenant this long.</summary>
    public TimeSpan DefaultPause { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>A send that would wait longer than this for its tenant's pause is deferred by the outbox instead (its lease must not run out while it waits).</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// Keeps what the outbox's polling pass sends (digests, notifications, retries) within Teams' limits: sends are spaced
/// per conversation and per tenant, and a 429 pauses its whole tenant for Retry-After, so the other messages waiting
/// for that tenant do not run into the same wall. The turn's fast path (fast lane, direct replies) is not paced: a
/// reply answers one person's one turn, and it pays nothing for this (<see cref="PacingHandler"/> passes it through).
/// Real time, not the business clock: the limits are per real second.
/// </summary>
public sealed class DeliveryPacer(IOptions<DeliveryOptions> options, TimeProvider clock)
{
    private const int MaxConversationLanes = 20_000;
    private static readonly AsyncLocal<PacedSend?> CurrentSend = new();
    private readonly ConcurrentDictionary<string, SendClock> _tenants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lane> _conversations = new(StringComparer.Ordinal);
    private readonly TimeSpan _tenantInterval = TimeSpan.FromSeconds(1 / options.Value.TenantMessagesPerSecond);
    private readonly TimeSpan _conversationInterval = TimeSpan.FromSeconds(1 / options.Value.ConversationMessagesPerSecond);

    internal TimeProvider Clock => clock;

    /// <summary>The paced send of this async flow, if any (what <see cref="PacingHandler"/> looks at).</summary>
    internal static PacedSend? Current => CurrentSend.Value;

    /// <summary>Connector calls made from here on in this async flow (until the calling async method returns) are paced.</summary>
    public static void Enter(string? tenantId, string conversationKey) => CurrentSend.Value = new PacedSend(tenantId, conversationKey);

    /// <summary>Waits for the send's turn; null when it may go now, else how long its tenant stays paused (longer than <see cref="DeliveryOptions.MaxWait"/>).</summary>
    public async ValueTask<TimeSpan?> WaitTurnAsync(PacedSend send, CancellationToken ct)
    {
        if (_conversations.Count > MaxConversationLanes) Prune();
        await WaitAsync(_conversations.GetOrAdd(send.ConversationKey, _ => new Lane(_conversationInterval)), ct);
        if (send.TenantId is not { } t) return null;
        return await TenantClock(t).WaitTurnAsync(clock, options.Value.MaxWait, ct);
    }

    /// <summary>Teams answered 429 for this tenant: nothing more goes there until Retry-After has passed.</summary>
    public void Pause(string tenantId, TimeSpan? retryAfter)
    {
        var tenant = TenantClock(tenantId);
        var until = clock.GetUtcNow() + (retryAfter ?? options.Value.DefaultPause);
        lock (tenant) if (until > tenant.PausedUntil) tenant.PausedUntil = until;
    }

    /// <summary>Until when the tenant is paused (for tests and logs).</summary>
    public DateTimeOffset PausedUntil(string tenantId) => _tenants.TryGetValue(tenantId, out var tenant) ? tenant.PausedUntil : DateTimeOffset.MinValue;

    private SendClock TenantClock(string tenantId) => _tenants.GetOrAdd(tenantId, _ => new SendClock(_tenantInterval));

    /// <summary>A conversation's turns: each send takes the next free slot, 1/7 s after the one before.</summary>
    private async ValueTask WaitAsync(Lane lane, CancellationToken ct)
    {
        TimeSpan wait;
        lock (lane)
        {
            var now = clock.GetUtcNow();
            var slot = Max(now, lane.Next);
            lane.Next = slot + lane.Interval;
            wait = slot - now;
        }
        if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, ct);
    }

    private void Prune()
    {
        var idle = clock.GetUtcNow() - TimeSpan.FromSeconds(1);
        foreach (var (key, lane) in _conversations)
            if (lane.Next < idle) _conversations.TryRemove(key, out _);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed class Lane(TimeSpan interval)
    {
        public readonly TimeSpan Interval = interval;
        public DateTimeOffset Next = DateTimeOffset.MinValue;
    }

    /// <summary>
    /// A tenant's send clock. Its sends leave one at a time, in the order they asked, each 1/rate after the slot of the
    /// one before: Teams counts the requests of any one second, so a second must never hold a bunch. A turn is taken
    /// only when its send actually goes: a send that was late (a stalled machine, a garbage collection, nobody waiting)
    /// starts the clock again from when it went, so the sends after a stall are spaced as before it instead of
    /// catching up with a burst. The next send follows at least half an interval after a late one rather than a
    /// whole one: lateness within that half (a timer never fires exactly) keeps the schedule, or every slot's fraction
    /// of a millisecond would add up to a lower rate. A 429 moves the clock to the end of Retry-After; the count of
    /// the last second's sends stays as a guard.
    /// </summary>
    private sealed class SendClock(TimeSpan interval)
    {
        private readonly SemaphoreSlim _turn = new(1, 1);
        private readonly TimeSpan _leastGap = interval / 2;
        /// <summary>At most this many sends in any second (the rate, at least one): the even spacing's own guard.</summary>
        private readonly int _perSecond = Math.Max(1, (int)Math.Floor(TimeSpan.FromSeconds(1) / interval + 1e-6));
        /// <summary>When the last second's sends went.</summary>
        private readonly Queue<DateTimeOffset> _sent = new();
        private DateTimeOffset _next = DateTimeOffset.MinValue;
        public DateTimeOffset PausedUntil = DateTimeOffset.MinValue;

        public async ValueTask<TimeSpan?> WaitTurnAsync(TimeProvider clock, TimeSpan maxWait, CancellationToken ct)
        {
            await _turn.WaitAsync(ct);
            try
            {
                while (true)
                {
                    TimeSpan wait;
                    lock (this)
                    {
                        var now = clock.GetUtcNow();
                        if (PausedUntil - now > maxWait) return PausedUntil - now;
                        while (_sent.Count > 0 && _sent.Peek() <= now - TimeSpan.FromSeconds(1)) _sent.Dequeue();
                        var slot = Max(_next, PausedUntil);
                        if (_sent.Count >= _perSecond) slot = Max(slot, _sent.Peek() + TimeSpan.FromSeconds(1));
                        if (slot <= now)
                        {
                            _next = Max(slot + interval, now + _leastGap);
                            _sent.Enqueue(now);
                            return null;
                        }
                        wait = slot - now;
                    }
                    // A 429 while this send waits moves its slot: it looks again when it wakes.
                    await Task.Delay(wait, clock, ct);
                }
            }
            finally { _turn.Release(); }
        }
    }
}

/// <summary>A Connector call of the polling pass: to this tenant (when the row knows it) and conversation (or user, for a new chat).</summary>
public sealed record PacedSend(string? TenantId, string ConversationKey);

/// <summary>
/// In the Connector's HttpClient, inside RetryAfterHandler, so every attempt (retries too) takes its turn and every
/// 429 pauses its tenant. Outside a paced send (every turn's reply) it only reads one AsyncLocal.
/// </summary>
public sealed class PacingHandler(DeliveryPacer pacer) : DelegatingHandler
{
    /// <summary>Marks the 429 this handler answers itself when a tenant's pause is too long to wait for (never sent to Teams).</summary>
    public const string PausedHeader = "X-TeamsCoordinator-Tenant-Paused";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
        DeliveryPacer.Current is { } send ? SendPacedAsync(send, request, ct) : base.SendAsync(request, ct);

    private async Task<HttpResponseMessage> SendPacedAsync(PacedSend send, HttpRequestMessage request, CancellationToken ct)
    {
        if (await pacer.WaitTurnAsync(send, ct) is { } paused)
        {
            var wait = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
            {
                RequestMessage = request,
                Content = new StringContent("""{"error":{"code":"TenantPaused","message":"Teams asked this tenant to wait (Retry-After)."}}"""),
            };
            wait.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(paused);
            wait.Headers.Add(PausedHeader, "true");
            return wait;
        }
        var response = await base.SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.TooManyRequests && send.TenantId is { } tenant)
            pacer.Pause(tenant, RetryAfterOf(response));
        return response;
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - pacer.Clock.GetUtcNow() is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero,
        _ => null,
    };
}
