using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Office2013.Word;
using DocumentFormat.OpenXml.Wordprocessing;
using TeamsCoordinator.Documents.Templates;

namespace TeamsCoordinator.TemplateBuilder;

/// <summary>
/// How a form marks its fields. The same layout code produces our content-control templates and, for the benchmark,
/// an equivalent template with docxtemplater's <c>{placeholder}</c> syntax.
/// </summary>
public abstract class FieldMarkup
{
    /// <summary>A field inside a paragraph: short text, date picker or Ja/Nej drop-down.</summary>
    public abstract OpenXmlElement Inline(FieldSpec spec, string? prompt = null);

    /// <summary>A field that is a whole paragraph (or several): long text.</summary>
    public abstract OpenXmlElement Block(FieldSpec spec, string? prompt = null);

    /// <summary>A table row repeated once per record of the list.</summary>
    public abstract OpenXmlElement RepeatRow(FieldSpec list, TableRow pattern);

    /// <summary>Block content repeated once per record of the list.</summary>
    public abstract IEnumerable<OpenXmlElement> RepeatBlocks(FieldSpec list, IReadOnlyList<OpenXmlElement> pattern);

    /// <summary>Block content kept only when the condition holds (<c>if:</c>) or does not (<c>ifnot:</c>).</summary>
    public abstract IEnumerable<OpenXmlElement> Conditional(FieldRole role, string name, string label, IReadOnlyList<OpenXmlElement> blocks);
}

/// <summary>Word content controls tagged with the field name: what our templates use.</summary>
public sealed class ContentControlMarkup : FieldMarkup
{
    private int nextId = 1000;

    public override OpenXmlElement Inline(FieldSpec spec, string? prompt = null)
    {
        var properties = Properties(spec.Label, spec.Name, showingPlaceholder: true);
        switch (spec.Type)
        {
            case FieldType.Date:
                properties.AppendChild(new SdtContentDate(
                    new DateFormat { Val = "d. MMMM yyyy" },
                    new LanguageId { Val = "da-DK" },
                    new SdtDateMappingType { Val = DateFormatValues.DateTime },
                    new Calendar { Val = CalendarValues.Gregorian }));
                prompt ??= "Vælg dato";
                break;
            case FieldType.YesNo:
                properties.AppendChild(new SdtContentDropDownList(
                    new ListItem { DisplayText = "Ja", Value = "Ja" },
                    new ListItem { DisplayText = "Nej", Value = "Nej" }));
                prompt ??= "Vælg Ja eller Nej";
                break;
            default:
                properties.AppendChild(new SdtContentText());
                break;
        }
        return new SdtRun(properties, new SdtContentRun(PlaceholderRun(prompt ?? spec.Label)));
    }

    public override OpenXmlElement Block(FieldSpec spec, string? prompt = null) =>
        new SdtBlock(
            Properties(spec.Label, spec.Name, showingPlaceholder: true),
            new SdtContentBlock(new Paragraph(PlaceholderRun(prompt ?? spec.Description))));

    public override OpenXmlElement RepeatRow(FieldSpec list, TableRow pattern) =>
        new SdtRow(
            Properties(list.Label, TemplateTag.RepeatPrefix + list.Name, showingPlaceholder: false, new SdtRepeatedSection()),
            new SdtContentRow(new SdtRow(
                Properties(null, null, showingPlaceholder: false, new SdtRepeatedSectionItem()),
                new SdtContentRow(pattern))));

    public override IEnumerable<OpenXmlElement> RepeatBlocks(FieldSpec list, IReadOnlyList<OpenXmlElement> pattern)
    {
        yield return new SdtBlock(
            Properties(list.Label, TemplateTag.RepeatPrefix + list.Name, showingPlaceholder: false, new SdtRepeatedSection()),
            new SdtContentBlock(new SdtBlock(
                Properties(null, null, showingPlaceholder: false, new SdtRepeatedSectionItem()),
                new SdtContentBlock(pattern))));
    }

    public override IEnumerable<OpenXmlElement> Conditional(FieldRole role, string name, string label, IReadOnlyList<OpenXmlElement> blocks)
    {
        yield return new SdtBlock(
            Properties(label, new TemplateTag(role, name).ToString(), showingPlaceholder: false),
            new SdtContentBlock(blocks));
    }

    private SdtProperties Properties(string? alias, string? tag, bool showingPlaceholder, params OpenXmlElement[] extra)
    {
        var properties = new SdtProperties();
        if (alias is not null) properties.AppendChild(new SdtAlias { Val = alias });
        if (tag is not null) properties.AppendChild(new Tag { Val = tag });
        properties.AppendChild(new SdtId { Val = nextId++ });
        if (showingPlaceholder) properties.AppendChild(new ShowingPlaceholder());
        foreach (var element in extra) properties.AppendChild(element);
        return properties;
    }

    private static Run PlaceholderRun(string prompt) =>
        new(new RunProperties(new RunStyle { Val = "PlaceholderText" }), new Text(prompt));
}

/// <summary>docxtemplater's syntax: <c>{felt}</c>, loops and sections as <c>{#liste}…{/liste}</c>, inverted <c>{^felt}</c>.</summary>
public sealed class DocxtemplaterMarkup : FieldMarkup
{
    public override OpenXmlElement Inline(FieldSpec spec, string? prompt = null) => new Run(new Text("{" + spec.Name + "}"));

    public override OpenXmlElement Block(FieldSpec spec, string? prompt = null) => new Paragraph(Inline(spec));

    public override OpenXmlElement RepeatRow(FieldSpec list, TableRow pattern)
    {
        var cells = pattern.Elements<TableCell>().ToList();
        var first = cells[0].Elements<Paragraph>().First();
        first.InsertAfter(new Run(new Text("{#" + list.Name + "}")), first.ParagraphProperties);
        cells[^1].Elements<Paragraph>().Last().AppendChild(new Run(new Text("{/" + list.Name + "}")));
        return pattern;
    }

    public override IEnumerable<OpenXmlElement> RepeatBlocks(FieldSpec list, IReadOnlyList<OpenXmlElement> pattern) =>
        [new Paragraph(new Run(new Text("{#" + list.Name + "}"))), .. pattern, new Paragraph(new Run(new Text("{/" + list.Name + "}")))];

    public override IEnumerable<OpenXmlElement> Conditional(FieldRole role, string name, string label, IReadOnlyList<OpenXmlElement> blocks) =>
        [new Paragraph(new Run(new Text("{" + (role == FieldRole.IfNot ? "^" : "#") + name + "}"))), .. blocks, new Paragraph(new Run(new Text("{/" + name + "}")))];
}
