namespace TeamsCoordinator.Documents.Templates;

/// <summary>
/// The data a template is filled with: named fields holding text, dates, Ja/Nej answers or lists of records.
/// Knows nothing of forløb or batons, so any feature can build it. Field names match template tags
/// case-insensitively.
/// </summary>
public sealed class DocumentData
{
    private readonly Dictionary<string, FieldValue> fields = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, FieldValue> Fields => fields;

    public DocumentData Text(string name, string? text) => Set(name, text is null ? null : new TextValue(text));
    public DocumentData Date(string name, DateOnly? date) => Set(name, date is { } d ? new DateValue(d) : null);

    /// <summary>A moment in time, shown as date and time in Europe/Copenhagen.</summary>
    public DocumentData Moment(string name, DateTimeOffset? moment) => Set(name, moment is { } m ? new MomentValue(m) : null);

    public DocumentData YesNo(string name, bool? answer) => Set(name, answer is { } a ? new YesNoValue(a) : null);
    public DocumentData List(string name, IEnumerable<DocumentData> items) => Set(name, new ListValue([.. items]));

    /// <summary>Sets or replaces a field; null removes it (the template then reports it as without data).</summary>
    public DocumentData Set(string name, FieldValue? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (value is null) fields.Remove(name);
        else fields[name] = value;
        return this;
    }

    public FieldValue? this[string name] => fields.GetValueOrDefault(name);
}

/// <summary>One field's value. The engine decides how it is shown from the value and the content control it lands in.</summary>
public abstract record FieldValue
{
    /// <summary>Whether a conditional block (<c>if:Name</c>) that depends on this value is kept.</summary>
    public abstract bool IsTruthy { get; }

    /// <summary>No usable data: an empty text counts as missing, so no field is silently left blank.</summary>
    public virtual bool IsMissing => false;
}

public sealed record TextValue(string Text) : FieldValue
{
    public override bool IsTruthy => !IsMissing;
    public override bool IsMissing => string.IsNullOrWhiteSpace(Text);
}

public sealed record DateValue(DateOnly Date) : FieldValue
{
    public override bool IsTruthy => true;
}

public sealed record MomentValue(DateTimeOffset Moment) : FieldValue
{
    public override bool IsTruthy => true;
}

public sealed record YesNoValue(bool Answer) : FieldValue
{
    public override bool IsTruthy => Answer;
}

public sealed record ListValue(IReadOnlyList<DocumentData> Items) : FieldValue
{
    public override bool IsTruthy => Items.Count > 0;
}
