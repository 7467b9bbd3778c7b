namespace TeamsCoordinator.Documents.Templates;

/// <summary>
/// Where a fill is in the data: the top-level record, or one record of a (possibly nested) list. Names are looked
/// up in the current record first, then outwards, so an item can show a field of the whole document.
/// </summary>
internal sealed class FillScope
{
    private FillScope(DocumentData data, FillScope? parent, string listPath, string listLabel, string itemLabel)
    {
        Data = data;
        Parent = parent;
        ListPath = listPath;
        ListLabel = listLabel;
        ItemLabel = itemLabel;
    }

    public DocumentData Data { get; }
    public FillScope? Parent { get; }

    /// <summary>"" at the top, "Dagsorden.Opfoelgning" in a nested list.</summary>
    public string ListPath { get; }

    /// <summary>The list's label as the template names it, for messages.</summary>
    public string ListLabel { get; }

    /// <summary>"" at the top, "3" for the third record, "2.1" for the first record inside the second.</summary>
    public string ItemLabel { get; }

    public bool IsTop => Parent is null;

    public static FillScope Top(DocumentData data) => new(data, null, "", "", "");

    public FillScope Item(string listName, string listLabel, int number, DocumentData item) => new(
        item, this,
        IsTop ? listName : $"{ListPath}.{listName}",
        listLabel,
        IsTop ? number.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{ItemLabel}.{number}");

    public string PathOf(string name) => IsTop ? name : $"{ListPath}.{name}";

    /// <summary>Finds a value and the record that holds it; marks it used there.</summary>
    public FieldValue? Lookup(string name, FillUsage usage)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope.Data[name] is { } value)
            {
                usage.MarkUsed(scope.Data, name);
                return value;
            }
        }
        return null;
    }
}

/// <summary>Which data fields found a place, so the ones that did not can be reported.</summary>
internal sealed class FillUsage
{
    private readonly Dictionary<DocumentData, HashSet<string>> used = new(ReferenceEqualityComparer.Instance);

    public void MarkUsed(DocumentData data, string name)
    {
        if (!used.TryGetValue(data, out var names))
            used[data] = names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        names.Add(name);
    }

    public bool IsUsed(DocumentData data, string name) => used.TryGetValue(data, out var names) && names.Contains(name);
}
