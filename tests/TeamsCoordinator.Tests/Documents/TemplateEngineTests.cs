using DocumentFormat.OpenXml.Wordprocessing;
using TeamsCoordinator.Documents.Templates;
using TeamsCoordinator.TemplateBuilder;
using static TeamsCoordinator.Tests.Documents.TestTemplates;

namespace TeamsCoordinator.Tests.Documents;

public class TemplateEngineTests
{
    [Fact]
    public void TextIsEscapedAndKeptExactly()
    {
        var template = Build(m => [Layout.Line("Navn: ", m.Inline(Spec("Navn")))]);
        var result = template.Fill(new DocumentData().Text("Navn", "Ærø <b>&amp; \"Østergård\" 'å'"));

        Docx.AssertValid(result.Document);
        Assert.Equal("Navn: Ærø <b>&amp; \"Østergård\" 'å'", Docx.Paragraphs(result.Document)[0]);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void LineBreaksBecomeBreaksAndBlankLinesStartNewParagraphs()
    {
        var template = Build(m => [m.Block(Spec("Status", FieldType.LongText))]);
        var result = template.Fill(new DocumentData().Text("Status", "Linje 1\r\nLinje 2\n\nNyt afsnit\tmed tab"));

        Docx.AssertValid(result.Document);
        Assert.Equal(["Linje 1\nLinje 2", "Nyt afsnit\tmed tab"], Docx.Paragraphs(result.Document));
    }

    [Fact]
    public void CharactersXmlCannotHoldAreDropped()
    {
        var template = Build(m => [Layout.Line(m.Inline(Spec("Navn")))]);
        var result = template.Fill(new DocumentData().Text("Navn", "A\u0001B\u000BC\uD800D"));

        Docx.AssertValid(result.Document);
        Assert.Equal("ABCD", Docx.Paragraphs(result.Document)[0]);
    }

    [Theory]
    [InlineData("2026-11-23T23:30:00Z", "24. november 2026 kl. 00.30")] // winter time, UTC+1
    [InlineData("2026-07-01T10:05:00Z", "1. juli 2026 kl. 12.05")]      // summer time, UTC+2
    public void MomentsAreShownInDanishInCopenhagenTime(string utc, string expected)
    {
        var template = Build(m => [Layout.Line(m.Inline(Spec("Tid")))]);
        var result = template.Fill(new DocumentData().Moment("Tid", DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(expected, Docx.Paragraphs(result.Document)[0]);
    }

    [Fact]
    public void DatePickerGetsTheDanishTextAndItsDateValue()
    {
        var template = Build(m => [Layout.Line(m.Inline(Spec("Dato", FieldType.Date)))]);
        var result = template.Fill(new DocumentData().Date("Dato", new DateOnly(2026, 3, 5)));

        Docx.AssertValid(result.Document);
        Assert.Equal("5. marts 2026", Docx.Paragraphs(result.Document)[0]);
        var date = Docx.Read(result.Document, d => Docx.ControlsTagged(d, "Dato")[0].SdtProperties!.GetFirstChild<SdtContentDate>()!.FullDate!.Value);
        Assert.Equal(new DateTime(2026, 3, 5), date.Date);
    }

    [Fact]
    public void JaNejDropDownTakesYesNoAndRefusesOtherAnswers()
    {
        var template = Build(m => [Layout.Line(m.Inline(Spec("Samtykke", FieldType.YesNo, "Samtykke fra borger")))]);

        Assert.Equal("Nej", Docx.Paragraphs(template.Fill(new DocumentData().YesNo("Samtykke", false)).Document)[0]);
        var refused = template.Fill(new DocumentData().Text("Samtykke", "Måske"));
        Assert.Equal(["Feltet »Samtykke fra borger« kan kun være Ja eller Nej, men fik »Måske«."], refused.Problems.Select(p => p.Message));
        Assert.Equal("Vælg Ja eller Nej", Docx.Paragraphs(refused.Document)[0]);
    }

    [Fact]
    public void NestedRepeatsRepeatTheInnerListInsideEachOuterItem()
    {
        var notes = Spec("Noter", FieldType.List, items: Spec("Tekst"));
        var points = Spec("Punkter", FieldType.List, items: [Spec("Titel"), notes]);
        var template = Build(m => m.RepeatBlocks(points,
        [
            Layout.Line(m.Inline(Spec("Titel")), " (", m.Inline(Spec("Forloeb")), ")"),
            .. m.RepeatBlocks(notes, [Layout.Line("– ", m.Inline(Spec("Tekst")))]),
        ]));
        DocumentData Point(string title, params string[] texts) => new DocumentData().Text("Titel", title)
            .List("Noter", texts.Select(t => new DocumentData().Text("Tekst", t)));

        var result = template.Fill(new DocumentData()
            .Text("Forloeb", "SØ-1")
            .List("Punkter", [Point("Bolig", "a", "b"), Point("Økonomi"), Point("Eventuelt", "c")]));

        Docx.AssertValid(result.Document);
        Assert.Equal(
            ["Bolig (SØ-1)", "– a", "– b", "Økonomi (SØ-1)", "– Tekst", "Eventuelt (SØ-1)", "– c"],
            Docx.Paragraphs(result.Document).Where(p => p.Length > 0));
        Assert.Empty(result.Problems);
    }

    [Theory]
    [InlineData("liste med en", true)]
    [InlineData("tom liste", false)]
    [InlineData("Ja", true)]
    [InlineData("Nej", false)]
    [InlineData("tekst", true)]
    [InlineData("tom tekst", false)]
    public void ConditionalBlocksFollowTheData(string value, bool shown)
    {
        var template = Build(m => [.. m.Conditional(FieldRole.If, "Vis", "Vis", [Layout.Text("HVIS")]),
                                   .. m.Conditional(FieldRole.IfNot, "Vis", "Vis ikke", [Layout.Text("HVIS IKKE")])]);
        var data = new DocumentData();
        _ = value switch
        {
            "liste med en" => data.List("Vis", [new DocumentData()]),
            "tom liste" => data.List("Vis", []),
            "Ja" => data.YesNo("Vis", true),
            "Nej" => data.YesNo("Vis", false),
            "tekst" => data.Text("Vis", "x"),
            _ => data.Text("Vis", " "),
        };

        var result = template.Fill(data);

        Docx.AssertValid(result.Document);
        Assert.Equal(shown ? ["HVIS"] : ["HVIS IKKE"], Docx.Paragraphs(result.Document));
    }

    [Fact]
    public void RemovingTheOnlyContentOfATableCellKeepsTheCellValid()
    {
        var template = Build(m => [Layout.Table([50, 50], Layout.Row(
            Layout.Cell(m.Conditional(FieldRole.If, "Vis", "Vis", [Layout.Text("kun hvis")]).ToArray()),
            Layout.Cell(Layout.Text("altid"))))]);

        var result = template.Fill(new DocumentData().YesNo("Vis", false));

        Docx.AssertValid(result.Document);
        Assert.DoesNotContain("kun hvis", Docx.BodyText(result.Document));
        Assert.Contains("altid", Docx.BodyText(result.Document));
    }

    [Fact]
    public void MissingAndUnplacedDataAreReportedInDanishOncePerField()
    {
        var efforts = Spec("Indsatser", FieldType.List, "Konkrete indsatser", Spec("Titel"), Spec("Ansvarlig"));
        var template = Build(m =>
        [
            Layout.Line(m.Inline(Spec("Navn")), m.Inline(Spec("Handlekommune"))),
            Layout.Line(m.Inline(Spec("Navn"))),
            Layout.Table([50, 50], m.RepeatRow(efforts, Layout.Row(Layout.Cell(m.Inline(Spec("Titel"))), Layout.Cell(m.Inline(Spec("Ansvarlig")))))),
            Layout.Table([100], m.RepeatRow(Spec("Kontakter", FieldType.List, items: Spec("Navn")), Layout.Row(Layout.Cell(m.Inline(Spec("Navn")))))),
            .. m.Conditional(FieldRole.If, "Paaroerende", "Pårørende", [Layout.Text("Pårørende")]),
        ]);
        DocumentData Effort(int i, bool owner) => owner
            ? new DocumentData().Text("Titel", $"Indsats {i}").Text("Ansvarlig", "Mette").Text("Telefon", "1234")
            : new DocumentData().Text("Titel", $"Indsats {i}").Text("Telefon", "1234");

        var result = template.Fill(new DocumentData()
            .Text("Handlekommune", "  ")
            .Text("Misbrug", "Hash")
            // Nothing is lost here, so nothing is said: an empty list and a blank text without a place.
            .List("Relatives", [])
            .Text("Afbud", " ")
            .List("Indsatser", [Effort(1, true), Effort(2, false), Effort(3, true), Effort(4, false)]));

        Docx.AssertValid(result.Document);
        Assert.Equal(
        [
            "Feltet »Navn« har ingen data og står tomt til udfyldning i Word.",
            "Feltet »Handlekommune« har ingen data og står tomt til udfyldning i Word.",
            "Feltet »Ansvarlig« i listen »Konkrete indsatser« har ingen data i 2 af 4 rækker (nr. 2 og 4) og står tomt til udfyldning i Word.",
            "Listen »Kontakter« har ingen data; der står en tom række til udfyldning i Word.",
            "Betingelsen »Paaroerende« har ingen data, så afsnittet, der afhænger af den, er udeladt.",
            "Oplysningen »Misbrug« har ingen plads i skabelonen og kommer ikke med i dokumentet.",
            "Oplysningen »Telefon« i listen »Indsatser« har ingen plads i skabelonen og kommer ikke med i dokumentet (alle 4 rækker).",
        ], result.Problems.Select(p => p.Message));
        Assert.Equal(
            [ProblemKind.FieldWithoutData, ProblemKind.FieldWithoutData, ProblemKind.FieldWithoutData, ProblemKind.FieldWithoutData,
             ProblemKind.FieldWithoutData, ProblemKind.DataWithoutPlace, ProblemKind.DataWithoutPlace],
            result.Problems.Select(p => p.Kind));
        Assert.Equal("Indsatser.Ansvarlig", result.Problems[2].Field);
    }

    [Fact]
    public void ValuesOfTheWrongShapeAreReported()
    {
        var template = Build(m =>
        [
            Layout.Line(m.Inline(Spec("Navn"))),
            Layout.Table([100], m.RepeatRow(Spec("Indsatser", FieldType.List, items: Spec("Titel")), Layout.Row(Layout.Cell(m.Inline(Spec("Titel")))))),
        ]);

        var result = template.Fill(new DocumentData().List("Navn", [new DocumentData()]).Text("Indsatser", "en tekst"));

        Docx.AssertValid(result.Document);
        Assert.Equal(
        [
            "Feltet »Navn« er et enkelt felt, men fik en liste.",
            "»Indsatser« er en gentagelse i skabelonen og skal have en liste, men fik en tekst.",
        ], result.Problems.Select(p => p.Message));
        Assert.All(result.Problems, p => Assert.Equal(ProblemKind.ValueDoesNotFit, p.Kind));
    }

    [Fact]
    public void ParallelFillsOfOneTemplateDoNotDisturbEachOther()
    {
        var template = WordTemplate.Load(BuiltInTemplateTests.TemplatePath("KIP.docx"));
        var texts = new string[16];
        Parallel.For(0, texts.Length, i =>
            texts[i] = Docx.BodyText(template.Fill(SampleDocuments.Kip(efforts: i + 1)).Document));
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Contains($"Indsats {i + 1}: ", texts[i]);
            Assert.DoesNotContain($"Indsats {i + 2}: ", texts[i]);
        }
    }
}
