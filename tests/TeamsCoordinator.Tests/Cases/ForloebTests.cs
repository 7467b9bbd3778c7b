using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Cases;

/// <summary>Issue 6: opening a forløb, its team, consent and audit, as people use it through Teams.</summary>
public sealed class ForloebTests : IDisposable
{
    private readonly BotApplicationFactory _bot = new();
    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task NewCitizenCreatesTheForloebItsTeamConsentAndChannelAndWelcomesTheTeam()
    {
        var c = await CaseScenario.CreateAsync(_bot);

        var saved = await _bot.WithDbAsync(db => db.Set<CitizenCase>().Include(x => x.Members).SingleAsync(x => x.Id == c.Id));
        Assert.Equal("AB · F-2026-0042", saved.Label);
        Assert.Equal(DemoPeople.UserId("Mette Kjær"), saved.CoordinatorUserId);
        Assert.Equal(["Lars Nielsen", "Mette Kjær"], saved.Members.Select(m => m.DisplayName).Order());
        Assert.All(saved.Members, m => Assert.Equal(ChannelMembership.Done, m.Channel));
        Assert.NotNull(saved.ChannelId);

        var consent = await _bot.WithDbAsync(db => db.Set<Consent>().SingleAsync(x => x.CaseId == c.Id));
        Assert.Equal([DemoTenants.Aalborg], consent.OrganisationIds);
        Assert.True(consent.Kinds.HasFlag(InformationKind.Plans));

        // The welcome card opens a new thread in the forløb channel.
        var welcome = await _bot.Connector.WaitForAsync(1, r => r.Path.EndsWith("/v3/conversations") && CaseScenario.Texts(r.Body).Contains("Velkommen til forløb AB"));
        Assert.Contains(saved.ChannelId!, welcome[0].Body);

        var actions = await _bot.WithDbAsync(db => db.Set<AuditEntry>().Where(a => a.CaseId == c.Id).Select(a => a.Action).ToListAsync());
        Assert.Contains("case.create", actions);
        Assert.Contains("consent.record", actions);
        Assert.Equal(2, actions.Count(a => a == "member.add"));
    }

