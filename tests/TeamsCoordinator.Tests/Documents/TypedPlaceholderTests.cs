using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using TeamsCoordinator.Documents.Templates;
using TeamsCoordinator.TemplateBuilder;
using static TeamsCoordinator.Tests.Documents.TestTemplates;

namespace TeamsCoordinator.Tests.Documents;

/// <summary>{felt} typed by hand into an organisation's own template, the way Word really stores it.</summary>
public class TypedPlaceholderTests
{
    [Fact]
    public void PlaceholderSplitOverRunsWithSpellCheckMarksIsFilled()
    {
        // What Word writes after the user typed "{Navn}", spell check flagged it and part of it was made bold.
        var template = FromParagraphs(new Paragraph(
            Run("Kære {"),
            new ProofError { Type = ProofingErrorValues.SpellStart },
            Run("Na", bold: true),
            new BookmarkStart { Id = "0", Name = "navn" },
            Run("vn"),
            new BookmarkEnd { Id = "0" },
            new ProofError { Type = ProofingErrorValues.SpellEnd },
            Run("}, velkommen.")));

        var result = template.Fill(new DocumentData().Text("Navn", "Søren Østergård"));

        Docx.AssertValid(result.Document);
        Assert.Equal("Kære Søren Østergård, velkommen.", Docx.Paragraphs(result.Document)[0]);
        Assert.Empty(result.Problems);
        var control = Docx.Read(result.Document, d => Assert.Single(Docx.ControlsTagged(d, "Navn")).InnerText);
        Assert.Equal("Søren Østergård", control);
    }

    [Fact]
    public void SeveralPlaceholdersInOneRunAndAcrossRunsKeepTheTextAroundThem()
    {
        var template = FromParagraphs(new Paragraph(Run("{A} og {B"), Run("} samt {"), Run("C}!", bold: true)));

        var result = template.Fill(new DocumentData().Text("A", "1").Text("B", "2").Text("C", "3"));

        Docx.AssertValid(result.Document);
        Assert.Equal("1 og 2 samt 3!", Docx.Paragraphs(result.Document)[0]);
        Assert.Equal(["A", "B", "C"], template.Fields.Select(f => f.Name));
        Assert.All(template.Fields, f => Assert.Equal(ControlKind.TypedPlaceholder, f.Control));
    }

    [Fact]
    public void TheFilledValueKeepsTheFormattingWhereThePlaceholderStarts()
    {
        var template = FromParagraphs(new Paragraph(Run("Nr.: "), Run("{N", bold: true), Run("r}")));

        var result = template.Fill(new DocumentData().Text("Nr", "KIP-7"));

        var bold = Docx.Read(result.Document, d =>
            Docx.ControlsTagged(d, "Nr")[0].Descendants<Run>().Single().RunProperties?.Bold is not null);
        Assert.True(bold);
    }

    [Fact]
    public void PlaceholdersInHeadersAndFootersAreFilledToo()
    {
        var template = WordTemplate.Load(FormPackage.Create("Test", [Layout.Text("Krop")], [Run("Forløb {Forloeb}")]));

        var result = template.Fill(new DocumentData().Text("Forloeb", "SØ-1"));

        Assert.StartsWith("Forløb SØ-1", Docx.FooterText(result.Document));
    }

    [Fact]
    public void PlaceholderWithoutDataStaysVisibleAndIsReported()
    {
        var template = FromParagraphs(new Paragraph(Run("Tlf.: {Telefon}")));

        var result = template.Fill(new DocumentData());

        Assert.Equal("Tlf.: {Telefon}", Docx.Paragraphs(result.Document)[0]);
        Assert.Equal(["Feltet »Telefon« har ingen data og står tomt til udfyldning i Word."], result.Problems.Select(p => p.Message));
    }

    [Fact]
    public void MalformedPlaceholdersAreExplainedInDanishAndLeftAlone()
    {
        var template = FromParagraphs(
            new Paragraph(Run("Navn: {Navn")),
            new Paragraph(Run("Tom: {} og {Tlf nr}")),
            new Paragraph(Run("Slut} her")));

        Assert.Equal(
        [
            "»{« uden et afsluttende »}« i teksten »Navn: {Navn«.",
            "En tom pladsholder »{}« i teksten »Tom: {} og {Tlf nr}«.",
            "Pladsholderen »{Tlf nr}« har et ugyldigt navn: brug kun bogstaver, tal, _ og - (ingen mellemrum).",
            "»}« uden et »{« foran i teksten »Slut} her«.",
        ], template.Flaws);
        Assert.Empty(template.Fields);
        var result = template.Fill(new DocumentData());
        Assert.Equal(["Navn: {Navn", "Tom: {} og {Tlf nr}", "Slut} her"], Docx.Paragraphs(result.Document));
    }

    [Fact]
    public void FieldCodesWithBracesAreNotPlaceholders()
    {
        var template = FromParagraphs(new Paragraph(
            new Run(new FieldChar { FieldCharType = FieldCharValues.Begin }),
            new Run(new FieldCode(" QUOTE {x} ") { Space = SpaceProcessingModeValues.Preserve }),
            new Run(new FieldChar { FieldCharType = FieldCharValues.End }),
            Run("{Navn}")));

        Assert.Empty(template.Flaws);
        Assert.Equal(["Navn"], template.Fields.Select(f => f.Name));
    }
}
