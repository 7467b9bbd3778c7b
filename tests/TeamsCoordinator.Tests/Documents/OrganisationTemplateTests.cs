using DocumentFormat.OpenXml;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Documents.Templates;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.TemplateBuilder;
using static TeamsCoordinator.TemplateBuilder.Layout;
using static TeamsCoordinator.Tests.Documents.DocumentScenario;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Documents;

/// <summary>
/// An organisation's own template (Documents:Templates:{organisation}:{kind}): checked at start-up, explained in
/// Danish when it cannot be used, and the built-in template serves instead.
/// </summary>
public sealed class OrganisationTemplateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("org-templates-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static FieldSpec F(string name) => KriseplanForm.Schema.Find(name)!;
    private static FieldSpec Contact(string name) => F(KriseplanForm.Kontakter).ItemFields.First(i => i.Name == name);

    /// <summary>The region's own short crisis plan: the required fields only, so what else is typed has no place in it.</summary>
    private string ShortKriseplan()
    {
        var m = new ContentControlMarkup();
        OpenXmlElement[] body =
        [
            Title("Kriseplan – Region Nordjylland"),
            Line("Navn: ", m.Inline(F(KriseplanForm.Navn)), "   Nr.: ", m.Inline(F(KriseplanForm.Nr))),
            Heading1("Tidlige tegn"), m.Block(F(KriseplanForm.AdvarselsTegn)),
            Heading1("Det hjælper"), m.Block(F(KriseplanForm.DetHjaelperMig)),
            Heading1("Ring til"),
            Table([10, 50, 40], HeaderRow("Nr.", "Navn", "Telefon"),
                m.RepeatRow(F(KriseplanForm.Kontakter), Row(Cell(m.Inline(Contact(KriseplanForm.Raekkefoelge))),
                    Cell(m.Inline(Contact(KriseplanForm.Navn))), Cell(m.Inline(Contact(KriseplanForm.Telefon)))))),
            Line("Akutmodtagelse: ", m.Inline(F(KriseplanForm.Akutmodtagelse))),
            Line("Aftalt med ", m.Inline(F(KriseplanForm.AftaltMed)), " den ", m.Inline(F(KriseplanForm.AftaltDato)), "  Revideres: ", m.Inline(F(KriseplanForm.RevisionsDato))),
        ];
        return Save("kort-kriseplan.docx", FormPackage.Create("Kriseplan", body, []));
    }

    /// <summary>A template typed by hand with {felt} placeholders, which cannot hold the list of contacts.</summary>
    private string TypedKriseplan() => Save("typed-kriseplan.docx", FormPackage.Create("Kriseplan",
        [Text("Kriseplan for {Navn} ({Nr})"), Text("Tegn: {AdvarselsTegn}"), Text("Hjælper: {DetHjaelperMig}"), Text("Akut: {Akutmodtagelse}")], []));

    private string Save(string name, byte[] docx)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, docx);
        return path;
    }

    private static Dictionary<string, string?> Configured(string path) =>
        new() { [$"Documents:Templates:{DemoTenants.Region}:kriseplan"] = path };

    [Fact]
    public async Task ATemplateThatLacksARequiredListIsExplainedAtStartUpAndTheBuiltInServes()
    {
        await using var s = await DocumentScenario.StartAsync(Configured(TypedKriseplan()));

        var rejected = s.Bot.Services.GetRequiredService<DocumentTemplates>().Rejected;
        var (_, answer) = await s.MakeAsync(Sofie, DocumentKind.Kriseplan);

        var why = Assert.Single(rejected);
        Assert.Contains("region-nordjylland", why);
        Assert.Contains("den indbyggede skabelon bruges i stedet", why);
        Assert.Contains("Skabelonen mangler det påkrævede felt »Kontakter« (Hvem skal kontaktes, i denne rækkefølge).", why);
        Assert.Contains(s.Bot.Logs.AtLeast(LogLevel.Warning), l => l.Message == why);
        Assert.Contains("Kriseplan version 1", answer.Text);
        Assert.Contains("Koordinators standardskabelon", answer.Text);
    }

    [Fact]
    public async Task AMissingFileIsExplainedToo()
    {
        await using var s = await DocumentScenario.StartAsync(Configured(Path.Combine(_folder, "findes-ikke.docx")));

        Assert.Contains("findes ikke", Assert.Single(s.Bot.Services.GetRequiredService<DocumentTemplates>().Rejected));
    }

    [Fact]
    public async Task AnAcceptedTemplateIsUsedForTheOrganisationsForloeb()
    {
        await using var s = await DocumentScenario.StartAsync(Configured(ShortKriseplan()));
        Assert.Empty(s.Bot.Services.GetRequiredService<DocumentTemplates>().Rejected);

        // Only what the short template has room for: the contacts' names and phones, no roles.
        var form = await s.SayAsync(Sofie, "kriseplan");
        var answer = await s.ClickAsync(Sofie, DocumentCards.VerbCreate, Submit(form, DocumentCards.VerbCreate,
            [.. KriseplanAnswers, (KriseplanForm.Kontakter, "Mette Kjær |  | 11 22 33 44\nLars Nielsen |  | 55 66 77 88")]));

        Assert.True(answer.Text.Contains("Kriseplan version 1"), answer.Text);
        Assert.Contains("organisationens egen", answer.Text);
        using var download = await GetAsync(s, Link(answer.Card));
        var body = Docx.BodyText(await download.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("Kriseplan – Region Nordjylland", body);
        Assert.Contains("Lars Nielsen", body);
    }

    [Fact]
    public async Task DataTheTemplateHasNoPlaceForGivesTheProblemsInDanishAndNoDocument()
    {
        await using var s = await DocumentScenario.StartAsync(Configured(ShortKriseplan()));

        var (_, answer) = await s.MakeAsync(Sofie, DocumentKind.Kriseplan, (KriseplanForm.Udloesere, "Når nogen kommer uanmeldt."));

        Assert.Contains("Dokumentet er ikke lavet, fordi skabelonen og forløbets data ikke passer sammen. Intet er gemt.", answer.Text);
        Assert.Contains("Oplysningen »Udloesere« har ingen plads i skabelonen og kommer ikke med i dokumentet.", answer.Text);
        Assert.Contains("Oplysningen »Rolle« i listen »Kontakter« har ingen plads i skabelonen", answer.Text); // pre-filled roles
        Assert.Empty(answer.Buttons);
        Assert.Empty(await FilesAsync(s));
        Assert.Single(await AuditAsync(s), a => a.Action == "document.failed");
    }
}
