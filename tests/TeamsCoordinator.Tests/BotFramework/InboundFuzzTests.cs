using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Cases;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.BotFramework;

/// <summary>
/// Malformed but accepted input never makes the bot fail: thousands of Teams-shaped activities (messages with every
/// command, clicks on every card verb, installations), each mutated at random with a fixed seed (lone UTF-16
/// surrogates, invalid UTF-8, NUL, wrong JSON kinds, huge strings, odd ids, missing and extra members), posted to
/// /api/messages in anonymous development mode. None gets a 5xx, no invoke answers with an error of its own, no turn
/// fails in the background, and afterwards the bot still answers "hjælp".
/// </summary>
public sealed class InboundFuzzTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private const int Seed = 20261203;
    private const int Activities = 3000;
    private readonly BotApplicationFactory _bot = BotApplicationFactory.AnonymousDevelopment(("Logging:LogLevel:Default", "Warning"));

    public void Dispose() => _bot.Dispose();

    [Fact]
    public Task MutatedActivitiesNeverGetA5xxAndTheBotStillAnswersAfterwards() => FuzzAsync(_bot, output);

    /// <summary>The fuzz run against one bot (SQLite here, PostgreSQL in <see cref="PostgresInboundFuzzTests"/>).</summary>
    internal static async Task FuzzAsync(BotApplicationFactory bot, Xunit.Abstractions.ITestOutputHelper log)
    {
        var setup = System.Diagnostics.Stopwatch.StartNew();
        var created = await CaseScenario.CreateAsync(bot);
        log.WriteLine($"forløb created in {setup.Elapsed.TotalSeconds:F1} s");
        var random = new Random(Seed);
        var seeds = Seeds(created).ToList();
        var bodies = Enumerable.Range(0, Activities).Select(i => Mutator.Mutate(seeds[random.Next(seeds.Count)], random)).ToList();

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var client = bot.CreateClient();
        await Parallel.ForEachAsync(Enumerable.Range(0, bodies.Count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            using var content = new ByteArrayContent(bodies[i]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync("/api/messages", content, ct);
            var answer = await response.Content.ReadAsStringAsync(ct);
            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            if ((int)response.StatusCode >= 500 && !IsOtherInvoke(response.StatusCode, bodies[i]) || InvokeAnsweredWithItsOwnError(answer))
                failures.Add($"#{i}: {(int)response.StatusCode} {Excerpt(answer)} for {Excerpt(Encoding.UTF8.GetString(bodies[i]))}");
        });

        log.WriteLine($"{bodies.Count} mutated activities posted in {clock.Elapsed.TotalSeconds:F1} s: " +
                          string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value}× {s.Key}")));
        // The bot still works: a fresh conversation's "hjælp" is answered (its lane runs after whatever was queued).
        var sentinel = TeamsActivities.PersonalMessage("hjælp", conversationId: "a:1after-the-fuzz");
        Assert.Equal(HttpStatusCode.Accepted, (await bot.PostAnonymousAsync(sentinel)).StatusCode);
        await bot.Connector.WaitForAsync(1, r => r.RawPath.Contains(Uri.EscapeDataString("a:1after-the-fuzz"), StringComparison.Ordinal) && FakeConnector.IsMessage(r),
            TimeSpan.FromSeconds(60));

        // EF Core logs every failed command, also the duplicate deliveries the bot recognises and answers once.
        log.WriteLine($"the queued turns ran and hjælp was answered {clock.Elapsed.TotalSeconds:F1} s after the start");
        foreach (var line in bot.Logs.AtLeast(LogLevel.Error).Where(l => !l.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)))
            failures.Add($"logged: {line.Category}: {Excerpt(line.Message)} {line.Exception?.GetType().Name}: {Excerpt(line.Exception?.InnerException?.Message ?? line.Exception?.Message)}");
        Assert.True(failures.IsEmpty, $"{failures.Count} failures, e.g.:\n" + string.Join("\n", failures.Take(40)));
    }

    /// <summary>
    /// An invoke the bot does not implement (a mutated name: not adaptiveCard/action) is answered 501 Not Implemented,
    /// as the Bot Framework protocol has it (ConversationTests.OtherInvokesAre501): not a failure.
    /// </summary>
    private static bool IsOtherInvoke(HttpStatusCode status, byte[] body) =>
        status == HttpStatusCode.NotImplemented && !Encoding.UTF8.GetString(body).Contains("\"name\":\"adaptiveCard/action\"", StringComparison.Ordinal);

    /// <summary>What a handler answers when it threw: statusCode 500 inside a 200 invoke response.</summary>
    private static bool InvokeAnsweredWithItsOwnError(string answer)
    {
        if (!answer.StartsWith('{')) return false;
        using var doc = JsonDocument.Parse(answer);
        return doc.RootElement.TryGetProperty("statusCode", out var status) && status.ValueKind == JsonValueKind.Number && status.GetInt32() >= 500;
    }

    private static string Excerpt(string? s) => s is null ? "" : s.Length <= 300 ? s : s[..300] + "…";

    /// <summary>Real Teams shapes, from people the demo directory knows and does not know, in and outside the forløb's channel.</summary>
    private static IEnumerable<JsonObject> Seeds(CaseScenario.CreatedCase c)
    {
        var people = new[] { DemoPeople.Mette, DemoPeople.Lars, TeamsActivities.Jonas };
        var texts = DispatchTable.Commands.SelectMany(command => command.Danish.Select(word => $"{word} {command.ExampleArgumentsDa}".Trim()))
            .Append("").Append("hjælp mig med noget").ToList();
        var verbData = new Dictionary<string, object?>
        {
            ["caseId"] = c.Id.ToString(), ["formId"] = "fuzz-form-1", ["kind"] = "kip", ["lang"] = "da", ["target"] = "org:" + DemoTenants.Aalborg,
            ["handoverId"] = "1", ["userId"] = DemoPeople.UserId("Lars Nielsen"), ["members"] = $"{DemoTenants.Aalborg}|{DemoPeople.UserId("Lars Nielsen")}",
            ["initials"] = "CD", ["caseNumber"] = "F-2026-0099", ["consentOrganisations"] = DemoTenants.Aalborg, ["consentKinds"] = "Plans",
            ["query"] = "Lars", ["reason"] = "fordi", ["subject"] = "Case", ["message"] = "hej", ["fileId"] = "1",
        };
        foreach (var from in people)
        {
            foreach (var text in texts)
            {
                yield return Node(TeamsActivities.PersonalMessage(text, from));
                yield return Node(TeamsActivities.ChannelMessageMentioningBot(text, from, c.ChannelId));
            }
            foreach (var verb in DispatchTable.CardVerbs.Keys)
                yield return Node(TeamsActivities.CardAction(verb, verbData, from) with
                {
                    Conversation = new ConversationAccount { Id = c.ChannelId, ConversationType = "channel", IsGroup = true, TenantId = TeamsActivities.TenantId },
                });
            yield return Node(TeamsActivities.BotAddedToPersonalChat(from));
        }
        yield return Node(TeamsActivities.BotAddedToTeam());
    }

    private static JsonObject Node(Activity a) => JsonSerializer.SerializeToNode(a, BotJson.Options)!.AsObject();

    /// <summary>Changes one to three things in an activity, the way a buggy or hostile sender might.</summary>
    private static class Mutator
    {
        private const string LoneSurrogate = "~LONE-SURROGATE~";
        private const string InvalidUtf8 = "~INVALID-UTF8~";
        private static readonly string[] LoneSurrogates = ["\\ud800", "\\udfff", "\\ud83d", "x\\udc00y"];
        private static readonly byte[][] InvalidUtf8Bytes = [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]];
        private static readonly string[] OddIds =
        [
            "", " ", ";", ";messageid=", "a:1;messageid=1;messageid=2", "19:x@thread.tacv2;messageid=", "%00", "../../v3", "\u202ex", "👩‍⚕️",
            "A:1PERSONAL-CHAT-WITH-METTE", " a:1personal-chat-with-mette ", "a:1personal-chat-with-mette\u0000", "-1", "0", "9223372036854775808",
            "1e9", "0x10", "NaN", "null", "{}", "<at>Koordinator</at>", "'; drop table cases; --", new string('9', 600), new string('a', 5000),
        ];
        private static readonly Func<Random, JsonNode?>[] WrongKinds =
        [
            _ => 42, _ => -1.5e308, _ => true, _ => null, _ => new JsonObject(), _ => new JsonArray(), _ => new JsonArray(1, "x", null),
            _ => new JsonObject { ["type"] = "Action.Execute", ["verb"] = new JsonArray() }, r => r.Next(),
        ];

        public static byte[] Mutate(JsonObject seed, Random random)
        {
            var activity = seed.DeepClone().AsObject();
            for (var n = random.Next(1, 4); n > 0; n--) MutateOnce(activity, random);
            var json = activity.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            json = json.Replace(LoneSurrogate, LoneSurrogates[random.Next(LoneSurrogates.Length)], StringComparison.Ordinal);
            var parts = json.Split(InvalidUtf8);
            var bytes = new List<byte>(Encoding.UTF8.GetBytes(parts[0]));
            foreach (var part in parts.Skip(1))
            {
                bytes.AddRange(InvalidUtf8Bytes[random.Next(InvalidUtf8Bytes.Length)]);
                bytes.AddRange(Encoding.UTF8.GetBytes(part));
            }
            return bytes.ToArray();
        }

        private static void MutateOnce(JsonObject activity, Random random)
        {
            var slots = new List<(JsonNode Parent, object Key, JsonNode? Value)>();
            Collect(activity, slots);
            var (parent, key, value) = slots[random.Next(slots.Count)];
            JsonNode? replacement = random.Next(9) switch
            {
                0 => (value is JsonValue v && v.TryGetValue<string>(out var s) ? s : "x") + LoneSurrogate,
                1 => (value is JsonValue v && v.TryGetValue<string>(out var s) ? s : "x") + InvalidUtf8,
                2 => (value is JsonValue v && v.TryGetValue<string>(out var s) ? s : "x") + "\u0000",
                3 => WrongKinds[random.Next(WrongKinds.Length)](random),
                4 => new string("xæ\n"[random.Next(3)], random.Next(1_000, 120_000)),
                5 => OddIds[random.Next(OddIds.Length)],
                6 => Removed,
                _ => Duplicate(value),
            };
            if (ReferenceEquals(replacement, Removed))
            {
                if (parent is JsonObject o) o.Remove((string)key);
                else ((JsonArray)parent).RemoveAt((int)key);
                return;
            }
            if (random.Next(8) == 0 && parent is JsonObject obj)
            {
                obj["x" + random.Next(100)] = replacement; // an extra member beside the real ones
                return;
            }
            if (parent is JsonObject p) p[(string)key] = replacement;
            else ((JsonArray)parent)[(int)key] = replacement;
        }

        private static readonly JsonValue Removed = JsonValue.Create("~removed~");

        private static JsonNode? Duplicate(JsonNode? value) => value?.DeepClone() is { } copy ? new JsonArray(copy, copy.DeepClone()) : new JsonArray();

        private static void Collect(JsonNode node, List<(JsonNode, object, JsonNode?)> slots)
        {
            if (node is JsonObject o)
                foreach (var (k, v) in o.ToList())
                {
                    slots.Add((o, k, v));
                    if (v is not null) Collect(v, slots);
                }
            else if (node is JsonArray a)
                for (var i = 0; i < a.Count; i++)
                {
                    slots.Add((a, i, a[i]));
                    if (a[i] is { } item) Collect(item, slots);
                }
        }
    }
}

/// <summary>The same fuzz run on PostgreSQL: its unique indexes, case rules and errors differ from SQLite's.</summary>
[Collection(nameof(TeamsCoordinator.Tests.Storage.PostgresCollection))]
public sealed class PostgresInboundFuzzTests(TeamsCoordinator.Tests.Storage.PostgresServer server, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task MutatedActivitiesNeverGetA5xxOnPostgres()
    {
        using var bot = BotApplicationFactory.AnonymousDevelopment(("Logging:LogLevel:Default", "Warning"), ("Storage:Provider", "Postgres"),
            ("ConnectionStrings:Coordinator", server.ConnectionString("fuzz_" + Guid.NewGuid().ToString("N")[..8])));
        await InboundFuzzTests.FuzzAsync(bot, output);
    }
}
