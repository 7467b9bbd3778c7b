using System.Net;
using System.Text;
using System.Web;

namespace TeamsCoordinator.Tests.Tenants.Graph;

/// <summary>
/// Microsoft Graph for a test: the Graph SDK's final handler (below its retry, redirect and other middleware).
/// It expects the given contracts in order, answers each one as recorded, and keeps every request it saw.
/// A request that does not match the next contract fails the test there (the code under test lets test failures through).
/// </summary>
public sealed class FakeGraph : HttpMessageHandler
{
    private readonly Queue<GraphContract> expected = new();
    private readonly List<string> mismatches = [];
    private readonly object gate = new();

    public FakeGraph(params string[] contracts)
    {
        foreach (var contract in contracts.Select(GraphContract.Load))
            for (var i = 0; i < contract.Times; i++) expected.Enqueue(contract);
    }

    public List<RecordedRequest> Requests { get; } = [];

    public sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string Body, byte[] Bytes)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var bytes = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(ct);
        var body = Encoding.UTF8.GetString(bytes);
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        GraphContract? contract;
        lock (gate)
        {
            Requests.Add(new RecordedRequest(request.Method.Method, request.RequestUri!, headers, body, bytes));
            expected.TryDequeue(out contract);
        }
        var problem = contract is null ? "no more requests were expected" : Mismatch(contract, request, headers, body, bytes);
        if (problem is not null)
        {
            var message = $"{request.Method} {request.RequestUri}: {problem}";
            lock (gate) mismatches.Add(message);
            Assert.Fail(message);
        }
        return Answer(contract!, request);
    }

    private static string? Mismatch(GraphContract contract, HttpRequestMessage request, Dictionary<string, string> headers, string body, byte[] bytes)
    {
        var uri = request.RequestUri!;
        if (request.Method.Method != contract.Method) return $"method {request.Method}, contract {contract.Name} expects {contract.Method}";
        if (uri.Host != contract.Host) return $"host {uri.Host}, contract {contract.Name} expects {contract.Host}";
        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        if (path != contract.Path) return $"path {path}, contract {contract.Name} expects {contract.Path}";
        var query = HttpUtility.ParseQueryString(uri.Query);
        var actualQuery = query.AllKeys.OfType<string>().ToDictionary(k => k, k => query[k]!);
        if (actualQuery.Count != contract.Query.Count || contract.Query.Any(q => !actualQuery.TryGetValue(q.Key, out var v) || v != q.Value))
            return $"query {string.Join("&", actualQuery.Select(q => $"{q.Key}={q.Value}"))}, contract {contract.Name} expects {string.Join("&", contract.Query.Select(q => $"{q.Key}={q.Value}"))}";
        var token = headers.GetValueOrDefault("Authorization");
        if (contract.Tenant is null ? token is not null : token != $"Bearer {GraphTestBed.TokenFor(contract.Tenant)}")
            return $"sent with '{token}', contract {contract.Name} expects {(contract.Tenant is null ? "no token" : $"a token for tenant {contract.Tenant}")}";
        foreach (var (name, value) in contract.RequestHeaders)
            if (headers.GetValueOrDefault(name) != value) return $"header {name} is '{headers.GetValueOrDefault(name)}', contract {contract.Name} expects '{value}'";
        // A Word package is a zip archive: its local file header "PK\x03\x04" first.
        if (contract.AnyBytes) return null;
        if (contract.DocxBody)
            return bytes is [0x50, 0x4B, 0x03, 0x04, ..] ? null : $"body is not a Word package ({bytes.Length} bytes), contract {contract.Name} expects one";
        var difference = GraphContract.Difference(contract.RequestBody, GraphContract.ParseBody(body));
        return difference is null ? null : $"body differs from contract {contract.Name}: {difference}; sent {body}";
    }

    private static HttpResponseMessage Answer(GraphContract contract, HttpRequestMessage request)
    {
        var response = new HttpResponseMessage((HttpStatusCode)contract.Status)
        {
            RequestMessage = request,
            Content = new StringContent(contract.ResponseBody?.ToJsonString() ?? "", Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in contract.ResponseHeaders)
            if (!response.Headers.TryAddWithoutValidation(name, value)) response.Content.Headers.TryAddWithoutValidation(name, value);
        return response;
    }

    /// <summary>Every contract was used, in order, and nothing else was asked.</summary>
    public void AssertAllServed()
    {
        lock (gate)
        {
            var left = expected.Select(c => c.Name).ToList();
            if (mismatches.Count > 0 || left.Count > 0)
                Assert.Fail(string.Join(Environment.NewLine, mismatches.Concat(left.Select(n => $"contract {n} was never requested"))));
        }
    }
}
