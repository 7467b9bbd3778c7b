using System.Text.Json;
using System.Text.Json.Serialization;
using TeamsCoordinator.BotFramework.Cards;

namespace TeamsCoordinator.BotFramework;

/// <summary>
/// The body of an <c>adaptiveCard/action</c> invoke response (Universal Actions): returned synchronously in the
/// HTTP response with status 200, its own <c>statusCode</c> telling the client what happened.
/// </summary>
public sealed record AdaptiveCardInvokeResponse(int StatusCode, string Type, object? Value)
{
    /// <summary>
    /// Status of the HTTP response that carries this body: 200 for everything a handler answers (its own
    /// <see cref="StatusCode"/> tells the client), 400 when the invoke itself is not a valid Universal Action.
    /// </summary>
    [JsonIgnore]
    public int HttpStatus { get; init; } = 200;

    public static AdaptiveCardInvokeResponse Card(AdaptiveCard card) =>
        new(200, AdaptiveCard.ContentType, card);

    /// <summary>A message shown to the clicking user; the card stays as it is.</summary>
    public static AdaptiveCardInvokeResponse Message(string text) =>
        new(200, "application/vnd.microsoft.activity.message", text);

    public static AdaptiveCardInvokeResponse Error(int statusCode, string code, string message) =>
        new(statusCode, "application/vnd.microsoft.error", new { code, message });

    /// <summary>The invoke is not something the Universal Actions protocol allows (not Action.Execute, no verb).</summary>
    public static AdaptiveCardInvokeResponse BadRequest(string code, string message) =>
        Error(400, code, message) with { HttpStatus = 400 };
}

/// <summary>What a user clicked: <c>value.action</c> of an <c>adaptiveCard/action</c> invoke.</summary>
public sealed record CardActionInvoke(string Verb, IReadOnlyDictionary<string, string> Data, bool IsRefresh)
{
    public string? Get(string key) => Data.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    /// <summary>Longer than any form id the bot makes; form ids are stored under unique indexes with what the form created.</summary>
    public const int MaxFormIdLength = 64;

    /// <summary>The id the bot gave the form this button belongs to (what makes a double click create one thing); null when missing or not one of ours.</summary>
    public string? FormId => Get("formId") is { Length: <= MaxFormIdLength } id ? id : null;

    /// <summary>Parses the invoke value; null when it is not an Action.Execute with a verb.</summary>
    public static CardActionInvoke? Parse(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Object } v) return null;
        if (!v.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object) return null;
        // Any JSON kind may stand where a string belongs: check the kind first (ValueEquals and GetString throw on others).
        if (!action.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || !type.ValueEquals("Action.Execute")) return null;
        if (!action.TryGetProperty("verb", out var verb) || verb.ValueKind != JsonValueKind.String) return null;
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (action.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in d.EnumerateObject())
            {
                // Inputs arrive merged into data as strings; keep scalars, flatten nothing else.
                data[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString()!,
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => p.Value.GetRawText(),
                    _ => "",
                };
            }
        }
        var automatic = v.TryGetProperty("trigger", out var t) && t.ValueKind == JsonValueKind.String && t.ValueEquals("automatic");
        return new CardActionInvoke(verb.GetString()!, data, automatic);
    }
}
