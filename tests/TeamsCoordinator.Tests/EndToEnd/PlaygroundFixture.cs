using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TeamsCoordinator.Tests.EndToEnd;

/// <summary>A person in the Playground's fixed directory. <see cref="PlaygroundFixture.Users"/>[0] is the signed-in user.</summary>
public sealed record PlaygroundUser(string Id, string Name, string AadObjectId, string Email);

/// <summary>What the user's message became in Playground: the thread (channel) or chat the bot answers in.</summary>
public sealed record SentMessage(string ConversationId, string? MessageId);

/// <summary>One call the bot made to Playground's mock Connector (a message, an update of a card, a typing indicator).</summary>
public sealed record BotMessage(int Sequence, string ConversationId, string Method, string Url, string? ActivityId, JsonElement Activity)
{
    public string? Type => Activity.TryGetProperty("type", out var t) ? t.GetString() : null;
    public string? Text => Activity.TryGetProperty("text", out var t) ? t.GetString() : null;
    public string? ReplyToId => Activity.TryGetProperty("replyToId", out var t) ? t.GetString() : null;
    public bool IsUpdate => Method == "PUT";

    /// <summary>The first Adaptive Card attached, if any.</summary>
    public JsonElement? Card =>
        Activity.TryGetProperty("attachments", out var attachments)
            ? attachments.EnumerateArray()
                .Where(a => a.GetProperty("contentType").GetString() == "application/vnd.microsoft.card.adaptive")
                .Select(a => (JsonElement?)a.GetProperty("content")).FirstOrDefault()
            : null;

    /// <summary>All TextBlock texts of the card, in order (what a person reads).</summary>
    public IReadOnlyList<string> CardTexts => Card is { } card ? Texts(card).ToList() : [];

    private static IEnumerable<string> Texts(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            if (e.TryGetProperty("type", out var type) && type.GetString() == "TextBlock" && e.TryGetProperty("text", out var text))
                yield return text.GetString()!;
            foreach (var p in e.EnumerateObject())
                foreach (var t in Texts(p.Value)) yield return t;
        }
        else if (e.ValueKind == JsonValueKind.Array)
            foreach (var item in e.EnumerateArray())
                foreach (var t in Texts(item)) yield return t;
    }
}

/// <summary>
/// The bot (in-process, on Kestrel, loopback, a free port, a fresh SQLite folder, anonymous development mode)
/// talking to the real Microsoft 365 Agents Playground 0.2.28 (headless, on a free port), with fixed ids.
/// Tests act as users through Playground's own conversation endpoints and read what reached the conversation
/// from Playground's events recording. One instance serves a whole test collection ("Playground").
/// </summary>
public sealed class PlaygroundFixture : IAsyncLifetime
{
    public const string BotId = "00000000-0000-0000-0000-000000000011";
    public const string BotName = "Koordinator";
    public const string TenantId = "00000000-0000-0000-0000-000000000001";
    public const string PersonalChat = "personal-chat-id";
    public const string GroupChat = "group-chat-id";
    public const string TeamId = "team-id";
    public const string TeamName = "Psykiatri Nord";
    /// <summary>The team's channel for a citizen's forløb (Playground also has the team's General channel, id = team id).</summary>
    public const string Channel = "channel-forloeb-id";
    public const string ChannelName = "Forløb AB";

    /// <summary>
    /// The people of tests/e2e/playground.yml (the config this fixture and ./run-bot.sh give Playground), who are
    /// the embedded demo directory's people (bot/Tenants/DemoTenants.cs): same Entra object ids, so the bot knows
    /// them and a forløb can have them as members. Start-up checks Playground loaded exactly these.
    /// </summary>
    public static readonly IReadOnlyList<PlaygroundUser> Users =
    [
        new("user-id-0", "Mette Kjær", "00000000-0000-4000-8000-00000000a001", "mette.kjaer@rn.example"),
        new("user-id-1", "Lars Nielsen", "00000000-0000-4000-8000-00000000b001", "lars.nielsen@aalborg.example"),
        new("user-id-2", "Camilla Berg", "00000000-0000-4000-8000-00000000b002", "camilla.berg@aalborg.example"),
        new("user-id-3", "Jonas Holm", "00000000-0000-4000-8000-00000000a002", "jonas.holm@rn.example"),
        new("user-id-4", "Peter Damgaard", "00000000-0000-4000-8000-00000000c001", "peter.damgaard@bronderslev.example"),
        new("user-id-5", "Sofie Lund", "00000000-0000-4000-8000-00000000a003", "sofie.lund@rn.example"),
    ];

