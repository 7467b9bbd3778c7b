namespace TeamsCoordinator.Documents.Templates;

/// <summary>
/// Checks an organisation's own template against what a document kind needs, before anyone relies on it:
/// unknown tags, malformed <c>{felt}</c> placeholders, fields in the wrong place, required fields missing.
/// Meant to run at start-up; every problem is a Danish sentence an administrator can act on.
/// </summary>
public static class TemplateChecker
{
    public static IReadOnlyList<TemplateProblem> Check(string path, TemplateSchema schema)
    {
        try
        {
            return Check(WordTemplate.Load(path), schema);
        }
        catch (TemplateException e)
        {
            return [new TemplateProblem(ProblemKind.TemplateFlaw, "", e.Message)];
        }
    }

    public static IReadOnlyList<TemplateProblem> Check(WordTemplate template, TemplateSchema schema)
    {
        var problems = template.Flaws.Select(f => Flaw("", f)).ToList();
        var placed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        CheckLevel(template.Fields, [schema.Fields], "", schema, placed, problems);
        foreach (var spec in schema.Fields.Where(f => f.Required && !placed.Contains(f.Name)))
            problems.Add(Flaw(spec.Name, $"Skabelonen mangler det påkrævede felt »{spec.Name}« ({spec.Label})."));
        return problems;
    }

    /// <param name="scopes">The fields visible here: innermost list's item fields first, then outwards.</param>
    private static void CheckLevel(
        IReadOnlyList<TemplateField> fields, IReadOnlyList<IReadOnlyList<FieldSpec>> scopes, string path,
        TemplateSchema schema, HashSet<string> placed, List<TemplateProblem> problems)
    {
        foreach (var field in fields)
        {
            var spec = scopes.Select(s => s.FirstOrDefault(f => Same(f.Name, field.Name))).FirstOrDefault(f => f is not null);
            var fieldPath = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            if (spec is null)
            {
                problems.Add(Flaw(fieldPath, Unknown(field, schema)));
                CheckLevel(field.Children, scopes, path, schema, placed, problems);
                continue;
            }
            if (scopes.Count == 1) placed.Add(spec.Name);

            switch (field.Role)
            {
                case FieldRole.Repeat when spec.Type != FieldType.List:
                    problems.Add(Flaw(fieldPath, $"»repeat:{field.Name}« gentager et felt, der ikke er en liste; brug tagget »{field.Name}«."));
                    break;
                case FieldRole.Repeat:
                    CheckLevel(field.Children, [spec.ItemFields, .. scopes], fieldPath, schema, placed, problems);
                    foreach (var item in spec.ItemFields.Where(i => i.Required && !Mentions(field.Children, i.Name)))
                        problems.Add(Flaw($"{fieldPath}.{item.Name}", $"Gentagelsen »{field.Name}« mangler det påkrævede felt »{item.Name}« ({item.Label})."));
                    break;
                case FieldRole.If or FieldRole.IfNot:
                    CheckLevel(field.Children, scopes, path, schema, placed, problems);
                    break;
                default:
                    if (spec.Type == FieldType.List)
                        problems.Add(Flaw(fieldPath, $"»{field.Name}« er en liste og skal stå som gentagelse med tagget »repeat:{field.Name}«."));
                    else if (CheckControl(field, spec) is { } mismatch)
                        problems.Add(Flaw(fieldPath, mismatch));
                    break;
            }
        }
    }

    private static string? CheckControl(TemplateField field, FieldSpec spec)
    {
        if (field.Control == ControlKind.Date && spec.Type is not FieldType.Date)
            return $"Feltet »{field.Name}« er en datovælger i skabelonen, men »{spec.Label}« er ikke en dato.";
        if (field.Control == ControlKind.DropDown && spec.Type == FieldType.YesNo
            && !(field.Choices.Contains("Ja", StringComparer.OrdinalIgnoreCase) && field.Choices.Contains("Nej", StringComparer.OrdinalIgnoreCase)))
            return $"Rullelisten »{field.Name}« skal have valgene Ja og Nej.";
        if (field.Control == ControlKind.DropDown && spec.Type != FieldType.YesNo)
            return $"Feltet »{field.Name}« er en rulleliste i skabelonen, men »{spec.Label}« har ingen faste valg; brug et tekstfelt.";
        return null;
    }

    private static string Unknown(TemplateField field, TemplateSchema schema)
    {
        var owner = schema.Fields.FirstOrDefault(f => f.ItemFields.Any(i => Same(i.Name, field.Name)));
        if (owner is not null && field.Role == FieldRole.Field)
            return $"Feltet »{field.Name}« hører til listen »{owner.Name}« og skal stå inde i gentagelsen »repeat:{owner.Name}«.";
        var known = string.Join(", ", schema.Fields.Select(f => f.Name));
        var what = field.Role switch
        {
            FieldRole.Repeat => $"Gentagelsen »repeat:{field.Name}«",
            FieldRole.If or FieldRole.IfNot => $"Betingelsen »{new TemplateTag(field.Role, field.Name)}«",
            _ => $"Feltet »{field.Name}«",
        };
        return $"{what} kendes ikke i {schema.DocumentName}. Kendte felter: {known}.";
    }

    private static bool Mentions(IReadOnlyList<TemplateField> fields, string name) =>
        fields.Any(f => Same(f.Name, name) || Mentions(f.Children, name));

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static TemplateProblem Flaw(string field, string message) => new(ProblemKind.TemplateFlaw, field, message);
}
