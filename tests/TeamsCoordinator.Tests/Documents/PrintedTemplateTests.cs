using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Documents.Templates;
using TeamsCoordinator.TemplateBuilder;
using TeamsCoordinator.Tests.EndToEnd;

namespace TeamsCoordinator.Tests.Documents;

/// <summary>
/// Each template filled with realistic Danish data, printed by LibreOffice (headless) to PDF: the text is there in
/// reading order (pdftotext), and a PNG of every page is kept in TestResults/documents/ for a person to look at.
/// LibreOffice or poppler missing fails the test with what to install.
/// </summary>
public sealed class PrintedTemplateTests
{
    private static readonly string Output = Path.Combine(ExternalTools.RepositoryRoot, "TestResults", "documents");

    public static TheoryData<string> Samples => ["kip-50-indsatser", "kip-uden-indsatser", "kriseplan", "kriseplan-uden-paaroerende", "referat"];

    private static (TemplateSchema Schema, DocumentData Data, string[] InOrder) Sample(string name) => name switch
    {
        "kip-50-indsatser" => (KipForm.Schema, SampleDocuments.Kip(efforts: 50),
            ["Søren Æbelø Østergård", "Kontaktpersoner", "Indsats 1:", "Indsats 2:", "Indsats 49:", "Indsats 50:", "22. februar 2027"]),
        "kip-uden-indsatser" => (KipForm.Schema, SampleDocuments.Kip().List(KipForm.Indsatser, []),
            ["Søren Æbelø Østergård", "Konkrete indsatser", "22. februar 2027"]),
        "kriseplan" => (KriseplanForm.Schema, SampleDocuments.Kriseplan(withRelatives: true),
            ["Mine tidlige advarselstegn", "Mine pårørende", "Åse Østergård", "Hvem skal kontaktes", "Ved livsfare: ring 112."]),
        "kriseplan-uden-paaroerende" => (KriseplanForm.Schema, SampleDocuments.Kriseplan(withRelatives: false),
            ["Mine tidlige advarselstegn", "Hvem skal kontaktes", "Ved livsfare: ring 112."]),
        _ => (ReferatForm.Schema, SampleDocuments.Referat(),
            ["1. Status siden sidst", "Sendes til egen læge", "2. Praktik", "På næste dagsorden", "3. Eventuelt"]),
    };

    [Theory, MemberData(nameof(Samples))]
    public async Task PrintsToPdfWithTheTextInReadingOrderAndKeepsPagePictures(string name)
    {
        var soffice = ExternalTools.FindOnPath("soffice") ?? throw new InvalidOperationException("LibreOffice is missing: apt-get install -y libreoffice-writer");
        var pdftotext = ExternalTools.FindOnPath("pdftotext") ?? throw new InvalidOperationException("poppler is missing: apt-get install -y poppler-utils");
        var pdftoppm = ExternalTools.FindOnPath("pdftoppm")!;
        var (schema, data, inOrder) = Sample(name);
        var folder = Directory.CreateDirectory(Path.Combine(Output, name)).FullName;
        foreach (var old in Directory.EnumerateFiles(folder)) File.Delete(old);
        var docx = Path.Combine(folder, name + ".docx");
        var filled = WordTemplate.Load(BuiltInTemplateTests.TemplatePath(schema.FileName)).Fill(data);
        Docx.AssertValid(filled.Document);
        await File.WriteAllBytesAsync(docx, filled.Document);

        // Each conversion gets its own LibreOffice profile, so parallel tests do not share (and lock) one.
        var profile = Directory.CreateTempSubdirectory("lo-profile-");
        try
        {
            var convert = await ExternalTools.RunAsync(soffice, [$"-env:UserInstallation=file://{profile.FullName}", "--headless", "--convert-to", "pdf", "--outdir", folder, docx],
                folder, TimeSpan.FromMinutes(3));
            Assert.True(convert.ExitCode == 0, convert.ToString());
        }
        finally { profile.Delete(recursive: true); }
        var pdf = Path.Combine(folder, name + ".pdf");
        Assert.True(File.Exists(pdf), $"LibreOffice made no PDF of {name}");

        var text = await ExternalTools.RunAsync(pdftotext, [pdf, "-"], folder, TimeSpan.FromMinutes(1));
        Assert.Equal(0, text.ExitCode);
        var at = inOrder.Select(s => text.Stdout.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.True(at.All(p => p >= 0), $"missing in the PDF: {string.Join(", ", inOrder.Where((s, i) => at[i] < 0))}");
        Assert.Equal(at.Order(), at);

        var pages = await ExternalTools.RunAsync(pdftoppm, ["-png", "-r", "60", pdf, Path.Combine(folder, "side")], folder, TimeSpan.FromMinutes(1));
        Assert.Equal(0, pages.ExitCode);
        Assert.NotEmpty(Directory.EnumerateFiles(folder, "side-*.png"));
    }
}
