using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TeamsCoordinator.Bench.Load;

/// <summary>
/// The Bot Connector both instances send to, on a loopback port. It answers the calls the bot makes the way the
/// Connector does, and keeps what an auditor needs: every delivery keyed by (method, path, body hash), so a message
/// sent twice shows as a duplicate, and the moment each reply to an activity arrived, so a turn can be timed until
/// its answer reached Teams.
/// </summary>
public sealed class Connector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (int Count, long First, long Last)> _deliveries = new();
    private readonly ConcurrentDictionary<string, string> _answering = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<byte[]>> _replies = new();
    private long _nextId;

    public string ServiceUrl { get; private set; } = "";
    public int Typing;
    /// <summary>Calls this connector does not know (a bot calling a wrong path shows here).</summary>
    public ConcurrentDictionary<string, int> Unknown { get; } = new();

    private Connector(WebApplication app) => _app = app;

    public static async Task<Connector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var connector = new Connector(app);
        // A new chat or channel thread, with its first activity (the Connector answers with both ids).
        app.MapPost("/v3/conversations", async (HttpRequest r) =>
        {
            var body = await BodyAsync(r);
            // Opening a 1:1 chat for the same person always has the same body: only a first activity is a delivery.
            if (JsonNode.Parse(body)?["activity"] is not null) connector.Delivered($"POST /v3/conversations {Convert.ToHexString(SHA256.HashData(body))}");
            var id = Interlocked.Increment(ref connector._nextId);
            return Results.Json(new { id = "a:bench-" + id, activityId = "c-" + id });
        });
        app.MapGet("/v3/conversations/{conversationId}/pagedmembers", () => Results.Json(new { members = Array.Empty<object>() }));
        app.MapPost("/v3/conversations/{conversationId}/activities", (HttpRequest r) => connector.ReceiveAsync(r, null));
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (HttpRequest r, string activityId) => connector.ReceiveAsync(r, activityId));
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (HttpRequest r, string activityId) => connector.ReceiveAsync(r, activityId));
        app.MapDelete("/v3/conversations/{conversationId}/activities/{activityId}", () => Results.Ok());
        app.MapFallback((HttpRequest r) =>
        {
            connector.Unknown.AddOrUpdate($"{r.Method} {r.Path}", 1, (_, n) => n + 1);
            return Results.NotFound();
        });
        await app.StartAsync();
        connector.ServiceUrl = app.Urls.Single().TrimEnd('/') + "/";
        return connector;
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request, string? activityId)
    {
        var body = await BodyAsync(request);
        var (type, replyToId) = TypeAndReplyTo(body);
        if (type == "typing")
        {
            Interlocked.Increment(ref Typing);
            return Results.Json(new { id = "typing" });
        }
        var key = $"{request.Method} {request.Path} {Convert.ToHexString(SHA256.HashData(body))}";
        Delivered(key);
        // The turn this answers: the activity replied to (path), or the replyToId a send to the conversation carries.
        if ((activityId ?? replyToId) is { } turn)
        {
            _answering[key] = turn;
            if (request.Method == "POST") _replies.GetOrAdd(turn, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(body);
        }
        return Results.Json(new { id = "c-" + Interlocked.Increment(ref _nextId) });
    }

    // The two top-level properties the connector needs, read without building the activity's tree (its card can be large).
    private static (string? Type, string? ReplyToId) TypeAndReplyTo(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        string? type = null, replyToId = null;
        reader.Read(); // the activity's {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueTextEquals("type"u8) ? 1 : reader.ValueTextEquals("replyToId"u8) ? 2 : 0;
            reader.Read();
            if (name == 1) type = reader.GetString();
            else if (name == 2) replyToId = reader.GetString();
            else reader.Skip();
        }
        return (type, replyToId);
    }

    private void Delivered(string key)
    {
        var now = Stopwatch.GetTimestamp();
        _deliveries.AddOrUpdate(key, (1, now, now), (_, d) => (d.Count + 1, d.First, now));
    }

    /// <summary>When an instance was killed (Stopwatch timestamp), to tell its in-flight sends from other duplicates.</summary>
    public long KilledAt { get; set; } = long.MaxValue;

    private static async Task<byte[]> BodyAsync(HttpRequest request)
    {
        if (request.ContentLength is { } length)
        {
            var body = new byte[length];
            await request.Body.ReadExactlyAsync(body);
            return body;
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    /// <summary>The first message answering the activity with this id (its JSON); null after the timeout.</summary>
    public async Task<byte[]?> ReplyToAsync(string activityId, TimeSpan timeout)
    {
        var reply = _replies.GetOrAdd(activityId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        try { return await reply.WaitAsync(timeout); }
        catch (TimeoutException) { return null; }
        finally { _replies.TryRemove(activityId, out _); }
    }

    public int Deliveries => _deliveries.Values.Sum(d => d.Count);
    /// <summary>
    /// Messages that arrived more than once: the activity each answered (null when none), and whether the first copy
    /// came before the kill and the last after it (the killed instance sent it and died before marking it sent).
    /// </summary>
    public IReadOnlyList<(string Key, string? Answering, bool AcrossTheKill)> Duplicates =>
        _deliveries.Where(d => d.Value.Count > 1)
            .Select(d => (d.Key, _answering.GetValueOrDefault(d.Key), d.Value.Count == 2 && d.Value.First <= KilledAt && d.Value.Last > KilledAt)).ToList();

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <summary>One bot instance: the Release build in its own process, so that it can be killed as a crash kills it.</summary>
public sealed class BotInstance(string name, Process process, string url)
{
    public string Name => name;
    public string Url => url;
    public Process Process => process;

    public static async Task<BotInstance> StartAsync(string name, string dll, IReadOnlyDictionary<string, string> settings, string logFile)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var psi = new ProcessStartInfo("dotnet", [dll, "--urls", url]) { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in settings) psi.Environment[key.Replace(":", "__")] = value;
        psi.Environment["Bot__PublicBaseUrl"] = url;
        var process = Process.Start(psi)!;
        Children.Track(process);
        var log = new StreamWriter(logFile) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        var until = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited) throw new InvalidOperationException($"{name} exited at start (see {logFile})");
            try
            {
                if ((await http.GetAsync(url + "/readyz")).IsSuccessStatusCode) return new BotInstance(name, process, url + "/api/messages");
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{name} was not ready after 90 s (see {logFile})");
    }

    private TimeSpan _cpu;

    /// <summary>The process's CPU time; after a kill, the last value read before it.</summary>
    public TimeSpan Cpu
    {
        get
        {
            try { if (!Process.HasExited) _cpu = Process.TotalProcessorTime; }
            catch (InvalidOperationException) { } // exited between the two calls
            return _cpu;
        }
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }
}
