namespace TeamsCoordinator.Documents.Templates;

/// <summary>What a tagged place in a template does with its data.</summary>
public enum FieldRole
{
    /// <summary><c>Navn</c>: filled with one value.</summary>
    Field,
    /// <summary><c>repeat:Indsatser</c>: its content is repeated once per record of a list.</summary>
    Repeat,
    /// <summary><c>if:Paaroerende</c>: kept only when the value is Ja, a non-empty text or a non-empty list.</summary>
    If,
    /// <summary><c>ifnot:SamtykkeFraBorger</c>: kept only when the value is Nej, empty or missing.</summary>
    IfNot,
}

/// <summary>The tag syntax of the template language: a content control's <c>w:tag</c> or a typed <c>{felt}</c>.</summary>
public readonly record struct TemplateTag(FieldRole Role, string Name)
{
    public const string RepeatPrefix = "repeat:";
    public const string IfPrefix = "if:";
    public const string IfNotPrefix = "ifnot:";

    public static TemplateTag? Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var tag = raw.Trim();
        if (Strip(tag, RepeatPrefix) is { } repeat) return new(FieldRole.Repeat, repeat);
        if (Strip(tag, IfNotPrefix) is { } ifNot) return new(FieldRole.IfNot, ifNot);
        if (Strip(tag, IfPrefix) is { } ifTag)
            return ifTag.StartsWith('!') ? new(FieldRole.IfNot, ifTag[1..].Trim()) : new(FieldRole.If, ifTag);
        return new(FieldRole.Field, tag);
    }

    public override string ToString() => Role switch
    {
        FieldRole.Repeat => RepeatPrefix + Name,
        FieldRole.If => IfPrefix + Name,
        FieldRole.IfNot => IfNotPrefix + Name,
        _ => Name,
    };

    /// <summary>Letters (æøå included), digits, '_', '-' and '.': what a field name may contain.</summary>
    public static bool IsValidName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty) return false;
        foreach (var c in name)
            if (!char.IsLetterOrDigit(c) && c is not ('_' or '-' or '.')) return false;
        return true;
    }

    private static string? Strip(string tag, string prefix) =>
        tag.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? tag[prefix.Length..].Trim() : null;
}

/// <summary>How a field is entered in Word.</summary>
public enum ControlKind { Text, Date, DropDown, ComboBox, TypedPlaceholder }

/// <summary>One tagged place in a template, with what is nested inside it (a repeat's item fields, a conditional's content).</summary>
public sealed record TemplateField(
    FieldRole Role, string Name, string? Label, ControlKind Control, IReadOnlyList<string> Choices,
    IReadOnlyList<TemplateField> Children)
{
    public string DisplayName => string.IsNullOrWhiteSpace(Label) ? Name : Label;
}
