namespace TeamsCoordinator.Documents.Templates;

public enum FieldType
{
    Text,
    /// <summary>Text of several lines or paragraphs (a rich-text content control).</summary>
    LongText,
    /// <summary>A date, shown "23. november 2026", entered in Word with a date picker.</summary>
    Date,
    /// <summary>Ja or Nej, entered in Word with a drop-down.</summary>
    YesNo,
    /// <summary>A list of records, shown by a repeating section or table row.</summary>
    List,
}

/// <summary>One field a document kind knows: the contract between the features that build data and the templates.</summary>
public sealed record FieldSpec(
    string Name, FieldType Type, string Label, string Description, bool Required = false,
    IReadOnlyList<FieldSpec>? Items = null)
{
    public IReadOnlyList<FieldSpec> ItemFields => Items ?? [];
}

/// <summary>The fields of one document kind (KIP, kriseplan, referat), and the file its built-in template has.</summary>
public sealed record TemplateSchema(string DocumentName, string FileName, IReadOnlyList<FieldSpec> Fields)
{
    /// <summary>The tags used as conditions (<c>if:</c> / <c>ifnot:</c>) in the built-in template, for the catalogue.</summary>
    public IReadOnlyList<string> Conditions { get; init; } = [];

    public FieldSpec? Find(string name) => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}
