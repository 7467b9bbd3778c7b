using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace TeamsCoordinator.Tests.Infrastructure;

/// <summary>One request the bot sent to the Bot Connector, as the fake connector saw it.</summary>
public sealed record ConnectorRequest(HttpMethod Method, Uri Uri, string? Authorization, string? Body)
{
    /// <summary>The path as sent (still escaped), e.g. <c>/emea/v3/conversations/a%3A1/activities</c>.</summary>
    public string Path => Uri.AbsolutePath;
    public string RawPath => Uri.GetComponents(UriComponents.Path | UriComponents.KeepDelimiter, UriFormat.UriEscaped);
    public JsonElement Json => JsonDocument.Parse(Body ?? "null").RootElement;

    /// <summary>The text of the activity sent, or of its first card's first TextBlock.</summary>
    public string? Text => Body is null ? null : ActivityText(Json);

    private static string? ActivityText(JsonElement activity)
    {
        if (activity.ValueKind != JsonValueKind.Object) return null;
        if (activity.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String) return t.GetString();
        if (activity.TryGetProperty("activity", out var inner)) return ActivityText(inner);
        return null;
    }

    public override string ToString() => $"{Method} {Uri} {Body}";
}

/// <summary>
/// Stands in for the Bot Connector (smba.trafficmanager.net, Playground's /_connector): records every request the
/// bot makes and answers 200 with a fresh activity id, unless a test scripted another answer.
/// Plugged in as the primary handler of the ConnectorClient's HttpClient, so the real RetryAfterHandler runs.
/// </summary>
public sealed class FakeConnector : HttpMessageHandler
{
    private readonly ConcurrentQueue<ConnectorRequest> _requests = new();
    private readonly ConcurrentQueue<Func<ConnectorRequest, HttpResponseMessage?>> _script = new();
    private readonly List<Func<ConnectorRequest, HttpResponseMessage?>> _rules = [];
    private int _nextId = 1000;

    public IReadOnlyList<ConnectorRequest> Requests => _requests.ToArray();

    /// <summary>The requests that carried an activity to a conversation (sends, replies, updates), typing indicators excluded.</summary>
    public IReadOnlyList<ConnectorRequest> Messages => Requests.Where(IsMessage).ToArray();

    /// <summary>
    /// The next request that matches <paramref name="when"/> gets this answer, once; requests that do not match pass by.
    /// For tests whose requests go out in parallel, where "the next request" would be whichever came first.
    /// </summary>
    public FakeConnector ThenAnswerFor(Func<ConnectorRequest, bool> when, HttpStatusCode status, TimeSpan? retryAfter = null, string? errorCode = null)
    {
        var used = 0;
        lock (_rules) _rules.Add(r => when(r) && Interlocked.Exchange(ref used, 1) == 0 ? Error(status, retryAfter, errorCode) : null);
        return this;
    }

    /// <summary>The next request (whatever it is) gets this answer; queue several for several requests.</summary>
    public FakeConnector ThenAnswer(HttpStatusCode status, TimeSpan? retryAfter = null, string? errorCode = null)
    {
        _script.Enqueue(_ => Error(status, retryAfter, errorCode));
        return this;
    }

    /// <summary>The next request gets whatever <paramref name="answer"/> builds (headers, bodies a test needs).</summary>
    public FakeConnector ThenRespond(Func<ConnectorRequest, HttpResponseMessage> answer)
    {
        _script.Enqueue(answer);
        return this;
    }

    /// <summary>Every request that matches gets this answer (until the test clears the rules), before the queued ones.</summary>
    public FakeConnector AlwaysAnswer(Func<ConnectorRequest, bool> when, HttpStatusCode status, TimeSpan? retryAfter = null, string? errorCode = null)
    {
        lock (_rules) _rules.Add(r => when(r) ? Error(status, retryAfter, errorCode) : null);
        return this;
    }

    public void ClearRules()
    {
        lock (_rules) _rules.Clear();
        while (_script.TryDequeue(out _)) { }
    }

    /// <summary>Waits until at least <paramref name="count"/> requests matching <paramref name="where"/> arrived; fails with what did arrive.</summary>
    public async Task<IReadOnlyList<ConnectorRequest>> WaitForAsync(int count, Func<ConnectorRequest, bool>? where = null, TimeSpan? timeout = null)
    {
        where ??= _ => true;
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var matching = Requests.Where(where).ToList();
            if (matching.Count >= count) return matching;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Expected {count} connector request(s), got {matching.Count}. All requests:\n" +
                                           string.Join("\n", Requests.Select(r => r.ToString())));
            await Task.Delay(20);
        }
    }

    /// <summary>Waits for <paramref name="count"/> message activities (typing indicators do not count).</summary>
    public Task<IReadOnlyList<ConnectorRequest>> WaitForMessagesAsync(int count, TimeSpan? timeout = null) =>
        WaitForAsync(count, IsMessage, timeout);

    public static bool IsMessage(ConnectorRequest r) =>
        r.Body is not null && r.Json.ValueKind == JsonValueKind.Object && r.Json.TryGetProperty("type", out var t) && t.GetString() == "message";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(ct);
        var recorded = new ConnectorRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body);
        _requests.Enqueue(recorded);

        HttpResponseMessage? scripted = null;
        lock (_rules)
            foreach (var rule in _rules)
                if ((scripted = rule(recorded)) is not null) break;
        if (scripted is null && _script.TryDequeue(out var next)) scripted = next(recorded);
        return scripted ?? Success(recorded);
    }

    private HttpResponseMessage Success(ConnectorRequest r)
    {
        var id = Interlocked.Increment(ref _nextId).ToString();
        if (r.Method == HttpMethod.Delete) return new HttpResponseMessage(HttpStatusCode.OK);
        if (r.Method == HttpMethod.Get && r.Path.EndsWith("/pagedmembers", StringComparison.Ordinal))
            return JsonAnswer(HttpStatusCode.OK, """{"members":[]}""");
        if (r.Method == HttpMethod.Post && r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal))
            return JsonAnswer(HttpStatusCode.Created, $$"""{"id":"a:created-{{id}}","activityId":"{{id}}"}""");
        return JsonAnswer(HttpStatusCode.OK, $$"""{"id":"{{id}}"}""");
    }

    private static HttpResponseMessage Error(HttpStatusCode status, TimeSpan? retryAfter, string? code)
    {
        var response = JsonAnswer(status, $$$"""{"error":{"code":"{{{code ?? status.ToString()}}}","message":"scripted by the test"}}""");
        if (retryAfter is { } delay) response.Headers.RetryAfter = new RetryConditionHeaderValue(delay);
        return response;
    }

    private static HttpResponseMessage JsonAnswer(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    // The HttpClient factory disposes handler chains when it rotates them; this fake lives as long as its host.
    protected override void Dispose(bool disposing) { }
}
