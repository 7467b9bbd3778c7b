using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Addin;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tests.Documents;
using TeamsCoordinator.Tests.Handovers;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Addin;

/// <summary>
/// /api/addin as the Word task pane calls it: Entra tokens of the add-in's app for a user, the user's forløb only,
/// every refusal a Danish problem and never a server error, every read and write in the forløb's audit log.
/// </summary>
public sealed class AddinApiTests : IAsyncLifetime
{
    private HandoverScenario s = null!;

    public async Task InitializeAsync() => s = await DocumentScenario.StartAsync(AddinTokens.Settings);
    public async Task DisposeAsync() => await s.DisposeAsync();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        using var client = s.Bot.CreateClient();
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    private Task<HttpResponseMessage> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, token);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static async Task AssertDanishProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await JsonAsync(response)).GetProperty("detail").GetString()!;
        Assert.Matches("[æøå]|Koordinator", detail);
    }

    [Fact]
    public async Task ATeamsActivityIsNotReadByTheAddinsTokenScheme()
    {
        // The Bot Connector token of a Teams activity is InboundAuthenticator's to check; the add-in's scheme only
        // reads the token of /api/addin (as the default scheme it ran, and failed, on every activity first).
        var jwt = s.Bot.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(AddinAuthentication.Scheme);
        var read = 0;
        var received = jwt.Events.OnMessageReceived;
        jwt.Events.OnMessageReceived = c => { Interlocked.Increment(ref read); return received(c); };

        var response = await s.Bot.PostActivityAsync(TeamsCoordinator.Tests.Infrastructure.TeamsActivities.PersonalMessage("hjælp"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(0, read);

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/addin/cases", "not-a-token")).StatusCode);
        Assert.Equal(1, read);
    }

    [Fact]
    public async Task AMemberSeesTheForloebOfTheirTeamAndNoOther()
    {
        var mine = await JsonAsync(await GetAsync("/api/addin/cases", AddinTokens.For(Mette)));
        var only = Assert.Single(mine.EnumerateArray());
        Assert.Equal(s.CaseId, only.GetProperty("id").GetInt64());
        Assert.Equal("AB · F-2026-0042", only.GetProperty("label").GetString());
        Assert.Equal("Sofie Lund", only.GetProperty("coordinator").GetString());

        var outsiders = await JsonAsync(await GetAsync("/api/addin/cases", AddinTokens.For(Outsider)));
        Assert.Empty(outsiders.EnumerateArray());
        var audit = await DocumentScenario.AuditAsync(s);
        Assert.Contains(audit, a => a.Action == "case.read" && a.ActorUserId == Mette.AadObjectId && a.Detail == "addin forløbsliste"
                                    && a.Origin == $"addin:tenant={AddinTokens.Tenant}");
    }

    [Theory]
    [InlineData("none")]
    [InlineData("garbage")]
    [InlineData("wrong audience")]
    [InlineData("foreign tenant")]
    [InlineData("expired")]
    public async Task ABadTokenIsA401InDanishAndNeverAServerError(string what)
    {
        var token = what switch
        {
            "none" => null,
            "garbage" => "not.a.token",
            "wrong audience" => AddinTokens.WrongAudience(Mette),
            "foreign tenant" => AddinTokens.ForeignTenantToken(Mette),
            _ => AddinTokens.Expired(Mette),
        };
        await AssertDanishProblemAsync(await GetAsync("/api/addin/cases", token), HttpStatusCode.Unauthorized);
        await AssertDanishProblemAsync(await GetAsync($"/api/addin/cases/{s.CaseId}/documents/kip/fields", token), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ATokenWithoutTheAddinScopeIsRefusedWith403()
    {
        var response = await GetAsync("/api/addin/cases", AddinTokens.MissingScope(Mette));
        await AssertDanishProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("access_as_user", (await JsonAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ANonMemberGets403ThatRevealsNothing()
    {
        var existing = await GetAsync($"/api/addin/cases/{s.CaseId}/documents/kip/fields", AddinTokens.For(Outsider));
        var missing = await GetAsync($"/api/addin/cases/{s.CaseId + 1000}/documents/kip/fields", AddinTokens.For(Outsider));
        await AssertDanishProblemAsync(existing, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        Assert.Equal(await existing.Content.ReadAsStringAsync(), await missing.Content.ReadAsStringAsync());
        var upload = await SendAsync(HttpMethod.Post, $"/api/addin/cases/{s.CaseId}/documents/kip/versions", AddinTokens.For(Outsider), Docx([1, 2, 3]));
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        Assert.Equal(await existing.Content.ReadAsStringAsync(), await upload.Content.ReadAsStringAsync());
        Assert.Contains(await DocumentScenario.AuditAsync(s), a => a.Action == "case.denied" && a.ActorUserId == Outsider.AadObjectId);
    }

    [Fact]
    public async Task AMemberInAnotherTenantThanTheTokenIsRefused()
    {
        await s.Bot.WithDbAsync(async db =>
        {
            var mette = await db.Set<CaseMember>().FirstAsync(m => m.UserId == Mette.AadObjectId);
            mette.TenantId = "00000000-0000-4000-8000-0000000000aa";
            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync($"/api/addin/cases/{s.CaseId}/documents/kip/fields", AddinTokens.For(Mette))).StatusCode);
        Assert.Empty((await JsonAsync(await GetAsync("/api/addin/cases", AddinTokens.For(Mette)))).EnumerateArray());
    }

    [Fact]
    public async Task TheKipFieldsAreTheForloebsTeamConsentAndReviewDateAsTheBotWouldFillThemNow()
    {
        await s.Bot.WithDbAsync(async db =>
        {
            var c = await db.Set<CitizenCase>().Include(x => x.Members).FirstAsync();
            c.NextReviewDate = new DateOnly(2027, 3, 1);
            c.Members.Add(new CaseMember
            {
                UserId = "aad-ny", OrganisationId = TeamsCoordinator.Tenants.DemoTenants.Aalborg, Sector = TeamsCoordinator.Tenants.Sector.Kommune, DisplayName = "Nina Nyborg",
                Function = "Bostøtte", AddedAt = DateTimeOffset.UtcNow, AddedBy = Sofie.AadObjectId,
            });
            return await db.SaveChangesAsync();
        });
        var response = await GetAsync($"/api/addin/cases/{s.CaseId}/documents/kip/fields", AddinTokens.For(Lars));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        var fields = body.GetProperty("fields");
        var team = fields.GetProperty(KipForm.Kontaktpersoner).EnumerateArray().ToList();
        Assert.Equal("Koordinator", team[0].GetProperty(KipForm.Funktion).GetString());
        Assert.StartsWith("Sofie Lund", team[0].GetProperty(KipForm.TitelOgNavn).GetString());
        Assert.Contains(team, r => r.GetProperty(KipForm.TitelOgNavn).GetString() == "Nina Nyborg" && r.GetProperty(KipForm.Arbejdssted).GetString() == "Aalborg Kommune");
        Assert.Equal("Ja", fields.GetProperty(KipForm.SamtykkeFraBorger).GetString());
        Assert.Equal("1. marts 2027", fields.GetProperty(KipForm.NaesteMoedeDato).GetString());
        Assert.Equal("F-2026-0042", fields.GetProperty(KipForm.Nr).GetString());
        // The citizen's identity is no field the forløb refreshes: it never travels to the pane.
        Assert.False(fields.TryGetProperty(KipForm.CprNr, out _));
        Assert.DoesNotContain("010190", await response.Content.ReadAsStringAsync());
        Assert.Contains(await DocumentScenario.AuditAsync(s), a => a.Action == "addin.fields" && a.ActorUserId == Lars.AadObjectId && a.Detail == "kip");
    }

    [Fact]
    public async Task AnOrganisationTheConsentDoesNotCoverGetsNoFieldsAndSavesNothing()
    {
        var fields = await GetAsync($"/api/addin/cases/{s.CaseId}/documents/kip/fields", AddinTokens.For(Rasmus));
        await AssertDanishProblemAsync(fields, HttpStatusCode.Forbidden);
        Assert.Contains("samtykke", (await JsonAsync(fields)).GetProperty("detail").GetString());
        var (_, made) = await s.MakeAsync(Sofie, DocumentKind.Kip);
        var bytes = (await DocumentScenario.FilesAsync(s)).Single().Content;
        var upload = await SendAsync(HttpMethod.Post, $"/api/addin/cases/{s.CaseId}/documents/kip/versions", AddinTokens.For(Rasmus), Docx(bytes));
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        Assert.Single(await DocumentScenario.FilesAsync(s));
        Assert.Contains(await DocumentScenario.AuditAsync(s), a => a.Action == "document.refused" && a.ActorUserId == Rasmus.AadObjectId);
    }

    [Fact]
    public async Task EveryKeptVersionCarriesItsForloebKindAndVersionAsDocumentProperties()
    {
        await s.MakeAsync(Sofie, DocumentKind.Kip);
        var file = (await DocumentScenario.FilesAsync(s)).Single();
        Assert.Equal((s.CaseId.ToString(), "kip", "1"), DocumentProperties.Read(file.Content));
        TeamsCoordinator.Tests.Documents.Docx.AssertValid(file.Content);
    }

    [Fact]
    public async Task SavingFromWordKeepsTheNextVersionAuditsItAndPostsItsCardInTheChannel()
    {
        await s.MakeAsync(Sofie, DocumentKind.Kip);
        var first = (await DocumentScenario.FilesAsync(s)).Single();

        var content = Docx(first.Content);
        content.Headers.Add("Idempotency-Key", "upload-1");
        var response = await SendAsync(HttpMethod.Post, $"/api/addin/cases/{s.CaseId}/documents/kip/versions", AddinTokens.For(Lars), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var saved = await JsonAsync(response);
        Assert.Equal(2, saved.GetProperty("version").GetInt32());

        // The same upload again (a retry after a lost answer) finds that version instead of making a third.
        var again = Docx(first.Content);
        again.Headers.Add("Idempotency-Key", "upload-1");
        var retried = await JsonAsync(await SendAsync(HttpMethod.Post, $"/api/addin/cases/{s.CaseId}/documents/kip/versions", AddinTokens.For(Lars), again));
        Assert.Equal(2, retried.GetProperty("version").GetInt32());

        var files = await DocumentScenario.FilesAsync(s);
        Assert.Equal([1, 2], files.Select(f => f.Version));
        Assert.Equal((s.CaseId.ToString(), "kip", "2"), DocumentProperties.Read(files[1].Content));
        TeamsCoordinator.Tests.Documents.Docx.AssertValid(files[1].Content);
        Assert.Equal(Lars.AadObjectId, files[1].CreatedBy);
        Assert.Contains(await DocumentScenario.AuditAsync(s), a => a.Action == "document.upload" && a.ActorUserId == Lars.AadObjectId && a.Detail!.StartsWith("kip v2"));
        var posted = await s.Bot.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.IdempotencyKey == $"document:{files[1].Id}:card").ToListAsync());
        var card = Assert.Single(posted);
        Assert.Equal(OutboxKind.NewChannelThread, card.Kind);
        Assert.Equal(ChannelId, card.ConversationId);
        Assert.Contains("KIP version 2", card.ActivityJson);
        Assert.DoesNotContain("Borgersen", card.ActivityJson);
    }

    [Fact]
    public async Task AnUploadThatIsNoWordDocumentIsRefusedInDanishAndKeepsNothing()
    {
        var response = await SendAsync(HttpMethod.Post, $"/api/addin/cases/{s.CaseId}/documents/kip/versions", AddinTokens.For(Lars), Docx("ikke word"u8.ToArray()));
        await AssertDanishProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty(await DocumentScenario.FilesAsync(s));
    }

    [Fact]
    public async Task TheOpenAgreementsAreTheForloebsOpenTasks()
    {
        await s.MakeAsync(Sofie, DocumentKind.Referat, ("Aftale1Hvad", "Ansøge om bostøtte"), ("Aftale1Hvem", Lars.AadObjectId), ("Aftale1Frist", "2027-01-15"));
        var agreements = await JsonAsync(await GetAsync($"/api/addin/cases/{s.CaseId}/agreements", AddinTokens.For(Lars)));
        var a = Assert.Single(agreements.EnumerateArray());
        Assert.Equal("Ansøge om bostøtte", a.GetProperty("what").GetString());
        Assert.Equal("Lars Nielsen", a.GetProperty("who").GetString());
        Assert.Equal("15. januar 2027", a.GetProperty("due").GetString());
        Assert.Contains(await DocumentScenario.AuditAsync(s), e => e.Action == "addin.agreements" && e.ActorUserId == Lars.AadObjectId);
    }

    [Fact]
    public async Task TheDevelopmentTokenDoesNotExistOutsideDevelopment()
    {
        var response = await SendAsync(HttpMethod.Post, "/api/addin/development-token", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("accessToken", await response.Content.ReadAsStringAsync());
    }

    private static ByteArrayContent Docx(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(LocalDocumentStore.WordContentType);
        return content;
    }
}
