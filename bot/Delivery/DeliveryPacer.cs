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
    private readonly ConcurrentDictionary<string, Lane> _tenants = new(StringComparer.Ordinal);
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
        if (await WaitAsync(_conversations.GetOrAdd(send.ConversationKey, _ => new Lane(_conversationInterval)), ct) is { } c) return c;
        if (send.TenantId is not { } t) return null;
        var tenant = _tenants.GetOrAdd(t, _ => new Lane(_tenantInterval));
        if (await WaitAsync(tenant, ct) is { } paused) return paused;
        await WaitForWindowAsync(tenant, ct);
        return null;
    }

    /// <summary>
    /// The turns are spaced by the rate, but a send may leave later than its turn (a loaded machine, a garbage
    /// collection) and then go out close to the ones after it: Teams counts the requests of any one second, so the
    /// tenant's last second of actual sends is counted too, and a send that would make it more than the rate waits.
    /// </summary>
    private async ValueTask WaitForWindowAsync(Lane lane, CancellationToken ct)
    {
        var second = TimeSpan.FromSeconds(1);
        while (true)
        {
            TimeSpan wait;
            lock (lane)
            {
                var now = clock.GetUtcNow();
                while (lane.Sent.Count > 0 && lane.Sent.Peek() <= now - second) lane.Sent.Dequeue();
                if (lane.Sent.Count < lane.PerSecond)
                {
                    lane.Sent.Enqueue(now);
                    return;
                }
                wait = lane.Sent.Peek() + second - now;
            }
            await Task.Delay(wait, clock, ct);
        }
    }

    /// <summary>Teams answered 429 for this tenant: nothing more goes there until Retry-After has passed.</summary>
    public void Pause(string tenantId, TimeSpan? retryAfter)
    {
        var lane = _tenants.GetOrAdd(tenantId, _ => new Lane(_tenantInterval));
        var until = clock.GetUtcNow() + (retryAfter ?? options.Value.DefaultPause);
        lock (lane) if (until > lane.PausedUntil) lane.PausedUntil = until;
    }

    /// <summary>Until when the tenant is paused (for tests and logs).</summary>
    public DateTimeOffset PausedUntil(string tenantId) => _tenants.TryGetValue(tenantId, out var lane) ? lane.PausedUntil : DateTimeOffset.MinValue;

    private async ValueTask<TimeSpan?> WaitAsync(Lane lane, CancellationToken ct)
    {
        while (true)
        {
            DateTimeOffset slot;
            TimeSpan wait;
            lock (lane)
            {
                var now = clock.GetUtcNow();
                if (lane.PausedUntil - now > options.Value.MaxWait) return lane.PausedUntil - now;
                slot = Max(now, Max(lane.Next, lane.PausedUntil));
                lane.Next = slot + lane.Interval;
                wait = slot - now;
            }
            if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, ct);
            // A 429 while this send waited: it queues again behind the pause.
            lock (lane) if (lane.PausedUntil <= slot) return null;
        }
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
        /// <summary>At most this many sends in any second (the rate, at least one).</summary>
        public readonly int PerSecond = Math.Max(1, (int)Math.Floor(TimeSpan.FromSeconds(1) / interval + 1e-6));
        /// <summary>When the last second's sends actually went (tenant lanes only).</summary>
        public readonly Queue<DateTimeOffset> Sent = new();
        public DateTimeOffset Next = DateTimeOffset.MinValue;
        public DateTimeOffset PausedUntil = DateTimeOffset.MinValue;
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
