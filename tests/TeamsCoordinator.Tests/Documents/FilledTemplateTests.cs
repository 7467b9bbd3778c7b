using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Documents.Templates;
using TeamsCoordinator.TemplateBuilder;

namespace TeamsCoordinator.Tests.Documents;

/// <summary>The three shipped templates filled with realistic Danish data, read back from the XML.</summary>
public class FilledTemplateTests
{
    private static WordTemplate Load(TemplateSchema schema) => WordTemplate.Load(BuiltInTemplateTests.TemplatePath(schema.FileName));

    [Fact]
    public void KipWithFiftyEffortsIsValidCompleteAndInOrder()
    {
        var result = Load(KipForm.Schema).Fill(SampleDocuments.Kip(efforts: 50));

        Docx.AssertValid(result.Document);
        var e2007 = Docx.ValidationErrors(result.Document, FileFormatVersions.Office2007);
        Assert.True(e2007.Count == 0, string.Join("\n", e2007.Take(3)));
        Assert.Empty(result.Problems);
        var text = Docx.BodyText(result.Document);
        var positions = Enumerable.Range(1, 50).Select(i => text.IndexOf($"Indsats {i}: ", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("Søren Æbelø Østergård", text);
        Assert.Contains("23. november 2026", text);
        Assert.Contains("22. februar 2027", text);
        Assert.Contains("Paranoid skizofreni (DF20.0) & periodisk depression; tidligere <3 indlæggelser pr. år>", text);
        Assert.Contains("KIP nr. KIP-2026-0147", Docx.FooterText(result.Document));
    }

    [Fact]
    public void FilledKipKeepsItsContentControlsWithoutPlaceholderState()
    {
        var result = Load(KipForm.Schema).Fill(SampleDocuments.Kip(efforts: 3));

        Docx.Read(result.Document, document =>
        {
            var name = Assert.Single(Docx.ControlsTagged(document, KipForm.Navn));
            Assert.Null(name.SdtProperties!.GetFirstChild<ShowingPlaceholder>());
            Assert.Equal("Søren Æbelø Østergård", name.InnerText);
            Assert.DoesNotContain(name.Descendants<RunStyle>(), s => s.Val == "PlaceholderText");

            var date = Assert.Single(Docx.ControlsTagged(document, KipForm.KoordinationsmoedeDato));
            Assert.Equal(new DateTime(2026, 11, 23), date.SdtProperties!.GetFirstChild<SdtContentDate>()!.FullDate!.Value.Date);
            Assert.Equal("23. november 2026", date.InnerText);

            var consent = Assert.Single(Docx.ControlsTagged(document, KipForm.SamtykkeFraBorger));
            Assert.Equal("Ja", consent.InnerText);
            Assert.Equal("Ja", consent.SdtProperties!.GetFirstChild<SdtContentDropDownList>()!.LastValue!.Value);

            Assert.Equal(3, Docx.ControlsTagged(document, KipForm.Titel).Count);
            var repeat = Assert.Single(Docx.ControlsTagged(document, "repeat:" + KipForm.Indsatser));
            Assert.Equal(3, repeat.Descendants<TableRow>().Count());
            var ids = document.MainDocumentPart!.Document.Body!.Descendants<SdtId>().Select(i => i.Val!.Value).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.Equal(2, Docx.ControlsTagged(document, KipForm.Nr).Count); // body and footer
            return 0;
        });
    }

    [Fact]
    public void KipWithoutConsentShowsTheWarningAndWithConsentLeavesItOut()
    {
        var template = Load(KipForm.Schema);
        var without = template.Fill(SampleDocuments.Kip(efforts: 1).YesNo(KipForm.SamtykkeFraBorger, false));
        var with = template.Fill(SampleDocuments.Kip(efforts: 1));

        Assert.Contains("Borgeren har ikke givet samtykke", Docx.BodyText(without.Document));
        Assert.DoesNotContain("Borgeren har ikke givet samtykke", Docx.BodyText(with.Document));
        Docx.AssertValid(without.Document);
        Docx.AssertValid(with.Document);
    }

    [Fact]
    public void KipWithNoEffortsLeavesOneBlankRowToFillInWordAndSaysNothing()
    {
        var result = Load(KipForm.Schema).Fill(SampleDocuments.Kip().List(KipForm.Indsatser, []));

        Docx.AssertValid(result.Document);
        Assert.Empty(result.Problems);
        Docx.Read(result.Document, document =>
        {
            var repeat = Assert.Single(Docx.ControlsTagged(document, "repeat:" + KipForm.Indsatser));
            var row = Assert.Single(repeat.Descendants<TableRow>());
            Assert.NotNull(Assert.Single(Docx.ControlsTagged(document, KipForm.Titel)).SdtProperties!.GetFirstChild<ShowingPlaceholder>());
            return row;
        });
    }

    [Fact]
    public void KriseplanShowsTheRelativesSectionOnlyWhenThereAreRelatives()
    {
        var template = Load(KriseplanForm.Schema);
        var with = template.Fill(SampleDocuments.Kriseplan(withRelatives: true));
        var without = template.Fill(SampleDocuments.Kriseplan(withRelatives: false));

        Docx.AssertValid(with.Document);
        Docx.AssertValid(without.Document);
        Assert.Empty(with.Problems);
        Assert.Contains("Mine pårørende", Docx.BodyText(with.Document));
        Assert.Contains("Åse Østergård", Docx.BodyText(with.Document));
        Assert.DoesNotContain("Mine pårørende", Docx.BodyText(without.Document));
        Assert.DoesNotContain("Det kan mine pårørende gøre", Docx.BodyText(without.Document));
        Assert.Empty(without.Problems);
    }

    [Fact]
    public void ReferatNestsFollowUpsInAgendaItemsAndReportsTheEmptyEventueltFields()
    {
        var result = Load(ReferatForm.Schema).Fill(SampleDocuments.Referat());

        Docx.AssertValid(result.Document);
        var paragraphs = Docx.Paragraphs(result.Document);
        int At(string text) => paragraphs.ToList().FindIndex(p => p == text);
        Assert.True(At("1. Status siden sidst") < At("Sendes til egen læge"));
        Assert.True(At("Sendes til egen læge") < At("Kriseplanen deles med bostedet"));
        Assert.True(At("Kriseplanen deles med bostedet") < At("2. Praktik"));
        Assert.True(At("2. Praktik") < At("På næste dagsorden"));
        Assert.True(At("På næste dagsorden") < At("3. Eventuelt"));
        Assert.Equal(
        [
            "Feltet »Baggrund« i listen »Dagsorden« har ingen data i 1 af 3 rækker (nr. 3) og står tomt til udfyldning i Word.",
            "Feltet »Beslutning« i listen »Dagsorden« har ingen data i 1 af 3 rækker (nr. 3) og står tomt til udfyldning i Word.",
        ], result.Problems.Select(p => p.Message));
    }

    [Fact]
    public void ReferatWithoutAbsenceOrOnlineLinkDropsThoseSections()
    {
        var result = Load(ReferatForm.Schema).Fill(SampleDocuments.Referat(absent: false, online: false));

        Docx.AssertValid(result.Document);
        var text = Docx.BodyText(result.Document);
        Assert.DoesNotContain("Afbud", text);
        Assert.DoesNotContain("Online:", text);
        Assert.Contains("Borgerens stedfortræder: Ingrid Østergård (mor)", text);
        Assert.Contains("Betingelsen »OnlineLink« har ingen data, så afsnittet, der afhænger af den, er udeladt.",
            result.Problems.Select(p => p.Message));
        Assert.DoesNotContain(result.Problems, p => p.Field == ReferatForm.Afbud);
    }
}
