using System.Text.Json;
using System.Text.Json.Nodes;

namespace TeamsCoordinator.Tests.Tenants.Graph;

/// <summary>
/// One Graph exchange as Microsoft documents it, stored in Contracts/{name}.json: the request the SDK must send
/// (method, path, query, headers, body, and which tenant's token, null for none; "host" when not Graph's own;
/// "bodyKind": "docx" for an uploaded Word package, "bytes" for a fragment of one) and the answer Graph gives (status, headers, body).
/// "doc" cites the documentation page the exchange follows; "notes" says where the docs leave something open;
/// "guess" says which part of the exchange no page or report shows (and so is a guess), when one is.
/// </summary>
public sealed record GraphContract(
    string Name,
    string Doc,
    string? Notes,
    string? Guess,
    string? Tenant,
    string Host,
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    JsonNode? RequestBody,
    IReadOnlyDictionary<string, string> RequestHeaders,
    bool DocxBody,
    bool AnyBytes,
    int Status,
    IReadOnlyDictionary<string, string> ResponseHeaders,
    JsonNode? ResponseBody,
    int Times)
{
    private static readonly string Folder = System.IO.Path.Combine(AppContext.BaseDirectory, "Tenants", "Graph", "Contracts");

    public static IEnumerable<string> AllNames() =>
        Directory.EnumerateFiles(Folder, "*.json").Select(f => System.IO.Path.GetFileNameWithoutExtension(f)).Order();

    public static GraphContract Load(string name)
    {
        var json = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(Folder, name + ".json")))!.AsObject();
        var request = json["request"]!.AsObject();
        var response = json["response"]!.AsObject();
        return new GraphContract(
            name,
            (string?)json["doc"] ?? throw new InvalidDataException($"{name}: every contract cites its documentation (\"doc\")."),
            (string?)json["notes"],
            (string?)json["guess"],
            (string?)request["tenant"],
            (string?)request["host"] ?? "graph.microsoft.com",
            (string)request["method"]!,
            (string)request["path"]!,
            Strings(request["query"]),
            request["body"]?.DeepClone(),
            Strings(request["headers"]),
            (string?)request["bodyKind"] == "docx",
            (string?)request["bodyKind"] == "bytes",
            (int)response["status"]!,
            Strings(response["headers"]),
            response["body"]?.DeepClone(),
            (int?)json["times"] ?? 1);
    }

    private static Dictionary<string, string> Strings(JsonNode? node) =>
        node?.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!) ?? [];

    /// <summary>
    /// Same JSON, property names compared without case (the SDK serializes some models in PascalCase, Graph
    /// accepts either); objects must have exactly the expected properties, arrays the same elements in order.
    /// </summary>
    public static string? Difference(JsonNode? expected, JsonNode? actual, string at = "$")
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject a):
                foreach (var (key, value) in e)
                {
                    var match = a.FirstOrDefault(p => p.Key.Equals(key, StringComparison.OrdinalIgnoreCase));
                    if (match.Key is null) return $"{at}.{key} is missing";
                    if (Difference(value, match.Value, $"{at}.{key}") is { } d) return d;
                }
                var extra = a.Select(p => p.Key).FirstOrDefault(k => !e.Any(p => p.Key.Equals(k, StringComparison.OrdinalIgnoreCase)));
                return extra is null ? null : $"{at}.{extra} was not expected";
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count) return $"{at} has {a.Count} elements, expected {e.Count}";
                for (var i = 0; i < e.Count; i++)
                    if (Difference(e[i], a[i], $"{at}[{i}]") is { } d) return d;
                return null;
            case (JsonValue e, JsonValue a):
                return JsonNode.DeepEquals(e, a) ? null : $"{at} is {a.ToJsonString()}, expected {e.ToJsonString()}";
            default:
                return $"{at} is {actual?.ToJsonString() ?? "absent"}, expected {expected?.ToJsonString() ?? "absent"}";
        }
    }

    public static JsonNode? ParseBody(string text) => text.Length == 0 ? null : JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
}
