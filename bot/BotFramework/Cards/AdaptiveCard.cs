using System.Text.Json.Serialization;

namespace TeamsCoordinator.BotFramework.Cards;

// Adaptive Cards 1.5 (the highest Teams renders for bot cards), written as typed records because no
// AdaptiveCards package is served here. Only what the bot uses; schema names are kept exactly.

public sealed record AdaptiveCard
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    [JsonPropertyName("type")] public string Type => "AdaptiveCard";
    [JsonPropertyName("$schema")] public string Schema => "http://adaptivecards.io/schemas/adaptive-card.json";
    public string Version { get; init; } = "1.5";
    public IReadOnlyList<CardElement> Body { get; init; } = [];
    public IReadOnlyList<CardAction>? Actions { get; init; }
    public CardRefresh? Refresh { get; init; }
    public TeamsCardProperties? Msteams { get; init; }
    /// <summary>Shown by clients that cannot render the card, and read by screen readers in notifications.</summary>
    public string? FallbackText { get; init; }
    public string? Speak { get; init; }

    public Attachment ToAttachment() => new() { ContentType = ContentType, Content = this };

    /// <summary>
    /// For a card that is the same on every turn (the help card): serialised once here, and from then on copied into
    /// each reply as it is, instead of walking the card's records again for every message.
    /// </summary>
    public Attachment ToSerializedAttachment() => new() { ContentType = ContentType, Content = new SerializedJson(this) };
}

/// <summary>A value serialised once with the wire options; written into any later document byte for byte.</summary>
[JsonConverter(typeof(Converter))]
public sealed class SerializedJson(object value)
{
    private readonly byte[] _utf8 = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), BotJson.Options);

    private sealed class Converter : JsonConverter<SerializedJson>
    {
        // Activities that arrive carry their content as a JsonElement: nothing is ever read as this type.
        public override SerializedJson Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
            throw new NotSupportedException();

        // The serializer itself made the bytes: valid JSON, no second check needed.
        public override void Write(System.Text.Json.Utf8JsonWriter writer, SerializedJson value, System.Text.Json.JsonSerializerOptions options) =>
            writer.WriteRawValue(value._utf8, skipInputValidation: true);
    }
}

/// <summary>
/// Universal Actions refresh. The action is declared as <see cref="CardAction"/> on purpose: System.Text.Json writes
/// the "type": "Action.Execute" discriminator only for the polymorphic base type, and Teams (and the renderer) ignore
/// a refresh action without it.
/// </summary>
public sealed record CardRefresh(CardAction Action, IReadOnlyList<string>? UserIds);

public sealed record TeamsCardProperties
{
    public string? Width { get; init; } = "Full";
    public IReadOnlyList<Entity>? Entities { get; init; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(ColumnSet), "ColumnSet")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
[JsonDerivedType(typeof(TextInput), "Input.Text")]
[JsonDerivedType(typeof(DateInput), "Input.Date")]
[JsonDerivedType(typeof(ToggleInput), "Input.Toggle")]
[JsonDerivedType(typeof(ChoiceSetInput), "Input.ChoiceSet")]
public abstract record CardElement
{
    public string? Id { get; init; }
    public string? Spacing { get; init; }
    public bool? Separator { get; init; }
    public bool? IsVisible { get; init; }
}

public sealed record TextBlock(string Text) : CardElement
{
    public bool Wrap { get; init; } = true;
    public string? Size { get; init; }
    public string? Weight { get; init; }
    public string? Color { get; init; }
    public bool? IsSubtle { get; init; }
    public string? Style { get; init; }

