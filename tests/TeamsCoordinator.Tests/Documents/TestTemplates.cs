using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using TeamsCoordinator.Documents.Templates;
using TeamsCoordinator.TemplateBuilder;

namespace TeamsCoordinator.Tests.Documents;

/// <summary>Small templates made in the test, so each test shows exactly the markup it exercises.</summary>
internal static class TestTemplates
{
    public static FieldSpec Spec(string name, FieldType type = FieldType.Text, string? label = null, params FieldSpec[] items) =>
        new(name, type, label ?? name, "Skriv " + name, Items: items);

    public static WordTemplate Build(Func<FieldMarkup, IEnumerable<OpenXmlElement>> body) =>
        WordTemplate.Load(FormPackage.Create("Test", body(new ContentControlMarkup()), []));

    public static WordTemplate FromParagraphs(params Paragraph[] paragraphs) =>
        WordTemplate.Load(FormPackage.Create("Test", paragraphs, []));

    public static Run Run(string text, bool bold = false) =>
        bold ? new Run(new RunProperties(new Bold()), new Text(text) { Space = SpaceProcessingModeValues.Preserve })
             : new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
}
