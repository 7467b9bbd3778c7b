using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TeamsCoordinator.Addin;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Documents;

namespace TeamsCoordinator.Tests.EndToEnd;

/// <summary>
/// The real task pane (the bot's /addin/ page, as built from addin/) in headless Chromium against the bot on a real
/// port in development mode, with Office.js replaced by an in-page Word fake (tests/e2e/lib/word-fake.js) that holds
/// the content controls of a KIP the bot generated. A member joins after the KIP was made; the pane brings them into
/// the team table, and saves the document as the forløb's next version.
/// </summary>
public sealed class AddinPaneTests : IAsyncLifetime
{
    private const string Lars = "00000000-0000-4000-8000-00000000b001";
    private const string Camilla = "00000000-0000-4000-8000-00000000b002";
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("addin-pane-");
    private WebApplicationFactory<Program> _bot = null!;
    private string _baseUrl = "";
    private long _caseId;

    public Task InitializeAsync()
    {
        var data = Directory.CreateDirectory(Path.Combine(_work.FullName, "bot-data")).FullName;
        _bot = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("urls", "http://127.0.0.1:0");
            b.UseSetting("Bot:AllowAnonymous", "true");
            b.UseSetting("Storage:DataFolder", data);
        });
        _bot.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _bot.StartServer();
        _baseUrl = _bot.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { _work.Delete(recursive: true); } catch (IOException) { }
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, CoordinatorDb, Task<T>> work)
    {
        using var scope = _bot.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        var result = await work(scope.ServiceProvider, db);
        await db.SaveChangesAsync();
        return result;
    }

    /// <summary>The demo user (the development token's) coordinates a forløb with Lars; its consent covers Aalborg Kommune.</summary>
    private Task<long> SeedAsync() => InScopeAsync(async (_, db) =>
    {
        var now = DateTimeOffset.UtcNow;
        var c = new CitizenCase
        {
            Initials = "AB", CaseNumber = "F-2026-0042", CoordinatingOrganisationId = DemoTenants.Region, HandlekommuneId = DemoTenants.Aalborg,
            CoordinatorUserId = AddinDevelopmentTokens.DemoUserId, ChannelId = "channel-forloeb-id", TeamId = "team-id",
            ServiceUrl = "http://127.0.0.1:9/", TenantId = AddinDevelopmentTokens.DemoTenantId, CreatedAt = now, CreatedBy = AddinDevelopmentTokens.DemoUserId,
            Citizen = new ProtectedCitizen { FullName = "Anders Borgersen", Cpr = "010190-1234" },
        };
        c.Members.Add(Member(AddinDevelopmentTokens.DemoUserId, "Mette Kjær", DemoTenants.Region, Sector.Region, "Kontaktperson i distriktspsykiatrien"));
        c.Members.Add(Member(Lars, "Lars Nielsen", DemoTenants.Aalborg, Sector.Kommune, "Sagsbehandler"));
        db.Add(c);
        await db.SaveChangesAsync();
        db.Add(new Consent
        {
            CaseId = c.Id, OrganisationIds = [DemoTenants.Aalborg], Kinds = InformationKind.ContactData | InformationKind.Plans | InformationKind.Minutes,
            ValidFrom = DateOnly.FromDateTime(now.UtcDateTime), RecordedAt = now, RecordedBy = AddinDevelopmentTokens.DemoUserId,
        });
        return c.Id;
    });

    private static CaseMember Member(string id, string name, string organisation, Sector sector, string function) => new()
    {
        UserId = id, DisplayName = name, OrganisationId = organisation, Sector = sector, Function = function,
        AddedAt = DateTimeOffset.UtcNow, AddedBy = AddinDevelopmentTokens.DemoUserId,
    };

    /// <summary>Fills the kind's template from the forløb as the form's submit does, and keeps it as the next version.</summary>
    private Task<StoredFile> MakeAsync(DocumentKind kind, params (string, string)[] answers) => InScopeAsync(async (services, db) =>
    {
        var c = await db.Set<CitizenCase>().Include(x => x.Members).FirstAsync(x => x.Id == _caseId);
        var facts = await services.GetRequiredService<DocumentWork>().FactsAsync(c, AddinDevelopmentTokens.DemoUserId, "Mette Kjær", CancellationToken.None);
        var form = DocumentForm.For(kind);
        var values = form.Inputs(facts).Where(i => i.Value is not null).ToDictionary(i => i.Id, i => i.Value!);
        foreach (var (k, v) in answers) values[k] = v;
        var filled = services.GetRequiredService<DocumentTemplates>().For(kind, c.CoordinatingOrganisationId).Fill(form.Data(facts, new FormValues(values)));
        var kept = await services.GetRequiredService<IDocumentStore>().KeepAsync(
            new NewDocument(c, kind, filled.Document, AddinDevelopmentTokens.DemoUserId, DateTimeOffset.UtcNow), CancellationToken.None);
        return await db.Set<StoredFile>().FirstAsync(f => f.Id == kept.FileId);
    });

    [Fact]
    public async Task TheTaskPaneRefreshesTheTeamTableFromTheForloebAndSavesTheNextVersion()
    {
        var node = ExternalTools.RequireNode();
        ExternalTools.RequireE2ePackages();
        ExternalTools.RequireChromium();
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "addin", "index.html")),
            "The Word add-in is not built: run npm ci && npm run build in addin/ (./run-tests.sh does), then build the tests again.");

        _caseId = await SeedAsync();
        await MakeAsync(DocumentKind.Referat, (ReferatForm.Formaal, "Plan efter udskrivning"), (ReferatForm.BorgerensOensker, "Ro"),
            (ReferatForm.Aftaler, "Ansøge om bostøtte | Lars Nielsen | Aalborg Kommune | 2027-01-15"));
        // The referat's agreement as the referat's submit makes it: an open task with a named owner (bot/Tasks).
        await InScopeAsync(async (_, db) =>
        {
            db.Add(new TeamsCoordinator.Tasks.CaseTask
            {
                PublicId = Guid.NewGuid().ToString("N"), CaseId = _caseId, Title = "Ansøge om bostøtte", OwnerUserId = Lars, OwnerName = "Lars Nielsen",
                OwnerOrganisationId = DemoTenants.Aalborg, OwnerSector = Sector.Kommune, Due = new DateOnly(2027, 1, 15),
                CreatedAt = DateTimeOffset.UtcNow, CreatedByUserId = AddinDevelopmentTokens.DemoUserId,
            });
            return await Task.FromResult(0);
        });
        var kip = await MakeAsync(DocumentKind.Kip, (KipForm.AktuelStatus, "Skrevet af teamet på mødet"));
        // Camilla joins after the KIP was made.
        await InScopeAsync(async (_, db) =>
        {
            var c = await db.Set<CitizenCase>().Include(x => x.Members).FirstAsync(x => x.Id == _caseId);
            c.Members.Add(Member(Camilla, "Camilla Berg", DemoTenants.Aalborg, Sector.Kommune, "Støttekontaktperson"));
            return 0;
        });

        var documentJson = Path.Combine(_work.FullName, "document.json");
        await File.WriteAllTextAsync(documentJson, WordModel(kip.Content).ToJsonString());
        var run = await ExternalTools.RunAsync(node, ["addin-pane.mjs", _baseUrl, documentJson], ExternalTools.E2eFolder, TimeSpan.FromMinutes(4));
        Assert.True(run.ExitCode == 0, $"addin-pane.mjs could not run: {run}");
        var pane = JsonNode.Parse(run.Stdout)!;
        Assert.True(pane["error"] is null, $"The pane did not get through: {pane["error"]}\n{run.Stdout}");

        // Served with the policy that allows Office.js and nothing else; the page is revalidated, the hashed assets kept.
        var headers = pane["page"]!["headers"]!;
        Assert.Equal(AddinStaticFiles.ContentSecurityPolicy, (string?)headers["content-security-policy"]);
        Assert.Equal("no-cache", (string?)headers["cache-control"]);
        Assert.Contains("immutable", (string?)pane["asset"]!["headers"]!["cache-control"]);
        Assert.Empty(pane["console"]!.AsArray());
        Assert.Empty(pane["blocked"]!.AsArray());

        Assert.Contains("KIP for forløb AB · F-2026-0042, version 1", (string?)pane["documentInfo"]);
        Assert.Equal(["Opdatér fra forløbet", "Indsæt aftaler", "Gem som ny version"], pane["buttons"]!.AsArray().Select(b => (string)b!).ToArray());
        var changes = string.Join("\n", pane["changes"]!.AsArray().Select(c => (string)c!));
        Assert.Contains("Kontaktpersoner", changes);
        Assert.Contains("Camilla Berg", changes);

        // After "Opdatér felterne": the team table holds the whole team, the coordinator first; what people wrote is as it was.
        var after = pane["controlsAfter"]!.AsArray();
        var repeat = after.Single(c => (string?)c!["tag"] == "repeat:" + KipForm.Kontaktpersoner)!;
        var names = after.Where(c => (string?)c!["tag"] == KipForm.TitelOgNavn && (int?)c["parent"] == (int)repeat["id"]!)
            .OrderBy(c => (int)c!["row"]!).Select(c => (string)c!["text"]!).ToList();
        Assert.Equal(3, names.Count);
        Assert.StartsWith("Mette Kjær", names[0]);
        Assert.Contains("Camilla Berg", names);
        Assert.Contains("Lars Nielsen", names);
        Assert.Equal("Skrevet af teamet på mødet", (string?)after.Single(c => (string?)c!["tag"] == KipForm.AktuelStatus)!["text"]);
        Assert.Equal("010190-1234", (string?)after.Single(c => (string?)c!["tag"] == KipForm.CprNr)!["text"]);
        Assert.Contains("opdateret fra forløbet", (string?)pane["refreshed"]);

        // "Indsæt aftaler": the latest referat's agreement as a table at the cursor.
        var table = pane["insertedTables"]!.AsArray().Single()!;
        Assert.Equal(["Ansøge om bostøtte", "Lars Nielsen", "Aalborg Kommune", "15. januar 2027"], table["values"]![1]!.AsArray().Select(v => (string)v!));

        // "Gem som ny version": version 2 of the KIP, valid Word, stamped, its card on its way to the channel.
        Assert.Contains("gemt som version 2", (string?)pane["saved"]);
        Assert.Equal("2", (string?)pane["propertiesAfter"]![DocumentProperties.Version]);
        var files = await InScopeAsync((_, db) =>
            db.Set<StoredFile>().AsNoTracking().Where(f => f.CaseId == _caseId && f.DocumentKey == "kip").OrderBy(f => f.Version).ToListAsync());
        // The activity is encrypted at rest: read the rows, then look inside.
        var card = (await InScopeAsync((_, db) => db.Outbox.AsNoTracking().Where(m => m.Kind == OutboxKind.NewChannelThread).ToListAsync()))
            .Count(m => m.ActivityJson.Contains("KIP version 2", StringComparison.Ordinal));
        Assert.Equal([1, 2], files.Select(f => f.Version));
        Assert.Empty(Docx.ValidationErrors(files[1].Content));
        Assert.Equal((_caseId.ToString(), "kip", "2"), DocumentProperties.Read(files[1].Content));
        Assert.Equal(1, card);
    }

    /// <summary>The document's tagged content controls as Word's API would list them: tag, text, type, the repeat they are in, their table cell.</summary>
    private static JsonObject WordModel(byte[] docx)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        var body = document.MainDocumentPart!.Document!.Body!;
        var tables = body.Descendants<Table>().ToList();
        var tagged = body.Descendants<SdtElement>().Where(s => s.SdtProperties?.GetFirstChild<Tag>()?.Val?.Value is { Length: > 0 }).ToList();
        var controls = new JsonArray();
        foreach (var sdt in tagged)
        {
            var parent = sdt.Ancestors<SdtElement>().FirstOrDefault(tagged.Contains);
            var cell = sdt.Ancestors<TableCell>().FirstOrDefault() ?? (sdt is SdtCell ? sdt.Descendants<TableCell>().FirstOrDefault() : null);
            var row = cell?.Ancestors<TableRow>().First();
            var table = row?.Ancestors<Table>().First();
            var pr = sdt.SdtProperties!;
            var type = pr.GetFirstChild<SdtContentDate>() is not null ? "DatePicker"
                : pr.GetFirstChild<SdtContentDropDownList>() is not null ? "DropDownList"
                : pr.GetFirstChild<SdtContentComboBox>() is not null ? "ComboBox"
                : pr.GetFirstChild<DocumentFormat.OpenXml.Office2013.Word.SdtRepeatedSection>() is not null ? "RepeatingSection"
                : pr.GetFirstChild<SdtContentText>() is not null ? "PlainText" : "RichText";
            var paragraphs = sdt.Descendants<Paragraph>().ToList();
            controls.Add(new JsonObject
            {
                ["tag"] = pr.GetFirstChild<Tag>()!.Val!.Value,
                ["text"] = paragraphs.Count > 0 ? string.Join("\n", paragraphs.Select(p => p.InnerText)) : sdt.InnerText,
                ["type"] = type,
                ["parent"] = parent is null ? null : tagged.IndexOf(parent) + 1,
                ["table"] = table is null ? null : tables.IndexOf(table),
                ["row"] = row is null ? null : table!.Descendants<TableRow>().ToList().IndexOf(row),
                ["cell"] = cell is null ? null : row!.Descendants<TableCell>().ToList().IndexOf(cell),
            });
        }
        var props = DocumentProperties.Read(docx);
        return new JsonObject
        {
            ["controls"] = controls,
            ["properties"] = new JsonObject
            {
                [DocumentProperties.CaseId] = props.CaseId, [DocumentProperties.Kind] = props.Kind, [DocumentProperties.Version] = props.Version,
            },
            ["docxBase64"] = Convert.ToBase64String(docx),
        };
    }
}
