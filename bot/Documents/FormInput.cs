using System.Globalization;
using TeamsCoordinator.Documents.Templates;

namespace TeamsCoordinator.Documents;

public enum InputKind { Text, LongText, Date, YesNo, Lines, Choice }

/// <summary>
/// One thing the user completes on a document form. <see cref="InputKind.Lines"/> is a list typed one record per
/// line with the columns separated by »|« (Adaptive Cards have no repeating rows). <see cref="InputKind.Choice"/> is
/// one of <see cref="Choices"/> (title, value), none chosen unless <see cref="Value"/> says so.
/// </summary>
public sealed record FormInput(string Id, string Label, InputKind Kind, string? Value = null, bool Required = false,
    IReadOnlyList<string>? Columns = null, string? Placeholder = null, IReadOnlyList<(string Title, string Value)>? Choices = null,
    int? MaxLength = null)
{
    public const int DefaultMaxLength = 8000;
    public IReadOnlyList<string> ColumnNames => Columns ?? [];
}

/// <summary>What came back from the form: typed readers that collect every value that cannot be used as a Danish sentence.</summary>
public sealed class FormValues(IReadOnlyDictionary<string, string> raw)
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d-M-yyyy", "d.M.yyyy", "d/M/yyyy"];
    private readonly List<string> errors = [];

    public IReadOnlyList<string> Errors => errors;
    public IReadOnlyDictionary<string, string> Raw => raw;

    public string? Text(string id)
    {
        var value = raw.TryGetValue(id, out var v) ? v.Trim() : "";
        if (value.Length > FormInput.DefaultMaxLength) errors.Add($"»{id}« er for lang (højst {FormInput.DefaultMaxLength} tegn).");
        return value.Length == 0 ? null : value;
    }

    public DateOnly? Date(string id, string label) => ParseDate(Text(id), label);

    /// <summary>A problem the form itself found (e.g. a choice that is no longer valid); said once however often it is found.</summary>
    public void Problem(string text)
    {
        if (!errors.Contains(text)) errors.Add(text);
    }

    public bool? YesNo(string id) => Text(id) switch { "true" => true, "false" => false, _ => null };

    /// <summary>
    /// One record per non-empty line; columns split at »|«. The last column takes any extra »|«. A column named in
    /// <paramref name="numbered"/> is filled with the line's number (1, 2, 3 …); <paramref name="dates"/> are parsed as dates.
    /// </summary>
    public List<DocumentData> Lines(string id, string label, IReadOnlyList<string> columns, string? numbered = null, params string[] dates)
    {
        var items = new List<DocumentData>();
        var lines = (Text(id) ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            var parts = lines[i].Split('|', columns.Count, StringSplitOptions.TrimEntries);
            var item = new DocumentData();
            if (numbered is not null) item.Text(numbered, (i + 1).ToString(CultureInfo.InvariantCulture));
            for (var c = 0; c < columns.Count && c < parts.Length; c++)
            {
                if (parts[c].Length == 0) continue;
                if (dates.Contains(columns[c])) item.Date(columns[c], ParseDate(parts[c], $"{label}, linje {i + 1}"));
                else item.Text(columns[c], parts[c]);
            }
            items.Add(item);
        }
        return items;
    }

    private DateOnly? ParseDate(string? text, string label)
    {
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors.Add($"»{text}« i »{label}« er ikke en dato; skriv fx {new DateOnly(2026, 12, 1):yyyy-MM-dd}.");
        return null;
    }
}
