using DocumentFormat.OpenXml.Wordprocessing;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Documents.Templates;
using TeamsCoordinator.TemplateBuilder;
using static TeamsCoordinator.Tests.Documents.TestTemplates;

namespace TeamsCoordinator.Tests.Documents;

/// <summary>An organisation's own KIP template, checked before the bot relies on it.</summary>
public class TemplateCheckerTests
{
    [Fact]
    public void OrganisationTemplateWithTypedPlaceholdersIsExplainedFieldByField()
    {
        var template = FromParagraphs(
            new Paragraph(Run("KIP nr. {Nr} for {Navn} ({CprNr"), Run("})")),
            new Paragraph(Run("Kommune: {Handlekommune}, tlf. {Telefonnummer}")),
            new Paragraph(Run("Ansvarlig: {Ansvarlig}")),
            new Paragraph(Run("Status: {AktuelStatus} {Samtykke")));

        var problems = TemplateChecker.Check(template, KipForm.Schema);

        Assert.Equal(
        [
            "»{« uden et afsluttende »}« i teksten »…tus: {AktuelStatus} {Samtykke«.",
            "Feltet »Telefonnummer« kendes ikke i KIP. Kendte felter: Nr, Navn, CprNr, Adresse, Telefon, Email, Handlekommune, Betalingskommune, SamtykkeFraBorger, Kontaktpersoner, KoordinationsmoedeDato, Tilstede, Afbud, PsykiskLidelse, Misbrug, AktuelStatus, Indsatser, NaesteMoedeDato, NaesteMoedeSted, PlanGodkendtAfBorger, Referent.",
            "Feltet »Ansvarlig« hører til listen »Indsatser« og skal stå inde i gentagelsen »repeat:Indsatser«.",
            "Skabelonen mangler det påkrævede felt »SamtykkeFraBorger« (Samtykke fra borger).",
            "Skabelonen mangler det påkrævede felt »Kontaktpersoner« (Kontaktpersoner).",
            "Skabelonen mangler det påkrævede felt »KoordinationsmoedeDato« (Koordinationsmødet, dato).",
            "Skabelonen mangler det påkrævede felt »Indsatser« (Konkrete indsatser).",
            "Skabelonen mangler det påkrævede felt »NaesteMoedeDato« (Dato for næste koordinationsmøde).",
        ], problems.Select(p => p.Message));
        Assert.All(problems, p => Assert.Equal(ProblemKind.TemplateFlaw, p.Kind));
    }

    [Fact]
    public void ContentControlsOfTheWrongKindAreExplained()
    {
        var efforts = KipForm.Schema.Find(KipForm.Indsatser)!;
        var template = Build(m =>
        [
            Layout.Line(m.Inline(Spec(KipForm.Navn, FieldType.Date))),
            Layout.Line(m.Inline(Spec(KipForm.Kontaktpersoner))),
            Layout.Table([100], m.RepeatRow(Spec(KipForm.Handlekommune, FieldType.List), Layout.Row(Layout.Cell(Layout.Text("x"))))),
            Layout.Table([100], m.RepeatRow(efforts, Layout.Row(Layout.Cell(m.Inline(Spec(KipForm.Titel)))))),
            .. m.Conditional(FieldRole.If, "Paaroerende", "Pårørende", [Layout.Text("x")]),
        ]);

        var messages = TemplateChecker.Check(template, KipForm.Schema).Select(p => p.Message).ToList();

        Assert.Contains("Feltet »Navn« er en datovælger i skabelonen, men »Navn« er ikke en dato.", messages);
        Assert.Contains("»Kontaktpersoner« er en liste og skal stå som gentagelse med tagget »repeat:Kontaktpersoner«.", messages);
        Assert.Contains("»repeat:Handlekommune« gentager et felt, der ikke er en liste; brug tagget »Handlekommune«.", messages);
        Assert.Contains("Gentagelsen »Indsatser« mangler det påkrævede felt »MaalOgIndsats« (Beskrivelse af mål og indsats inkl. tidsplan).", messages);
        Assert.Contains(messages, m => m.StartsWith("Betingelsen »if:Paaroerende« kendes ikke i KIP.", StringComparison.Ordinal));
    }

    [Fact]
    public void AFileThatIsNotAWordDocumentIsExplained()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ikke-word-{Guid.NewGuid():N}.docx");
        File.WriteAllText(path, "Dette er ikke et Word-dokument");
        try
        {
            var problem = Assert.Single(TemplateChecker.Check(path, KipForm.Schema));
            Assert.Equal($"»{Path.GetFileName(path)}« kan ikke åbnes som Word-dokument (.docx): filen er beskadiget eller har et andet format.", problem.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AMissingFileIsExplained()
    {
        var problem = Assert.Single(TemplateChecker.Check("/findes/ikke/KIP.docx", KipForm.Schema));
        Assert.StartsWith("Skabelonen »KIP.docx« kan ikke læses", problem.Message);
    }
}
