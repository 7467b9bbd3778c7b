using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tests.Handovers;
using static TeamsCoordinator.Tests.Documents.DocumentScenario;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Documents;

/// <summary>"ny KIP", "kriseplan" and "referat" in a forløb channel, through /api/messages: form, document, link, versions, access.</summary>
public sealed class DocumentCommandTests : IAsyncLifetime
{
    private HandoverScenario _s = null!;

    public async Task InitializeAsync() => _s = await DocumentScenario.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task NyKipShowsAFormPrefilledFromTheForloebWithoutTheCitizensIdentity()
    {
        var form = await _s.SayAsync(Sofie, "ny KIP");

        var text = form.Text();
        Assert.Contains("\nKIP: forløb AB", text);
        Assert.Contains("Mette Kjær, Kontaktperson i distriktspsykiatrien, Region Nordjylland, Psykiatrien", text); // Tilstede, pre-filled
        Assert.Contains("Konkrete indsatser (Titel | Mål og indsats inkl. tidsplan | Ansvarlig)", text);
        Assert.DoesNotContain("Anders", form.GetRawText());
        Assert.DoesNotContain("010190", form.GetRawText());
        Assert.Equal(["Lav KIP"], InvokeAnswer.CardButtons(form));
    }

    [Fact]
    public async Task SubmittingTheKipKeepsVersionOneWithTheCitizensDataAndTheLinkDownloadsIt()
    {
        var (_, answer) = await _s.MakeAsync(Sofie, DocumentKind.Kip);

        Assert.Contains("KIP version 1: forløb AB", answer.Text);
        Assert.Contains("KIP AB F-2026-0042 v1.docx", answer.Text);
        Assert.Equal(["Åbn KIP v1", "Nyt link"], answer.Buttons);
        Assert.DoesNotContain("Anders", answer.Card.GetRawText());

        using var download = await GetAsync(_s, Link(answer.Card));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(LocalDocumentStore.WordContentType, download.Content.Headers.ContentType!.MediaType);
        var docx = await download.Content.ReadAsByteArrayAsync();
        Docx.AssertValid(docx);
        var body = Docx.BodyText(docx);
        Assert.Contains("Anders Borgersen", body);
        Assert.Contains("010190-1234", body);
        Assert.Contains("Bostøtte 2 gange om ugen fra 1. december", body);
        Assert.True(body.IndexOf("Bolig – bevare lejligheden", StringComparison.Ordinal) < body.IndexOf("Depotmedicin", StringComparison.Ordinal));
        Assert.Contains("Aalborg Kommune", body); // handlekommune

        var c = await _s.CaseAsync();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_s.Time.GetUtcNow(), TeamsCoordinator.Cases.ConsentPolicy.Copenhagen).DateTime);
        Assert.Equal(today.AddMonths(3), c.NextReviewDate);
        var audit = await AuditAsync(_s);
        Assert.Single(audit, a => a.Action == "document.create" && a.Detail!.StartsWith("kip v1"));
        var downloaded = Assert.Single(audit, a => a.Action == "file.download");
        Assert.Equal((Sofie.AadObjectId, Sofie.Name), (downloaded.ActorUserId, downloaded.ActorName)); // the person, not "signed-link"
        Assert.All(audit, a => Assert.DoesNotContain("Anders", a.Detail ?? ""));
        // The team sees the file card in the thread too, without the citizen's name and with a button instead of a link.
        var posted = (await _s.Bot.OutboxAsync()).Where(m => m.ActivityJson.Contains("KIP version 1")).ToList();
        Assert.Single(posted);
        Assert.DoesNotContain("Anders", posted[0].ActivityJson);
        Assert.DoesNotContain("/files/", posted[0].ActivityJson);
        Assert.DoesNotContain(_s.Bot.Logs.Lines, l => l.Message.Contains("Anders") || l.Message.Contains("010190"));
    }

    [Fact]
    public async Task ANewVersionIsNumberedOnAndKeepsTheOldOne()
    {
        var (_, first) = await _s.MakeAsync(Sofie, DocumentKind.Kip);
        var (_, second) = await _s.MakeAsync(Mette, DocumentKind.Kip, (KipForm.AktuelStatus, "Ny status efter opfølgningsmødet."));
        var (_, crisis) = await _s.MakeAsync(Sofie, DocumentKind.Kriseplan);

        Assert.Contains("KIP version 2", second.Text);
        Assert.Contains("Kriseplan version 1", crisis.Text); // numbered per kind
        var files = await FilesAsync(_s);
        Assert.Equal([("kip", 1), ("kip", 2), ("kriseplan", 1)], files.Select(f => (f.DocumentKey, f.Version)));
        using var old = await GetAsync(_s, Link(first.Card));
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.DoesNotContain("Ny status", Docx.BodyText(await old.Content.ReadAsByteArrayAsync()));
        using var latest = await GetAsync(_s, Link(second.Card));
        Assert.Contains("Ny status efter opfølgningsmødet.", Docx.BodyText(await latest.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task ClickingTheSameFormTwiceMakesOneVersion()
    {
        var form = await _s.SayAsync(Sofie, "ny KIP");
        var data = Submit(form, DocumentCards.VerbCreate, KipAnswers);

        var first = await _s.ClickAsync(Sofie, DocumentCards.VerbCreate, data);
        var again = await _s.ClickAsync(Sofie, DocumentCards.VerbCreate, data);

        Assert.Contains("KIP version 1", first.Text);
        Assert.Contains("KIP version 1", again.Text);
        Assert.Single(await FilesAsync(_s));
    }

    [Fact]
    public async Task AnExpiredOrForgedLinkIsRefusedAndAFreshOneWorks()
    {
        var (_, answer) = await _s.MakeAsync(Sofie, DocumentKind.Kip);
        var link = Link(answer.Card);

        var forged = link[..^4] + (link[^4..] == "0000" ? "1111" : "0000");
        using (var response = await GetAsync(_s, forged)) Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using (var response = await GetAsync(_s, link.Replace("/files/", "/files/9"))) Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var unknown = _s.Bot.Services.GetRequiredService<SignedLinks>().Create("http://localhost", 987654, new LinkHolder(Sofie.AadObjectId, Infrastructure.TeamsActivities.TenantId));
        using (var response = await GetAsync(_s, unknown)) Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        _s.Time.Advance(SignedLinks.Lifetime + TimeSpan.FromSeconds(1));
        using (var response = await GetAsync(_s, link)) Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);

        var fresh = await _s.ClickAsync(Sofie, DocumentCards.VerbLink, Submit(answer.Card, DocumentCards.VerbLink));
        Assert.Contains("KIP version 1", fresh.Text);
        using (var response = await GetAsync(_s, Link(fresh.Card))) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ALinkWhoseExpiryIsChangedIsRefused()
    {
        var (_, answer) = await _s.MakeAsync(Sofie, DocumentKind.Kip);
        var link = Link(answer.Card);
        var exp = Query(link)["exp"];
        var later = Convert.ToInt64(exp, 16) + 3600;

        using var response = await GetAsync(_s, link.Replace($"exp={exp}", $"exp={later:x}"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Linket er udløbet eller ugyldigt", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(await AuditAsync(_s), a => a.Action == "file.download");
    }

    [Fact]
    public async Task ALinkIsForThePersonWhoClickedAndNobodyElse()
    {
        var (_, answer) = await _s.MakeAsync(Sofie, DocumentKind.Kip);
        var link = Link(answer.Card);
        Assert.Equal(Sofie.AadObjectId, Query(link)["u"]);

        // Lars may see the KIP, but not through Sofie's link: the link names its person and is signed over them.
        using var asLars = await GetAsync(_s, link.Replace($"u={Sofie.AadObjectId}", $"u={Lars.AadObjectId}"));
        using var otherTenant = await GetAsync(_s, link.Replace($"t={Infrastructure.TeamsActivities.TenantId}", "t=another-tenant"));

        Assert.Equal(HttpStatusCode.Forbidden, asLars.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherTenant.StatusCode);
        Assert.DoesNotContain(await AuditAsync(_s), a => a.Action == "file.download");
    }

    [Fact]
    public async Task TheTeamsFileCardHasAButtonThatGivesEachMemberTheirOwnLink()
    {
        var (_, answer) = await _s.MakeAsync(Sofie, DocumentKind.Kip);
        var posted = System.Text.Json.JsonDocument.Parse((await _s.Bot.OutboxAsync()).Single(m => m.ActivityJson.Contains("KIP version 1")).ActivityJson)
            .RootElement.GetProperty("attachments")[0].GetProperty("content").Clone();
        Assert.Equal(["Hent KIP v1"], InvokeAnswer.CardButtons(posted));

        var lars = await _s.ClickAsync(Lars, DocumentCards.VerbLink, Submit(posted, DocumentCards.VerbLink));

        Assert.Equal(["Åbn KIP v1", "Nyt link"], lars.Buttons);
        Assert.Equal(Lars.AadObjectId, Query(Link(lars.Card))["u"]);
        using var download = await GetAsync(_s, Link(lars.Card));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var audit = await AuditAsync(_s);
        Assert.Contains(audit, a => a.Action == "document.link" && a.ActorUserId == Lars.AadObjectId);
        Assert.Contains(audit, a => a.Action == "file.download" && a.ActorUserId == Lars.AadObjectId && a.ActorName == Lars.Name);
    }

    [Fact]
    public async Task AMemberWhoseOrganisationTheConsentDoesNotCoverForTheKindGetsNoLinkFromTheButton()
    {
        // Aalborg is covered for plans, not for the crisis plan; Jammerbugt for nothing.
        var (_, crisis) = await _s.MakeAsync(Sofie, DocumentKind.Kriseplan);
        var (_, kip) = await _s.MakeAsync(Sofie, DocumentKind.Kip);

        var lars = await _s.ClickAsync(Lars, DocumentCards.VerbLink, Submit(crisis.Card, DocumentCards.VerbLink));
        var rasmus = await _s.ClickAsync(Rasmus, DocumentCards.VerbLink, Submit(kip.Card, DocumentCards.VerbLink));

        Assert.Equal("application/vnd.microsoft.activity.message", lars.Type);
        Assert.Contains("samtykke dækker ikke din organisation for kriseplan", lars.Text);
        Assert.Contains("samtykke dækker ikke din organisation for planer (KIP)", rasmus.Text);
        Assert.DoesNotContain("/files/", lars.Body.GetRawText() + rasmus.Body.GetRawText());
        Assert.Equal(2, (await AuditAsync(_s)).Count(a => a.Action == "document.refused"));
    }

    [Fact]
    public async Task TheDownloadChecksTheConsentAndTheMembershipAgainAndAuditsTheRefusal()
    {
        var (_, kip) = await _s.MakeAsync(Sofie, DocumentKind.Kip);
        var larsLink = Link((await _s.ClickAsync(Lars, DocumentCards.VerbLink, Submit(kip.Card, DocumentCards.VerbLink))).Card);
        var camillaLink = Link((await _s.ClickAsync(Camilla, DocumentCards.VerbLink, Submit(kip.Card, DocumentCards.VerbLink))).Card);

        // The citizen withdraws the consent after Lars clicked: his link no longer works.
        await _s.ClickAsync(Mette, "consent.withdraw", new Dictionary<string, string> { ["caseId"] = _s.CaseId.ToString() });
        using var lars = await GetAsync(_s, larsLink);
        using var camilla = await GetAsync(_s, camillaLink);

        Assert.Equal(HttpStatusCode.Forbidden, lars.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, camilla.StatusCode);
        Assert.Contains("ikke (længere) medlem", await lars.Content.ReadAsStringAsync()); // the withdrawal removed Aalborg's members
        var refused = (await AuditAsync(_s)).Where(a => a.Action == "file.refused").ToList();
        Assert.Equal([Lars.AadObjectId, Camilla.AadObjectId], refused.Select(a => a.ActorUserId));
        Assert.DoesNotContain(await AuditAsync(_s), a => a.Action == "file.download");
    }

    [Fact]
    public async Task TheDownloadChecksTheConsentForTheKindAgain()
    {
        var (_, kip) = await _s.MakeAsync(Sofie, DocumentKind.Kip);
        var larsLink = Link((await _s.ClickAsync(Lars, DocumentCards.VerbLink, Submit(kip.Card, DocumentCards.VerbLink))).Card);

        // A new consent for Aalborg without plans (recorded by the coordinator): Lars stays on the team, the KIP is closed to him.
        await _s.ClickAsync(Sofie, "consent.record", new Dictionary<string, string>
            { ["caseId"] = _s.CaseId.ToString(), ["consentOrganisations"] = DemoTenants.Aalborg, ["consentKinds"] = "ContactData,Minutes" });
        using var lars = await GetAsync(_s, larsLink);

        Assert.Equal(HttpStatusCode.Forbidden, lars.StatusCode);
        Assert.Contains("samtykke dækker ikke din organisation for planer (KIP)", await lars.Content.ReadAsStringAsync());
        Assert.Single(await AuditAsync(_s), a => a.Action == "file.refused" && a.ActorUserId == Lars.AadObjectId);
    }

    [Fact]
    public async Task AStaleFileButtonIsAnsweredInDanish()
    {
        var (_, kip) = await _s.MakeAsync(Sofie, DocumentKind.Kip);
        var data = Submit(kip.Card, DocumentCards.VerbLink);
        await _s.Bot.WithDbAsync(db => db.Set<StoredFile>().ExecuteDeleteAsync());

        var gone = await _s.ClickAsync(Sofie, DocumentCards.VerbLink, data);
        await _s.ClickAsync(Sofie, "member.remove", new Dictionary<string, string> { ["caseId"] = _s.CaseId.ToString(), ["member"] = Mette.AadObjectId });
        var removed = await _s.ClickAsync(Mette, DocumentCards.VerbLink, data);

        Assert.Equal("Filen findes ikke (længere) i forløbet.", gone.Text);
        Assert.Contains("Jeg kan ikke finde et forløb her, som du er medlem af", removed.Text);
    }

    private static Dictionary<string, string> Query(string link) =>
        new Uri(link).Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));

    [Fact]
    public async Task SomeoneOutsideTheTeamGetsNothing()
    {
        var (_, answer) = await _s.MakeAsync(Sofie, DocumentKind.Kip);

        var form = await _s.SayAsync(Outsider, "ny KIP");
        var create = await _s.ClickAsync(Outsider, DocumentCards.VerbCreate,
            new Dictionary<string, string>(KipAnswers.ToDictionary(x => x.Item1, x => x.Item2)) { ["caseId"] = _s.CaseId.ToString(), ["kind"] = "kip", ["formId"] = "f1" });
        var link = await _s.ClickAsync(Outsider, DocumentCards.VerbLink, Submit(answer.Card, DocumentCards.VerbLink));

        Assert.Contains("Jeg kan ikke finde et forløb her, som du er medlem af", form.Text());
        Assert.DoesNotContain("Lav KIP", form.Text());
        Assert.Contains("Jeg kan ikke finde et forløb her", create.Text);
        Assert.Contains("Jeg kan ikke finde et forløb her", link.Text);
        Assert.Single(await FilesAsync(_s));
        Assert.Equal(3, (await AuditAsync(_s)).Count(a => a.Action == "case.denied"));
    }

    [Fact]
    public async Task TheConsentMustCoverTheDocumentKindForTheUsersOrganisation()
    {
        // Aalborg is covered for plans and minutes but not the crisis plan; Jammerbugt for nothing.
        var (_, kip) = await _s.MakeAsync(Lars, DocumentKind.Kip);
        var crisis = await _s.SayAsync(Lars, "kriseplan");
        var rasmus = await _s.SayAsync(Rasmus, "ny KIP");
        var (_, sofiesCrisis) = await _s.MakeAsync(Sofie, DocumentKind.Kriseplan);
        var link = await _s.ClickAsync(Lars, DocumentCards.VerbLink, Submit(sofiesCrisis.Card, DocumentCards.VerbLink));

        Assert.Contains("KIP version 1", kip.Text);
        Assert.Contains("samtykke dækker ikke din organisation for kriseplan", crisis.Text());
        Assert.Empty(InvokeAnswer.CardButtons(crisis));
        Assert.Contains("samtykke dækker ikke din organisation for planer (KIP)", rasmus.Text());
        Assert.Contains("samtykke dækker ikke din organisation for kriseplan", link.Text);
        Assert.Equal(["kip", "kriseplan"], (await FilesAsync(_s)).Select(f => f.DocumentKey));
        Assert.Equal(3, (await AuditAsync(_s)).Count(a => a.Action == "document.refused"));
    }

    [Fact]
    public async Task ReferatWithoutAMeetingIsABlankReferatOfTheForloebWithTheTeamAsParticipants()
    {
        var (form, answer) = await _s.MakeAsync(Mette, DocumentKind.Referat);

        Assert.Contains("Opfølgning på aftaler fra sidste møde\nEventuelt", form.Text());
        Assert.Contains("Referat version 1: forløb AB", answer.Text);
        Assert.Contains("Til udfyldning i Word", answer.Text);
        using var download = await GetAsync(_s, Link(answer.Card));
        var body = Docx.BodyText(await download.Content.ReadAsByteArrayAsync());
        Assert.Contains("Birgitte Holm", body);
        Assert.Contains("1. Opfølgning på aftaler fra sidste møde", body);
        Assert.Contains("2. Eventuelt", body);
        Assert.DoesNotContain("Anders", body); // the referat names the forløb by its label
    }

    [Fact]
    public async Task OpenTasksArePrefilledAsEffortsAndAsLastTimesAgreements()
    {
        await _s.MakeAsync(Sofie, DocumentKind.Referat, ("Aftale1Hvad", "Ansøge om førtidspension"), ("Aftale1Hvem", Lars.AadObjectId), ("Aftale1Frist", "2027-01-15"));
        await _s.OfferAsync(Sofie, "Aalborg Kommune", subject: nameof(TeamsCoordinator.Handovers.HandoverSubject.Task), taskTitle: "Søg bostøtte");

        var kip = await _s.SayAsync(Sofie, "ny KIP");
        var referat = await _s.SayAsync(Sofie, "referat");

        Assert.Contains("Søg bostøtte |  | ", kip.Text());
        Assert.Contains("Ansøge om førtidspension (ansvarlig: Lars Nielsen, frist: 15. januar 2027)\nSøg bostøtte", referat.Text());
    }

    [Fact]
    public async Task ABadDateInAListIsExplainedInDanishAndNothingIsKept()
    {
        var form = await _s.SayAsync(Sofie, "referat");
        var answer = await _s.ClickAsync(Sofie, DocumentCards.VerbCreate, Submit(form, DocumentCards.VerbCreate,
            [.. ReferatAnswers, ("Aftale1Hvad", "Søg bostøtte"), ("Aftale1Hvem", Camilla.AadObjectId), ("Aftale1Frist", "næste uge")]));

        Assert.Contains("»næste uge« i »Aftale 1: frist« er ikke en dato; skriv fx 2026-12-01.", answer.Text);
        Assert.Equal(["Lav Referat"], answer.Buttons);
        Assert.Empty(await FilesAsync(_s));
    }

    [Fact]
    public async Task EnglishCommandsWorkToo()
    {
        var plan = await _s.SayAsync(Sofie, "new plan");
        var crisis = await _s.SayAsync(Sofie, "crisis plan");
        var minutes = await _s.SayAsync(Sofie, "minutes");

        Assert.Contains("\nKIP: forløb", plan.Text());
        Assert.Contains("\nKriseplan: forløb", crisis.Text());
        Assert.Contains("\nReferat: forløb", minutes.Text());
    }
}