    public static PlaygroundUser CurrentUser => Users[0];

    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("playground-");
    private readonly CapturedLogs _botLogs = new();
    private readonly StringBuilder _playgroundOutput = new();
    private WebApplicationFactory<Program>? _bot;
    private Process? _playground;
    private HttpClient _http = new();

    /// <summary>Azure OpenAI as the bot is configured to reach it (drafting on for the region, Mette's organisation).</summary>
    public Drafting.FakeAzureOpenAi Model { get; private set; } = null!;
    public Uri BotEndpoint { get; private set; } = null!;
    public Uri PlaygroundUrl { get; private set; } = null!;
    /// <summary>The bot's services (its database, options) for assertions behind the conversation.</summary>
    public IServiceProvider BotServices => _bot!.Services;
    private string RecordingFile => Path.Combine(_work.FullName, "recording.txt");
    private string PlaygroundLog => Path.Combine(_work.FullName, "playground.log");

    public async Task InitializeAsync()
    {
        var node = ExternalTools.RequireNode();
        ExternalTools.RequireE2ePackages();
        try
        {
            Model = await Drafting.FakeAzureOpenAi.StartAsync();
            StartBot();
            await StartPlaygroundAsync(node);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private void StartBot()
    {
        var data = Directory.CreateDirectory(Path.Combine(_work.FullName, "bot-data")).FullName;
        _bot = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("urls", "http://127.0.0.1:0");
            b.UseSetting("Bot:AllowAnonymous", "true");
            b.UseSetting("Storage:DataFolder", data);
            foreach (var (key, value) in Drafting.DraftingScenario.Settings(Model)) b.UseSetting(key, value);
            b.ConfigureLogging(l => l.AddProvider(_botLogs));
        });
        _bot.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _bot.StartServer();
        var address = _bot.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BotEndpoint = new Uri(new Uri(address), "/api/messages");
    }