    public static TextBlock Heading(string text) => new(text) { Size = "Large", Weight = "Bolder", Style = "heading" };
    public static TextBlock Subheading(string text) => new(text) { Size = "Medium", Weight = "Bolder", Spacing = "Medium" };
    public static TextBlock Subtle(string text) => new(text) { IsSubtle = true, Size = "Small" };
}

public sealed record Fact(string Title, string Value);

public sealed record FactSet(IReadOnlyList<Fact> Facts) : CardElement;

public sealed record Container(IReadOnlyList<CardElement> Items) : CardElement
{
    public string? Style { get; init; }
}

public sealed record Column(IReadOnlyList<CardElement> Items)
{
    [JsonPropertyName("type")] public string Type => "Column";
    public string? Width { get; init; }
}

public sealed record ColumnSet(IReadOnlyList<Column> Columns) : CardElement;

public sealed record ActionSet(IReadOnlyList<CardAction> Actions) : CardElement;

public abstract record InputElement : CardElement
{
    public string? Label { get; init; }
    public bool? IsRequired { get; init; }
    public string? ErrorMessage { get; init; }
}

public sealed record TextInput : InputElement
{
    public string? Placeholder { get; init; }
    public string? Value { get; init; }
    public bool? IsMultiline { get; init; }
    public int? MaxLength { get; init; }
    public string? Regex { get; init; }
}

public sealed record DateInput : InputElement
{
    /// <summary>yyyy-MM-dd, as the schema requires.</summary>
    public string? Value { get; init; }
    public string? Min { get; init; }
}

public sealed record ToggleInput(string Title) : InputElement
{
    public string? Value { get; init; }
    public string ValueOn { get; init; } = "true";
    public string ValueOff { get; init; } = "false";
}

public sealed record Choice(string Title, string Value);

public sealed record ChoiceSetInput(IReadOnlyList<Choice> Choices) : InputElement
{
    public string? Value { get; init; }
    public bool? IsMultiSelect { get; init; }
    /// <summary>"compact" (drop-down), "expanded" (radio/checkboxes) or "filtered" (Teams typeahead).</summary>
    public string? Style { get; init; }
    public string? Placeholder { get; init; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ExecuteAction), "Action.Execute")]
[JsonDerivedType(typeof(OpenUrlAction), "Action.OpenUrl")]
[JsonDerivedType(typeof(ShowCardAction), "Action.ShowCard")]
public abstract record CardAction(string Title)
{
    public string? Id { get; init; }
    public string? Style { get; init; }
}

/// <summary>Universal Action: Teams sends an <c>adaptiveCard/action</c> invoke with the verb, data and the inputs.</summary>
public sealed record ExecuteAction(string Title, string Verb, IReadOnlyDictionary<string, string>? Data = null) : CardAction(Title)
{
    /// <summary>"none" skips input validation (e.g. a Cancel button next to required inputs).</summary>
    public string? AssociatedInputs { get; init; }
}

public sealed record OpenUrlAction(string Title, string Url) : CardAction(Title);

public sealed record ShowCardAction(string Title, AdaptiveCard Card) : CardAction(Title);

public static class CardInputs
{
    /// <summary>
    /// The card with every input passed through <paramref name="map"/>, wherever it sits (containers, columns, action
    /// sets, the cards of Action.ShowCard); the same instance when <paramref name="map"/> changed nothing.
    /// </summary>
    public static AdaptiveCard MapInputs(this AdaptiveCard card, Func<InputElement, InputElement> map)
    {
        var changed = false;
        InputElement Input(InputElement i)
        {
            var mapped = map(i);
            changed |= !ReferenceEquals(mapped, i);
            return mapped;
        }
        CardElement Element(CardElement e) => e switch
        {
            InputElement i => Input(i),
            Container c => c with { Items = c.Items.Select(Element).ToList() },
            ColumnSet s => s with { Columns = s.Columns.Select(col => col with { Items = col.Items.Select(Element).ToList() }).ToList() },
            ActionSet a => a with { Actions = a.Actions.Select(Action).ToList() },
            _ => e,
        };
        CardAction Action(CardAction a) => a is ShowCardAction show ? show with { Card = Rebuild(show.Card) } : a;
        AdaptiveCard Rebuild(AdaptiveCard c) => c with { Body = c.Body.Select(Element).ToList(), Actions = c.Actions?.Select(Action).ToList() };

        var rebuilt = Rebuild(card);
        return changed ? rebuilt : card;
    }
}
