using System.Net;

namespace TeamsCoordinator.BotFramework;

/// <summary>
/// Retries transient answers (<see cref="IsTransient"/>) a few times, waiting what Retry-After says (capped), else an
/// exponential backoff with jitter, as the Teams rate-limit guidance asks. What still fails is left to the durable outbox.
/// </summary>
public sealed class RetryAfterHandler(TimeProvider time) : DelegatingHandler
{
    public int MaxRetries { get; init; } = 3;
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>First wait when the answer has no Retry-After; doubled on each retry, ±20 % jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        // An array (ConnectorClient's bodies, StringContent) can be sent again as it is; other content is buffered first.
        var resendable = request.Content is null or ByteArrayContent;
        byte[]? body = resendable ? null : await request.Content!.ReadAsByteArrayAsync(ct);
        var contentHeaders = resendable ? null : request.Content!.Headers.ToList();
        for (var attempt = 0; ; attempt++)
        {
            var response = await base.SendAsync(request, ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) BotTelemetry.CountThrottled("connector");
            if (attempt >= MaxRetries || !IsTransient(response.StatusCode)) return response;

            var delay = DelayFor(response, attempt);
            if (delay > MaxDelay) return response; // the service asks for longer than a turn can wait: outbox retries later
            response.Dispose();
            await Task.Delay(delay, time, ct);
            if (body is not null)
            {
                // Content is consumed by the first send; send the same bytes again.
                request.Content = new ByteArrayContent(body);
                foreach (var h in contentHeaders!) request.Content.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }
        }
    }

    /// <summary>
    /// Worth sending again. Microsoft's Teams rate-limit page (bots/how-to/rate-limit.md, PROTOCOL.md §3.4): retry 429
    /// and "also 412, 502 and 504". 500 and 503 are passing trouble on the service's side too (503 is temporary by
    /// definition and may carry Retry-After). The other 5xx (501 Not Implemented, 505 HTTP Version Not Supported,
    /// 507, 508, 510, 511) say this request cannot succeed as sent: retrying only repeats it.
    /// </summary>
    public static bool IsTransient(HttpStatusCode status) => (int)status is 412 or 429 or 500 or 502 or 503 or 504;

    internal TimeSpan DelayFor(HttpResponseMessage response, int attempt)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta) return delta;
        if (retryAfter?.Date is { } date) return Max(date - time.GetUtcNow(), TimeSpan.Zero);
        var baseMs = BaseDelay.TotalMilliseconds * Math.Pow(2, attempt);
        return TimeSpan.FromMilliseconds(baseMs * (0.8 + Random.Shared.NextDouble() * 0.4));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <summary>An HTTP answer the Connector gave after retries: kept with its status so the outbox can decide.</summary>
public sealed class ConnectorException(HttpStatusCode status, string? code, string message, TimeSpan? retryAfter)
    : Exception($"Connector answered {(int)status} {code}: {message}")
{
    public HttpStatusCode Status { get; } = status;
    public string? Code { get; } = code;
    public TimeSpan? RetryAfter { get; } = retryAfter;
    /// <summary>Worth trying again later (throttling, server trouble); 4xx otherwise means the request itself is wrong.</summary>
    public bool IsTransient => RetryAfterHandler.IsTransient(Status);
}
