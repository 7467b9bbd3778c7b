using DocumentFormat.OpenXml.Packaging;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Documents.Templates;
using TeamsCoordinator.TemplateBuilder;

namespace TeamsCoordinator.Tests.Documents;

public class BuiltInTemplateTests
{
    public static TheoryData<string> TemplateFiles => [.. BuiltInTemplates.All.Select(b => b.FileName)];

    internal static string TemplatePath(string fileName) => Path.Combine(AppContext.BaseDirectory, "templates", fileName);

    [Theory, MemberData(nameof(TemplateFiles))]
    public void EmptyTemplateIsValidOpenXml(string fileName) => Docx.AssertValid(File.ReadAllBytes(TemplatePath(fileName)));

    [Theory, MemberData(nameof(TemplateFiles))]
    public void EveryFieldOfTheSchemaHasItsPlaceAndTheTemplateHasNoOtherTags(string fileName)
    {
        var built = BuiltInTemplates.All.Single(b => b.FileName == fileName);
        var problems = TemplateChecker.Check(TemplatePath(fileName), built.Schema);
        Assert.Empty(problems);
        var template = WordTemplate.Load(TemplatePath(fileName));
        var tags = Flatten(template.Fields).Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var field in built.Schema.Fields) Assert.Contains(field.Name, tags);
    }

    [Theory, MemberData(nameof(TemplateFiles))]
    public void CommittedTemplatesMatchTheBuilder(string fileName)
    {
        var built = BuiltInTemplates.All.Single(b => b.FileName == fileName);
        var fresh = Parts(built.Build(new ContentControlMarkup()));
        var committed = Parts(File.ReadAllBytes(TemplatePath(fileName)));
        Assert.Equal(fresh.Keys.Order(), committed.Keys.Order());
        foreach (var (uri, xml) in fresh)
            Assert.True(xml == committed[uri], $"{fileName}: {uri} differs from what tools/TemplateBuilder builds; run `dotnet run --project tools/TemplateBuilder`.");
    }

    [Fact]
    public void KipTemplateHasDatePickersAndJaNejDropDownsWhereTheFormHasThem()
    {
        var template = WordTemplate.Load(TemplatePath(KipForm.Schema.FileName));
        var fields = Flatten(template.Fields).ToList();
        foreach (var date in new[] { KipForm.KoordinationsmoedeDato, KipForm.NaesteMoedeDato })
            Assert.Equal(ControlKind.Date, fields.First(f => f.Name == date && f.Role == FieldRole.Field).Control);
        foreach (var yesNo in new[] { KipForm.SamtykkeFraBorger, KipForm.PlanGodkendtAfBorger })
        {
            var field = fields.First(f => f.Name == yesNo && f.Role == FieldRole.Field);
            Assert.Equal(ControlKind.DropDown, field.Control);
            Assert.Equal(["Ja", "Nej"], field.Choices);
        }
    }

    [Theory, MemberData(nameof(TemplateFiles))]
    public void TemplatesAreDanishAndUseRealHeadingStyles(string fileName)
    {
        using var stream = File.OpenRead(TemplatePath(fileName));
        using var document = WordprocessingDocument.Open(stream, false);
        var styles = document.MainDocumentPart!.StyleDefinitionsPart!.Styles!;
        Assert.Equal("da-DK", styles.DocDefaults!.RunPropertiesDefault!.RunPropertiesBaseStyle!
            .GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.Languages>()!.Val!.Value);
        Assert.Contains(styles.Elements<DocumentFormat.OpenXml.Wordprocessing.Style>(), s => s.StyleId == "Heading1" && s.StyleName!.Val == "heading 1");
        var used = document.MainDocumentPart.Document.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.ParagraphStyleId>().Select(s => s.Val!.Value).ToHashSet();
        Assert.Contains("Heading1", used);
        Assert.Contains("Title", used);
    }

    internal static IEnumerable<TemplateField> Flatten(IEnumerable<TemplateField> fields) =>
        fields.SelectMany(f => Flatten(f.Children).Prepend(f));

    private static Dictionary<string, string> Parts(byte[] docx)
    {
        using var stream = new MemoryStream(docx);
        using var document = WordprocessingDocument.Open(stream, false);
        // The packaging layer names the core-properties part with a fresh GUID each time: key it by its role.
        return document.GetAllParts().ToDictionary(p => p.Uri.ToString().Contains("core-properties") ? "core-properties" : p.Uri.ToString(), p =>
        {
            using var reader = new StreamReader(p.GetStream());
            return reader.ReadToEnd();
        });
    }
}