    private async Task StartPlaygroundAsync(string node)
    {
        // The same config as ./run-bot.sh: what the tests drive is what a developer sees.
        var config = Path.Combine(ExternalTools.E2eFolder, "playground.yml");
        var cli = Path.Combine(ExternalTools.E2eFolder, "node_modules", "@microsoft", "m365agentsplayground", "cli.js");
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = _work.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Port 0: Playground takes a free port and prints it; 56150 stays free for ./run-bot.sh.
        foreach (var a in new[] { cli, "start", "-e", BotEndpoint.ToString(), "-c", "msteams", "--disable-telemetry", "-p", "0" })
            start.ArgumentList.Add(a);
        start.Environment["TEAMSAPPTESTER_BROWSER"] = "none";
        start.Environment["M365_AGENTS_PLAYGROUND_CONFIG_PATH"] = config;
        start.Environment["M365_AGENTS_PLAYGROUND_ENABLE_EVENTS_RECORDING"] = "true";
        start.Environment["M365_AGENTS_PLAYGROUND_RECORDING_FILE"] = RecordingFile;
        start.Environment["M365_AGENTS_PLAYGROUND_LOGFILE"] = PlaygroundLog;

        var port = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _playground = Process.Start(start) ?? throw new InvalidOperationException("could not start Agents Playground");
        AppDomain.CurrentDomain.ProcessExit += KillPlayground; // even if the test host dies before DisposeAsync
        _playground.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_playgroundOutput) _playgroundOutput.AppendLine(e.Data);
            if (e.Data.StartsWith("Listening on ", StringComparison.Ordinal) && int.TryParse(e.Data["Listening on ".Length..].Trim(), out var p))
                port.TrySetResult(p);
        };
        _playground.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_playgroundOutput) _playgroundOutput.AppendLine(e.Data); };
        _playground.Exited += (_, _) => port.TrySetException(new InvalidOperationException($"Agents Playground exited early:\n{PlaygroundOutput}"));
        _playground.EnableRaisingEvents = true;
        _playground.BeginOutputReadLine();
        _playground.BeginErrorReadLine();

        var listening = await port.Task.WaitAsync(TimeSpan.FromSeconds(60));
        PlaygroundUrl = new Uri($"http://127.0.0.1:{listening}/");
        _http = new HttpClient { BaseAddress = PlaygroundUrl, Timeout = TimeSpan.FromSeconds(60) };
        // The config endpoint answers once Playground has reached the bot; it also shows the config was accepted
        // (an invalid config makes Playground fall back silently, so check our ids are the ones in use).
        var effective = await _http.GetFromJsonAsync<JsonElement>("_internal/v1/config");
        var loaded = effective.GetProperty("config");
        var bot = loaded.GetProperty("bot").GetProperty("id").GetString();
        if (bot != BotId)
            throw new InvalidOperationException($"Agents Playground did not load {config} (bot id {bot}):\n{PlaygroundOutput}\n{Tail(PlaygroundLog)}");
        var people = new[] { loaded.GetProperty("currentUser") }.Concat(loaded.GetProperty("users").EnumerateArray())
            .Select(u => new PlaygroundUser(u.GetProperty("id").GetString()!, u.GetProperty("name").GetString()!,
                u.GetProperty("aadObjectId").GetString()!, u.GetProperty("email").GetString()!)).ToList();
        if (!people.SequenceEqual(Users))
            throw new InvalidOperationException($"{config} and PlaygroundFixture.Users differ: change both together.\n{string.Join("\n", people)}");
    }

    public async Task DisposeAsync()
    {
        KillPlayground(null, EventArgs.Empty);
        AppDomain.CurrentDomain.ProcessExit -= KillPlayground;
        _http.Dispose();
        if (_bot is not null) await _bot.DisposeAsync();
        if (Model is not null) await Model.DisposeAsync();
        try { _work.Delete(recursive: true); } catch (IOException) { /* a log still being flushed; the OS temp cleaner takes it */ }
    }

    private void KillPlayground(object? sender, EventArgs e)
    {
        try
        {
            if (_playground is { HasExited: false }) _playground.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { /* already gone */ }
    }

    /// <summary>A position in the conversation record: pass it to the wait methods to see only what came after.</summary>
    public int Mark() => ReadRecording().Count;

    /// <summary>
    /// The signed-in user (<see cref="CurrentUser"/>) posts <paramref name="text"/>. In a channel or group chat the
    /// bot is @mentioned first (Playground only forwards messages that mention the bot there). A channel post
    /// starts a thread; the result names the thread the bot answers in.
    /// </summary>
    public async Task<SentMessage> SendAsync(string conversationId, string text)
    {
        var mention = conversationId != PersonalChat;
        var body = new JsonObject
        {
            ["from"] = new JsonObject { ["id"] = CurrentUser.Id },
            ["text"] = mention ? $"<at>{BotName}</at> {text}" : text,
            ["textFormat"] = "plain",
        };
        if (mention)
            body["mentions"] = new JsonArray(new JsonObject
            {
                ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = BotName },
                ["text"] = $"<at>{BotName}</at>",
            });
        var response = await _http.PostAsJsonAsync($"_conversation/v1/conversations/{Uri.EscapeDataString(conversationId)}/messages", body);
        var answer = await EnsureSuccessAsync(response);
        var thread = answer.TryGetProperty("postConversationId", out var p) ? p.GetString() : null;
        return new SentMessage(thread ?? conversationId, answer.TryGetProperty("messageId", out var m) ? m.GetString() : null);
    }

    /// <summary>
    /// Another user posts in a chat or channel thread. Playground's message endpoint always speaks as the signed-in
    /// user, so this sends the activity through its custom-activity endpoint, shaped as Playground shapes its own.
    /// </summary>
    public async Task<SentMessage> SendAsAsync(PlaygroundUser user, string conversationId, string text)
    {
        var isChannel = conversationId.StartsWith(Channel, StringComparison.Ordinal) || conversationId.StartsWith(TeamId, StringComparison.Ordinal);
        var isGroup = conversationId != PersonalChat;
        var id = Guid.NewGuid().ToString();
        if (isChannel && !conversationId.Contains(";messageid=", StringComparison.Ordinal)) conversationId += $";messageid={id}";
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = id,
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["channelId"] = "msteams",
            ["serviceUrl"] = new Uri(PlaygroundUrl, "_connector").ToString().Replace("127.0.0.1", "localhost"),
            ["from"] = new JsonObject { ["id"] = user.Id, ["name"] = user.Name, ["aadObjectId"] = user.AadObjectId },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = BotName },
            ["conversation"] = new JsonObject
            {
                ["id"] = conversationId,
                ["conversationType"] = isChannel ? "channel" : isGroup ? "groupChat" : "personal",
                ["isGroup"] = isGroup,
                ["tenantId"] = TenantId,
            },
            ["text"] = isGroup ? $"<at>{BotName}</at> {text}" : text,
            ["textFormat"] = "plain",
            ["locale"] = "da-DK",
            ["entities"] = isGroup
                ? new JsonArray(new JsonObject
                {
                    ["type"] = "mention",
                    ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = BotName },
                    ["text"] = $"<at>{BotName}</at>",
                })
                : new JsonArray(),
            ["channelData"] = isChannel
                ? new JsonObject
                {
                    ["tenant"] = new JsonObject { ["id"] = TenantId },
                    ["team"] = new JsonObject { ["id"] = TeamId },
                    ["channel"] = new JsonObject { ["id"] = conversationId.Split(';')[0] },
                }
                : new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
        };
        await EnsureSuccessAsync(await _http.PostAsJsonAsync("_internal/v1/customActivities", activity));
        return new SentMessage(conversationId, id);
    }

    /// <summary>Sends any activity (conversationUpdate, installationUpdate…) to the bot as Playground would.</summary>
    public async Task SendActivityAsync(JsonObject activity) =>
        await EnsureSuccessAsync(await _http.PostAsJsonAsync("_internal/v1/customActivities", activity));

    /// <summary>Installs the bot in a chat or channel, the way Teams announces it (installationUpdate add).</summary>
    public async Task InstallAsync(string conversationId)
    {
        var template = await _http.GetFromJsonAsync<JsonObject>(
            $"_internal/v1/customActivities/template?conversationId={Uri.EscapeDataString(conversationId)}&type=install");
        await SendActivityAsync(template!);
    }

    /// <summary>
    /// <paramref name="user"/> clicks an Action.Execute button on a card the bot sent. Returns the bot's invoke
    /// answer as Playground passes it on: {type, value} (a card that replaces the clicked one, or a message).
    /// </summary>
    public async Task<JsonElement> ClickAsync(BotMessage card, string verb, object? data = null, PlaygroundUser? user = null)
    {
        var body = new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["value"] = new JsonObject
            {
                ["action"] = new JsonObject
                {
                    ["type"] = "Action.Execute",
                    ["verb"] = verb,
                    ["data"] = JsonSerializer.SerializeToNode(data ?? new Dictionary<string, string>()),
                },
                ["trigger"] = "manual",
            },
            ["from"] = new JsonObject { ["id"] = (user ?? CurrentUser).Id },
            ["conversation"] = new JsonObject { ["id"] = card.ConversationId },
            ["replyToId"] = card.ActivityId,
        };
        return await EnsureSuccessAsync(await _http.PostAsJsonAsync("_conversation/v1/invoke", body));
    }

    /// <summary>Waits until <paramref name="count"/> bot messages after <paramref name="mark"/> match, and returns them.</summary>
    public async Task<IReadOnlyList<BotMessage>> WaitForBotMessagesAsync(int mark, Func<BotMessage, bool> match, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? DefaultWait);
        while (true)
        {
            var found = BotMessagesSince(mark).Where(match).ToList();
            if (found.Count >= count) return found;
            if (DateTimeOffset.UtcNow > deadline)
                throw new TimeoutException($"Expected {count} bot message(s), found {found.Count} within {(timeout ?? DefaultWait).TotalSeconds:0} s.\n{Diagnostics()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits for the bot's first message in a conversation (a chat, or the thread a channel post started).</summary>
    public async Task<BotMessage> WaitForReplyAsync(int mark, string conversationId, TimeSpan? timeout = null) =>
        (await WaitForBotMessagesAsync(mark, m => m.ConversationId == conversationId && m.Type == "message", 1, timeout))[0];

    /// <summary>Everything the bot sent to Playground after <paramref name="mark"/>, in order.</summary>
    public IReadOnlyList<BotMessage> BotMessagesSince(int mark) =>
        ReadRecording().Select((e, i) => (e, i)).Skip(mark)
            .Where(x => x.e.GetProperty("direction").GetString() == "User Application -> Microsoft 365 Agents Playground")
            .Select(x => ToBotMessage(x.i, x.e))
            .ToList();

    /// <summary>Every activity Playground delivered to the bot after <paramref name="mark"/> (with the bot's HTTP status).</summary>
    public IReadOnlyList<(JsonElement Activity, int Status)> DeliveredSince(int mark) =>
        ReadRecording().Skip(mark)
            .Where(e => e.GetProperty("direction").GetString() == "Microsoft 365 Agents Playground -> User Application")
            .Select(e => (e.GetProperty("request").GetProperty("body"), e.GetProperty("response").GetProperty("statusCode").GetInt32()))
            .ToList();

    /// <summary>
    /// Everything the bot sent after <paramref name="mark"/>: each activity it posted or updated through the mock
    /// Connector, and each answer it gave Playground (the invoke responses to card clicks).
    /// </summary>
    public IReadOnlyList<JsonElement> BotSentSince(int mark) =>
        ReadRecording().Skip(mark).Select(e => e.GetProperty("direction").GetString() == "User Application -> Microsoft 365 Agents Playground"
                ? e.GetProperty("request").GetProperty("body")
                : e.GetProperty("response").TryGetProperty("body", out var answer) ? answer : default)
            .Where(b => b.ValueKind != JsonValueKind.Undefined).ToList();

    /// <summary>Waits until Playground has delivered <paramref name="count"/> matching activities to the bot (and the bot answered).</summary>
    public async Task WaitForDeliveriesAsync(int mark, Func<JsonElement, bool> match, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? DefaultWait);
        while (DeliveredSince(mark).Count(d => match(d.Activity)) < count)
        {
            if (DateTimeOffset.UtcNow > deadline)
                throw new TimeoutException($"Playground did not deliver {count} matching activities to the bot.\n{Diagnostics()}");
            await Task.Delay(100);
        }
    }

    private static BotMessage ToBotMessage(int sequence, JsonElement e)
    {
        var request = e.GetProperty("request");
        var response = e.GetProperty("response");
        var answer = response.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.Object ? b : default;
        string? Answer(string name) => answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty(name, out var v) ? v.GetString() : null;
        var body = request.GetProperty("body");
        // A new channel thread (or personal chat) is one createConversation call: its conversation and first
        // activity come back in the answer, the activity it posts is inside the request.
        if (e.TryGetProperty("activityName", out var name) && name.GetString() == "createConversation")
            return new BotMessage(sequence, Answer("id") ?? "", request.GetProperty("method").GetString()!, request.GetProperty("url").GetString()!,
                Answer("activityId"), body.TryGetProperty("activity", out var posted) ? posted : body);
        return new BotMessage(sequence, e.GetProperty("conversationId").GetString()!, request.GetProperty("method").GetString()!,
            request.GetProperty("url").GetString()!, Answer("id"), body);
    }

    /// <summary>Playground appends every exchange as pretty JSON followed by "---"; a half-written last entry is skipped.</summary>
    private List<JsonElement> ReadRecording()
    {
        if (!File.Exists(RecordingFile)) return [];
        string text;
        using (var stream = new FileStream(RecordingFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream))
            text = reader.ReadToEnd();
        var entries = new List<JsonElement>();
        foreach (var chunk in text.Split("\n---\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try { entries.Add(JsonDocument.Parse(chunk).RootElement.Clone()); }
            catch (JsonException) { break; }
        }
        return entries;
    }

    private static async Task<JsonElement> EnsureSuccessAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"Agents Playground answered {(int)response.StatusCode} to {response.RequestMessage?.RequestUri}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private string PlaygroundOutput { get { lock (_playgroundOutput) return _playgroundOutput.ToString(); } }

    /// <summary>What to read when an end-to-end test fails: the tail of Playground's log and the bot's log.</summary>
    public string Diagnostics() =>
        $"--- Agents Playground log (tail) ---\n{Tail(PlaygroundLog)}\n--- bot log (tail) ---\n{string.Join("\n", _botLogs.Lines.TakeLast(40))}";

    private static string Tail(string path, int lines = 40)
    {
        if (!File.Exists(path)) return "(none)";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return string.Join("\n", reader.ReadToEnd().Split('\n').TakeLast(lines));
    }

    /// <summary>Keeps the in-process bot's log lines (no message text is logged by the bot) for failure messages.</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
        public void Dispose() { }

        private sealed class Logger(CapturedLogs owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel)) return;
                owner.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message)}");
                while (owner.Lines.Count > 500) owner.Lines.TryDequeue(out _);
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PlaygroundCollection : ICollectionFixture<PlaygroundFixture>
{
    public const string Name = "Playground";
}
