namespace TeamsCoordinator.Documents.Templates;

/// <summary>
/// Gathers what did not fit during one fill and turns it into Danish sentences, one per field: a field missing in
/// 3 of 50 rows is one message naming the rows, not 3 messages.
/// </summary>
internal sealed class ProblemCollector
{
    private readonly List<Entry> entries = [];
    private readonly Dictionary<(ProblemKind, string, string), Entry> byKey = [];
    private readonly Dictionary<string, int> itemsPerList = new(StringComparer.OrdinalIgnoreCase);

    private sealed class Entry(ProblemKind kind, string path, Func<Entry, string> message)
    {
        public ProblemKind Kind { get; } = kind;
        public string Path { get; } = path;
        public Func<Entry, string> Message { get; } = message;
        public List<string> Items { get; } = [];
        public string ListPath { get; set; } = "";
    }

    public void CountItem(string listPath) =>
        itemsPerList[listPath] = itemsPerList.GetValueOrDefault(listPath) + 1;

    public void FieldWithoutData(FillScope scope, string name, string label)
    {
        if (scope.IsTop)
            Add(ProblemKind.FieldWithoutData, scope, name, "",
                _ => $"Feltet »{label}« har ingen data og står tomt til udfyldning i Word.");
        else
            Add(ProblemKind.FieldWithoutData, scope, name, "",
                e => $"Feltet »{label}« i listen »{scope.ListLabel}« har ingen data i {Rows(e)} og står tomt til udfyldning i Word.");
    }

    public void ListWithoutData(FillScope scope, string name, string label) =>
        Add(ProblemKind.FieldWithoutData, scope, name, "list",
            _ => $"Listen »{label}« har ingen data; der står en tom række til udfyldning i Word.");

    public void ConditionWithoutData(FillScope scope, string name, bool kept) =>
        Add(ProblemKind.FieldWithoutData, scope, name, "condition", _ => kept
            ? $"Betingelsen »{name}« har ingen data, så afsnittet, der vises når den ikke er opfyldt, er medtaget."
            : $"Betingelsen »{name}« har ingen data, så afsnittet, der afhænger af den, er udeladt.");

    public void ValueDoesNotFit(FillScope scope, string name, string sentence) =>
        Add(ProblemKind.ValueDoesNotFit, scope, name, sentence, e => scope.IsTop ? sentence : $"{sentence} ({Rows(e)} i listen »{scope.ListLabel}«)");

    public void TemplateFlaw(FillScope scope, string name, string sentence) =>
        Add(ProblemKind.TemplateFlaw, scope, name, sentence, _ => sentence);

    public void DataWithoutPlace(string listPath, string listLabel, string name, string itemLabel)
    {
        var path = listPath.Length == 0 ? name : $"{listPath}.{name}";
        var key = (ProblemKind.DataWithoutPlace, path, "");
        if (!byKey.TryGetValue(key, out var entry))
        {
            entry = new Entry(ProblemKind.DataWithoutPlace, path, e => e.ListPath.Length == 0
                ? $"Oplysningen »{name}« har ingen plads i skabelonen og kommer ikke med i dokumentet."
                : $"Oplysningen »{name}« i listen »{listLabel}« har ingen plads i skabelonen og kommer ikke med i dokumentet ({Rows(e)}).")
            { ListPath = listPath };
            byKey[key] = entry;
            entries.Add(entry);
        }
        if (itemLabel.Length > 0) entry.Items.Add(itemLabel);
    }

    public IReadOnlyList<TemplateProblem> ToProblems() =>
        [.. entries.Select(e => new TemplateProblem(e.Kind, e.Path, e.Message(e)))];

    private void Add(ProblemKind kind, FillScope scope, string name, string discriminator, Func<Entry, string> message)
    {
        var path = scope.PathOf(name);
        var key = (kind, path, discriminator);
        if (!byKey.TryGetValue(key, out var entry))
        {
            entry = new Entry(kind, path, message) { ListPath = scope.ListPath };
            byKey[key] = entry;
            entries.Add(entry);
        }
        if (!scope.IsTop && (entry.Items.Count == 0 || entry.Items[^1] != scope.ItemLabel)) entry.Items.Add(scope.ItemLabel);
    }

    private string Rows(Entry e)
    {
        var total = itemsPerList.GetValueOrDefault(e.ListPath);
        var items = e.Items.Distinct().ToList();
        if (total > 0 && items.Count >= total) return total == 1 ? "den ene række" : $"alle {total} rækker";
        var shown = items.Take(10).ToList();
        var numbers = DanishFormat.Enumeration(shown) + (items.Count > shown.Count ? " m.fl." : "");
        var of = total > 0 ? $" af {total}" : "";
        var rows = items.Count == 1 && total <= 1 ? "række" : "rækker";
        return $"{items.Count}{of} {rows} (nr. {numbers})";
    }
}
