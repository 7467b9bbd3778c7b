using System.Text.Json.Nodes;

namespace TeamsCoordinator.Bench.Load;

/// <summary>A demo person (bot/Tenants/DemoTenants.cs) as Teams presents them.</summary>
public sealed record Person(string Key, string AadObjectId, string Name)
{
    public static readonly Person Sofie = new("sofie", "00000000-0000-4000-8000-00000000a003", "Sofie Lund");
    public static readonly Person Mette = new("mette", "00000000-0000-4000-8000-00000000a001", "Mette Kjær");
    /// <summary>Aalborg Kommune: the receivers of the batons, all on every forløb's team.</summary>
    public static readonly Person[] Aalborg =
    [
        new("lars", "00000000-0000-4000-8000-00000000b001", "Lars Nielsen"),
        new("camilla", "00000000-0000-4000-8000-00000000b002", "Camilla Berg"),
        new("ahmed", "00000000-0000-4000-8000-00000000b003", "Ahmed Hassan"),
        new("hanne", "00000000-0000-4000-8000-00000000b004", "Hanne Poulsen"),
    ];

    public JsonObject Account => new() { ["id"] = "29:" + Key, ["name"] = Name, ["aadObjectId"] = AadObjectId };
}

/// <summary>Activities shaped as Teams sends them (PROTOCOL.md), every id unique.</summary>
public sealed class Teams(string serviceUrl)
{
    public const string TenantId = "11111111-1111-4111-8111-111111111111";
    public const string TeamId = "team-id";
    private long _next = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;

    public string NewId() => Interlocked.Increment(ref _next).ToString();

    private JsonObject Base(string type, Person from, JsonObject conversation, string id) => new()
    {
        ["type"] = type,
        ["id"] = id,
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl,
        ["from"] = from.Account,
        ["recipient"] = new JsonObject { ["id"] = "28:bench-bot", ["name"] = "Koordinator" },
        ["conversation"] = conversation,
        ["locale"] = "da-DK",
    };

    public JsonObject PersonalMessage(Person from, string text, out string id)
    {
        id = NewId();
        var a = Base("message", from, new JsonObject { ["id"] = $"a:personal-{from.Key}", ["conversationType"] = "personal", ["tenantId"] = TenantId }, id);
        a["text"] = text;
        a["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } };
        return a;
    }

    /// <summary>"@Koordinator {text}" posted as a new message in a forløb's channel.</summary>
    public JsonObject ChannelMention(Person from, string channelId, string text, out string id)
    {
        id = NewId();
        var a = Base("message", from, Channel(channelId, id), id);
        a["text"] = $"<at>Koordinator</at> {text}";
        a["textFormat"] = "plain";
        a["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "text/html", ["content"] = $"<p><at>Koordinator</at>&nbsp;{text}</p>" });
        a["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention", ["text"] = "<at>Koordinator</at>",
            ["mentioned"] = new JsonObject { ["id"] = "28:bench-bot", ["name"] = "Koordinator" },
        });
        a["channelData"] = ChannelData(channelId);
        return a;
    }

    /// <summary>An Action.Execute clicked on a card in the forløb's channel (or in the chat, when channelId is null).</summary>
    public JsonObject CardAction(Person from, string? channelId, string verb, IReadOnlyDictionary<string, string> data)
    {
        var messageId = NewId();
        var a = Base("invoke", from, channelId is null
            ? new JsonObject { ["id"] = $"a:personal-{from.Key}", ["conversationType"] = "personal", ["tenantId"] = TenantId }
            : Channel(channelId, messageId), NewId());
        a["name"] = "adaptiveCard/action";
        a["replyToId"] = messageId;
        var values = new JsonObject();
        foreach (var (k, v) in data) values[k] = v;
        a["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = values },
            ["trigger"] = "manual",
        };
        a["channelData"] = channelId is null ? new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } } : ChannelData(channelId);
        return a;
    }

    private static JsonObject Channel(string channelId, string messageId) => new()
    {
        ["id"] = $"{channelId};messageid={messageId}", ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = TenantId,
    };

    private static JsonObject ChannelData(string channelId) => new()
    {
        ["tenant"] = new JsonObject { ["id"] = TenantId },
        ["team"] = new JsonObject { ["id"] = TeamId, ["name"] = "Psykiatri Nord" },
        ["channel"] = new JsonObject { ["id"] = channelId },
    };

    /// <summary>
    /// What Teams sends when the Action.Execute with this verb is clicked: the action's data merged with every
    /// input's value (its default, or the given one).
    /// </summary>
    public static Dictionary<string, string> Submit(JsonObject card, string verb, IReadOnlyDictionary<string, string>? inputs = null)
    {
        var action = Nodes(card).OfType<JsonObject>().FirstOrDefault(n => (string?)n["verb"] == verb && (string?)n["type"] == "Action.Execute")
            ?? throw new InvalidOperationException($"the card has no {verb} action: {card.ToJsonString()}");
        var data = action["data"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.ToString());
        foreach (var input in Nodes(card).OfType<JsonObject>().Where(n => ((string?)n["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true))
            if ((string?)input["id"] is { } id && input["value"] is { } value) data[id] = value.ToString();
        foreach (var (k, v) in inputs ?? new Dictionary<string, string>()) data[k] = v;
        return data;
    }

    /// <summary>Every node of a card, depth first.</summary>
    public static IEnumerable<JsonNode> Nodes(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
            foreach (var n in Nodes(child)) yield return n;
    }

    /// <summary>The adaptive card of a message activity or of an invoke response's value.</summary>
    public static JsonObject? CardOf(JsonNode? node) =>
        node?["attachments"]?[0]?["content"] as JsonObject ?? ((string?)node?["type"] == "application/vnd.microsoft.card.adaptive" ? node?["value"] as JsonObject : null);

    /// <summary>Every string in a card or message, one per line (what a person reads).</summary>
    public static string Text(JsonNode? node) => node is null ? "" : string.Join("\n", Nodes(node).OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : ""));
}
