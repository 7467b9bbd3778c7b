using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace TeamsCoordinator.Documents.Templates;

/// <summary>
/// Reads back what a filled document holds in its tagged content controls: the records of a repeat (one per item
/// the engine or Word made), each as field name → the text people see. Placeholder text counts as empty.
/// </summary>
public static class FilledFields
{
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Records(byte[] docx, string listName)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx, writable: false), false);
        var body = document.MainDocumentPart?.Document?.Body;
        if (body is null) return [];
        var repeat = body.Descendants<SdtElement>().FirstOrDefault(s =>
            TemplateTag.Parse(ContentControls.RawTag(s)) is { Role: FieldRole.Repeat } tag && tag.Name.Equals(listName, StringComparison.OrdinalIgnoreCase));
        if (repeat is null || ContentControls.Content(repeat) is not { } content) return [];
        var records = new List<IReadOnlyDictionary<string, string>>();
        foreach (var item in content.ChildElements)
        {
            var record = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var sdt in item.Descendants<SdtElement>().Prepend(item as SdtElement).OfType<SdtElement>())
                if (TemplateTag.Parse(ContentControls.RawTag(sdt)) is { Role: FieldRole.Field } tag && !record.ContainsKey(tag.Name))
                    record[tag.Name] = Text(sdt);
            if (record.Values.Any(v => v.Length > 0)) records.Add(record);
        }
        return records;
    }

    private static string Text(SdtElement sdt)
    {
        if (sdt.SdtProperties?.GetFirstChild<ShowingPlaceholder>() is not null || ContentControls.Content(sdt) is not { } content) return "";
        var paragraphs = content.Descendants<Paragraph>().ToList();
        return (paragraphs.Count > 0 ? string.Join("\n", paragraphs.Select(p => p.InnerText)) : content.InnerText).Trim();
    }
}
