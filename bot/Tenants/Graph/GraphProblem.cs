using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace TeamsCoordinator.Tenants.Graph;

/// <summary>
/// What went wrong talking to Graph, read off whatever the SDK threw: an <see cref="ApiException"/> (usually an
/// <see cref="ODataError"/>), the retry handler's <see cref="AggregateException"/> once its retries are spent, a
/// network failure or a request timeout. Status null means Graph never answered.
/// </summary>
internal sealed record GraphProblem(int? Status, string? Code, TimeSpan? RetryAfter)
{
    /// <summary>Used for Pending when Graph did not say how long to wait.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromMinutes(1);

    public bool IsTransient => Status is null or 408 or 429 || Status >= 500;
    public bool Is(int status) => Status == status;

    /// <summary>Null when <paramref name="e"/> is not a Graph or transport failure (a bug, or the caller cancelled).</summary>
    public static GraphProblem? From(Exception e, CancellationToken ct) => e switch
    {
        ApiException api => FromApi(api),
        AggregateException many when many.InnerExceptions.OfType<ApiException>().LastOrDefault() is { } last => FromApi(last),
        HttpRequestException => new(null, "network", null),
        OperationCanceledException when !ct.IsCancellationRequested => new(null, "timeout", null),
        _ => null,
    };

    private static GraphProblem FromApi(ApiException api) =>
        new(api.ResponseStatusCode, (api as ODataError)?.Error?.Code, ReadRetryAfter(api.ResponseHeaders));

    internal static TimeSpan? ReadRetryAfter(IDictionary<string, IEnumerable<string>>? headers)
    {
        var value = headers?.FirstOrDefault(h => h.Key.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        if (value is null) return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
        return RetryConditionHeaderValue.TryParse(value, out var parsed) && parsed.Date is { } date
            ? Max(date - DateTimeOffset.UtcNow, TimeSpan.Zero)
            : null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public override string ToString() => $"{Status?.ToString(CultureInfo.InvariantCulture) ?? "no answer"} {Code}";
}