    [Fact]
    public async Task ADoubleClickOnOpretForloebCreatesOneForloeb()
    {
        var formId = await CaseScenario.AskForNewCaseFormAsync(_bot, DemoPeople.Mette);
        var form = CaseScenario.Form(formId);
        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => CaseScenario.SubmitAsync(_bot, DemoPeople.Mette, "case.create", form)));
        Assert.All(answers, a => Assert.Contains("er oprettet", a));
        Assert.Equal(1, await _bot.WithDbAsync(db => db.Set<CitizenCase>().CountAsync()));
    }

    [Fact]
    public async Task StatusInTheChannelShowsTheTeamBySectorCoordinatorAndConsent()
    {
        var c = await CaseScenario.CreateAsync(_bot);
        var reply = await CaseScenario.SayInChannelAsync(_bot, c, DemoPeople.Lars, "status");
        var card = CaseScenario.Texts(reply.Body);
        Assert.Contains("Status: forløb AB · F-2026-0042", card);
        Assert.Contains("\nRegion\n", card);
        Assert.Contains("\nKommune\n", card);
        Assert.Contains("Koordinator", card);
        Assert.Contains("Deling med: Aalborg Kommune", card);
    }

    [Fact]
    public async Task StatusInPersonalChatListsTheUsersOwnForloebOnly()
    {
        await CaseScenario.CreateAsync(_bot);
        var before = _bot.Connector.Messages.Count;
        await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("status", DemoPeople.Peter, conversationId: "a:peter"));
        var reply = (await _bot.Connector.WaitForMessagesAsync(before + 1))[^1];
        Assert.Contains("Du er ikke medlem af nogen forløb", CaseScenario.Texts(reply.Body));
        Assert.DoesNotContain("AB · F-2026-0042", reply.Body);
    }

    [Fact]
    public async Task ANonMemberLearnsNothingNotEvenThatTheForloebExists()
    {
        var c = await CaseScenario.CreateAsync(_bot);
        var inCaseChannel = await CaseScenario.SayInChannelAsync(_bot, c, DemoPeople.Peter, "status");
        var inOtherChannel = await CaseScenario.SayInChannelAsync(_bot, c with { ChannelId = "19:no-such-forloeb@thread.tacv2" }, DemoPeople.Peter, "status");
        Assert.Equal(inOtherChannel.Text, inCaseChannel.Text);
        Assert.DoesNotContain("AB", inCaseChannel.Body);

        var byButton = await CaseScenario.SubmitAsync(_bot, DemoPeople.Peter, "case.status", new() { ["caseId"] = c.Id.ToString() });
        var noSuchCase = await CaseScenario.SubmitAsync(_bot, DemoPeople.Peter, "case.status", new() { ["caseId"] = "999999" });
        Assert.Equal(noSuchCase, byButton);

        var denied = await _bot.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(a => a.CaseId == c.Id && a.Action == "case.denied"));
        Assert.Equal(2, denied);
    }

    [Fact]
    public async Task AddingAMemberFromAnOrganisationOutsideTheConsentIsRefusedAndNothingChanges()
    {
        var c = await CaseScenario.CreateAsync(_bot);
        var membersBefore = await MemberCountAsync(c.Id);

        var answer = await CaseScenario.SubmitAsync(_bot, DemoPeople.Mette, "member.add",
            new() { ["caseId"] = c.Id.ToString(), ["person"] = $"{DemoTenants.Broenderslev}|{DemoPeople.UserId("Peter Damgaard")}" });

        Assert.Contains("samtykke dækker ikke Brønderslev Kommune", answer);
        Assert.Equal(membersBefore, await MemberCountAsync(c.Id));
    }

    [Fact]
    public async Task AddingAMemberTheConsentCoversGivesThemAccess()
    {
        var c = await CaseScenario.CreateAsync(_bot);
        var answer = await CaseScenario.SubmitAsync(_bot, DemoPeople.Mette, "member.add",
            new() { ["caseId"] = c.Id.ToString(), ["person"] = $"{DemoTenants.Aalborg}|{DemoPeople.UserId("Camilla Berg")}", ["function"] = "Støttekontaktperson" });
        Assert.Contains("har nu adgang til kanalen", answer);
        var reply = await CaseScenario.SayInChannelAsync(_bot, c, DemoPeople.Camilla, "status");
        Assert.Contains("Camilla Berg", CaseScenario.Texts(reply.Body));
    }

    [Fact]
    public async Task CreatingAForloebWithMembersOutsideTheConsentIsRefusedAndNothingIsCreated()
    {
        var formId = await CaseScenario.AskForNewCaseFormAsync(_bot, DemoPeople.Mette);
        var answer = await CaseScenario.SubmitAsync(_bot, DemoPeople.Mette, "case.create",
            CaseScenario.Form(formId, members: $"{DemoTenants.Broenderslev}|{DemoPeople.UserId("Peter Damgaard")}"));
        Assert.Contains("Samtykket dækker ikke Brønderslev Kommune", answer);
        Assert.Equal(0, await _bot.WithDbAsync(db => db.Set<CitizenCase>().CountAsync()));
    }

    [Fact]
    public async Task WithdrawingConsentIsAuditedAndRestrictsSharingAtOnce()
    {
        var c = await CaseScenario.CreateAsync(_bot);
        var answer = await CaseScenario.SubmitAsync(_bot, DemoPeople.Mette, "consent.withdraw", new() { ["caseId"] = c.Id.ToString() });
        Assert.Contains("Samtykket er ophørt", answer);

        Assert.Equal(1, await _bot.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(a => a.CaseId == c.Id && a.Action == "consent.withdraw")));
        // Lars (Aalborg) no longer sees the forløb, and nobody from Aalborg can be added back.
        var larsAsks = await CaseScenario.SayInChannelAsync(_bot, c, DemoPeople.Lars, "status");
        Assert.Contains("Jeg kan ikke finde et forløb her", larsAsks.Text);
        var addBack = await CaseScenario.SubmitAsync(_bot, DemoPeople.Mette, "member.add",
            new() { ["caseId"] = c.Id.ToString(), ["person"] = $"{DemoTenants.Aalborg}|{DemoPeople.UserId("Camilla Berg")}" });
        Assert.Contains("samtykke dækker ikke Aalborg Kommune", addBack);
    }

    [Theory]
    [InlineData("AB", "010190-1234", "CPR-nummer")]
    [InlineData("0101901234", "F-1", "CPR-nummer")]
    [InlineData("Anders Bo Hansen", "F-1", "Initialer skal være 2-4 bogstaver")]
    [InlineData("Anders", "F-1", "Initialer skal være 2-4 bogstaver")]
    [InlineData("AB", "Anders Hansen", "Sagsnummeret må kun indeholde")]
    public async Task ACprNumberOrAFullNameWhereALabelBelongsIsRefused(string initials, string caseNumber, string expected)
    {
        var formId = await CaseScenario.AskForNewCaseFormAsync(_bot, DemoPeople.Mette);
        var answer = await CaseScenario.SubmitAsync(_bot, DemoPeople.Mette, "case.create", CaseScenario.Form(formId, initials, caseNumber));
        Assert.Contains(expected, answer);
        Assert.Equal(0, await _bot.WithDbAsync(db => db.Set<CitizenCase>().CountAsync()));
    }

    [Fact]
    public async Task TheCitizensNameAndCprNumberNeverLeaveTheBotInMessagesCardsOrLogs()
    {
        var c = await CaseScenario.CreateAsync(_bot);
        await CaseScenario.SayInChannelAsync(_bot, c, DemoPeople.Mette, "status");
        await CaseScenario.SayInChannelAsync(_bot, c, DemoPeople.Mette, "samtykke");
        await CaseScenario.SayInChannelAsync(_bot, c, DemoPeople.Mette, "tilføj");
        await _bot.WaitForOutboxDrainedAsync();

        string[] secrets = ["Anders Bo Hansen", "010190-1234", "0101901234"];
        foreach (var request in _bot.Connector.Requests)
            foreach (var secret in secrets)
                Assert.DoesNotContain(secret, CaseScenario.Texts(request.Body));
        foreach (var line in _bot.Logs.Lines)
            foreach (var secret in secrets)
                Assert.DoesNotContain(secret, line.Message + line.Exception);

        // Stored, but encrypted: the database file does not hold them in clear text.
        var protectedColumns = await _bot.WithDbAsync(db => db.Database.SqlQueryRaw<string>("SELECT citizen_name AS Value FROM cases").ToListAsync());
        Assert.All(protectedColumns, v => Assert.StartsWith("v2:1:", v));
        var decrypted = await _bot.WithDbAsync(db => db.Set<CitizenCase>().SingleAsync(x => x.Id == c.Id));
        Assert.Equal("Anders Bo Hansen", decrypted.Citizen.FullName);
    }

    [Fact]
    public async Task OnlyTheCoordinatorCanExportTheAuditLogAndTheLinkServesCsv()
    {
        var c = await CaseScenario.CreateAsync(_bot);
        var refused = await CaseScenario.SayInChannelAsync(_bot, c, DemoPeople.Lars, "revisionslog");
        Assert.Contains("Kun forløbets koordinator", refused.Text);

        // The card in the channel has a button, not a link; the coordinator's click answers her alone with one.
        var posted = await CaseScenario.SayInChannelAsync(_bot, c, DemoPeople.Mette, "revisionslog");
        Assert.DoesNotContain("/files/", posted.Body);
        var card = System.Text.Json.JsonDocument.Parse(posted.Body!).RootElement.GetProperty("attachments")[0].GetProperty("content").Clone();
        var button = Tests.Handovers.HandoverScenario.Submit(card, AuditExportCommand.VerbLink);
        var answer = System.Text.Json.JsonDocument.Parse(await ClickRawAsync(DemoPeople.Mette, AuditExportCommand.VerbLink, button)).RootElement;
        var url = answer.GetProperty("value").GetProperty("actions")[0].GetProperty("url").GetString()!;
        using var client = _bot.CreateClient();
        var csv = await client.GetStringAsync(new Uri(url).PathAndQuery);
        Assert.StartsWith("\uFEFFtidspunkt_utc;bruger_id", csv);
        Assert.Contains("case.create", csv);
        var forged = await client.GetAsync(new Uri(url).PathAndQuery.Replace("sig=", "sig=0"));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, forged.StatusCode);
        var audit = await _bot.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().ToListAsync());
        Assert.Single(audit, a => a.Action == "file.download" && a.ActorUserId == DemoPeople.UserId("Mette Kjær") && a.Detail == "revisionslog v1");
    }

    [Fact]
    public async Task ANonCoordinatorAskingForTheAuditCsvGetsNoLink()
    {
        var c = await CaseScenario.CreateAsync(_bot, members: $"{DemoTenants.Aalborg}|{DemoPeople.UserId("Lars Nielsen")}");
        var posted = await CaseScenario.SayInChannelAsync(_bot, c, DemoPeople.Mette, "revisionslog");
        var card = System.Text.Json.JsonDocument.Parse(posted.Body!).RootElement.GetProperty("attachments")[0].GetProperty("content").Clone();
        var button = Tests.Handovers.HandoverScenario.Submit(card, AuditExportCommand.VerbLink);
        var mettes = System.Text.Json.JsonDocument.Parse(await ClickRawAsync(DemoPeople.Mette, AuditExportCommand.VerbLink, button)).RootElement;
        var url = new Uri(mettes.GetProperty("value").GetProperty("actions")[0].GetProperty("url").GetString()!).PathAndQuery;

        // Lars is on the team, but not the coordinator: the button refuses him, and Mette's link does not work for him.
        var lars = System.Text.Json.JsonDocument.Parse(await ClickRawAsync(DemoPeople.Lars, AuditExportCommand.VerbLink, button)).RootElement;
        using var client = _bot.CreateClient();
        var asLars = await client.GetAsync(url.Replace($"u={DemoPeople.UserId("Mette Kjær")}", $"u={DemoPeople.UserId("Lars Nielsen")}"));

        Assert.Equal("Kun forløbets koordinator kan hente revisionsloggen.", lars.GetProperty("value").GetString());
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, asLars.StatusCode);
        var audit = await _bot.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().ToListAsync());
        Assert.Single(audit, a => a.Action == "audit.refused" && a.ActorUserId == DemoPeople.UserId("Lars Nielsen"));
        Assert.DoesNotContain(audit, a => a.Action == "file.download");
    }

    private async Task<string> ClickRawAsync(TeamsCoordinator.BotFramework.ChannelAccount from, string verb, Dictionary<string, string> data)
    {
        var response = await _bot.PostActivityAsync(TeamsActivities.CardAction(verb, data, from));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task AnOldCoordinatorCardNoLongerChangesTheCoordinatorAtOnce()
    {
        // The role is handed over as a stafet now (see Handovers/CoordinatorHandoverTests): the card opens the form.
        var c = await CaseScenario.CreateAsync(_bot);
        var version = await _bot.WithDbAsync(db => db.Set<CitizenCase>().Where(x => x.Id == c.Id).Select(x => x.Version).SingleAsync());
        var answer = await CaseScenario.SubmitAsync(_bot, DemoPeople.Mette, "case.coordinator",
            new() { ["caseId"] = c.Id.ToString(), ["version"] = version.ToString(), ["coordinator"] = DemoPeople.UserId("Lars Nielsen") });
        Assert.Contains("Giv stafetten videre", answer);
        Assert.Contains("Til: **Lars Nielsen", answer);
        Assert.Equal(DemoPeople.UserId("Mette Kjær"), await _bot.WithDbAsync(db => db.Set<CitizenCase>().Where(x => x.Id == c.Id).Select(x => x.CoordinatorUserId).SingleAsync()));
    }

    private Task<int> MemberCountAsync(long caseId) =>
        _bot.WithDbAsync(db => db.Set<CaseMember>().CountAsync(m => m.CaseId == caseId && m.RemovedAt == null));
}
