using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Documents;
using TeamsCoordinator.Tests.Handovers;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Cases;

/// <summary>
/// Issue 6: "no channel name, card title, notification or log line ever contains the citizen's name or CPR number",
/// asserted over everything the bot sent in a whole forløb: created with the citizen's identity in the protected
/// fields (after a refused and a searched form), then status, tilføj, samtykke (changed and withdrawn), koordinator,
/// a baton offered and accepted, a refused offer, a KIP refused and made and its link clicked and downloaded, the
/// audit export and its link (issue 15: refused forms and invoke responses, and no CPR-shaped number anywhere). Scanned: every request to the Bot Connector, every answer to a card click, every log line (debug
/// and up, EF Core included), the channel's name, and the audit log.
/// </summary>
public sealed class CitizenIdentityPrivacyTests : IDisposable
{
    private const string Name = "Karoline Østergaard Møller";
    private const string Cpr = "240577-2346";
    private const string Address = "Boulevarden 41, 3. tv., 9000 Aalborg";
    private const string Phone = "61 72 83 94";
    private static readonly string[] Secrets = [Name, "Østergaard", "Møller", Cpr, Cpr.Replace("-", ""), Address, "Boulevarden", Phone];

    private readonly BotApplicationFactory _bot = new();
    private readonly List<string> _invokeAnswers = [];
    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task AWholeForloebNeverShowsTheCitizensNameCprNumberOrAddressOutsideTheEncryptedFields()
    {
        // Created through the form, identity in the protected fields; first refused (the CPR number typed as
        // initials) and searched on, both of which show the form again.
        var formId = await CaseScenario.AskForNewCaseFormAsync(_bot, DemoPeople.Mette);
        var form = CaseScenario.Form(formId, citizenName: Name, cpr: Cpr, members: $"{DemoTenants.Aalborg}|{DemoPeople.UserId("Lars Nielsen")}");
        form["citizenAddress"] = Address;
        form["citizenPhone"] = Phone;
        Assert.Contains("Et CPR-nummer må ikke bruges som initialer", await ClickAsync(DemoPeople.Mette, "case.create", new(form) { ["initials"] = Cpr }));
        Assert.Contains("Jeg har tømt", await ClickAsync(DemoPeople.Mette, CaseCards.VerbNewCaseSearch, new(form) { [PeoplePicker.QueryInput] = "Camilla" }));
        Assert.Contains("er oprettet", await ClickAsync(DemoPeople.Mette, "case.create", form));
        var c = await _bot.WithDbAsync(db => db.Set<CitizenCase>().AsNoTracking().SingleAsync());
        var created = new CaseScenario.CreatedCase(c.Id, c.ChannelId!, c.Label);
        var caseId = c.Id.ToString();

        // The team works in the channel and in personal chat.
        await CaseScenario.SayInChannelAsync(_bot, created, DemoPeople.Lars, "status");
        await _bot.PostActivityAsync(TeamsActivities.PersonalMessage("status", DemoPeople.Mette, conversationId: "a:personal-mette"));
        await CaseScenario.SayInChannelAsync(_bot, created, DemoPeople.Mette, "tilføj");
        Assert.Contains("har nu adgang", await ClickAsync(DemoPeople.Mette, "member.add",
            new() { ["caseId"] = caseId, ["person"] = $"{DemoTenants.Aalborg}|{DemoPeople.UserId("Camilla Berg")}" }));
        await CaseScenario.SayInChannelAsync(_bot, created, DemoPeople.Mette, "samtykke");
        await ClickAsync(DemoPeople.Mette, "consent.record", new()
        {
            ["caseId"] = caseId, ["consentOrganisations"] = $"{DemoTenants.Aalborg},{DemoTenants.Gp}", ["consentKinds"] = "ContactData,Plans,CrisisPlan,Minutes,HealthDetails",
            ["consentGivenHow"] = "Skriftligt", ["consentNote"] = "Ved indlæggelse må afsnittet ringe til min bror.",
        });
        await CaseScenario.SayInChannelAsync(_bot, created, DemoPeople.Mette, "koordinator");

        // A baton offered with the CPR number in the message: refused, the form shown again.
        var again = Card(await CaseScenario.SayInChannelAsync(_bot, created, DemoPeople.Mette, "stafet til Aalborg Kommune"));
        Assert.Contains("Skriv ikke CPR-numre", await ClickAsync(DemoPeople.Mette, HandoverCards.VerbOffer, HandoverScenario.Submit(again, HandoverCards.VerbOffer,
            ("subject", nameof(HandoverSubject.WholeCase)), ("deadline", HandoverScenario.DefaultDeadline(again)), ("message", $"{Name} ({Cpr}) udskrives"))));

        // A baton to Aalborg Kommune, offered and accepted (a card in the channel, a personal notification).
        var offerForm = Card(await CaseScenario.SayInChannelAsync(_bot, created, DemoPeople.Mette, "stafet til Aalborg Kommune"));
        var offer = HandoverScenario.Submit(offerForm, HandoverCards.VerbOffer,
            ("subject", nameof(HandoverSubject.WholeCase)), ("deadline", HandoverScenario.DefaultDeadline(offerForm)), ("discharge", "true"),
            ("message", "Udskrives fredag; bostøtte fra første dag."));
        Assert.Contains("Stafetten er givet", await ClickAsync(DemoPeople.Mette, HandoverCards.VerbOffer, offer));
        var handover = await _bot.WithDbAsync(db => db.Set<Handover>().AsNoTracking().SingleAsync());
        await ClickAsync(DemoPeople.Lars, HandoverCards.VerbAccept, HandoverScenario.On(handover));

        // Documents: a KIP refused once (the name and CPR number typed into it), then made; the team's card's button
        // gives Lars his own link in the invoke response, and the download serves him.
        await _bot.WaitForOutboxDrainedAsync(); // the baton's card updates first, so that the next message is the form
        var kipForm = Card(await CaseScenario.SayInChannelAsync(_bot, created, DemoPeople.Mette, "ny KIP"));
        Assert.Contains("Jeg har tømt", await ClickAsync(DemoPeople.Mette, DocumentCards.VerbCreate, HandoverScenario.Submit(kipForm, DocumentCards.VerbCreate,
            [.. DocumentScenario.KipAnswers, (KipForm.AktuelStatus, $"{Name} bor på {Address}"), (KipForm.KoordinationsmoedeDato, "næste uge")])));
        Assert.Contains("KIP version 1", await ClickAsync(DemoPeople.Mette, DocumentCards.VerbCreate,
            HandoverScenario.Submit(kipForm, DocumentCards.VerbCreate, DocumentScenario.KipAnswers)));
        await _bot.WaitForOutboxDrainedAsync();
        var fileCard = _bot.Connector.Requests.Select(r => r.Body).Last(b => b is not null && b.Contains("KIP version 1"))!;
        var fileButton = HandoverScenario.Submit(JsonDocument.Parse(fileCard).RootElement.GetProperty("attachments")[0].GetProperty("content"), DocumentCards.VerbLink);
        Assert.Contains("Åbn KIP v1", await ClickAsync(DemoPeople.Lars, DocumentCards.VerbLink, fileButton));
        var link = JsonDocument.Parse(_invokeAnswers[^1]).RootElement.GetProperty("value").GetProperty("actions")[0].GetProperty("url").GetString()!;
        using (var client = _bot.CreateClient())
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync(new Uri(link).PathAndQuery)).StatusCode);

        await _bot.WaitForOutboxDrainedAsync();
        var export = await CaseScenario.SayInChannelAsync(_bot, created, DemoPeople.Mette, "revisionslog");
        Assert.Contains("Åbn CSV", await ClickAsync(DemoPeople.Mette, AuditExportCommand.VerbLink,
            HandoverScenario.Submit(Card(export), AuditExportCommand.VerbLink)));
        await ClickAsync(DemoPeople.Mette, "consent.withdraw", new() { ["caseId"] = caseId, ["reason"] = "Borgeren ønsker ikke deling nu" });
        await _bot.WaitForOutboxDrainedAsync();

        // What left the bot: every Connector request (messages, cards, notifications, updates) and every click answer.
        var sent = _bot.Connector.Requests.Select(r => Decoded(r.Body)).Concat(_invokeAnswers.Select(Decoded)).ToList();
        Assert.True(sent.Count >= 15, $"the scenario should have sent much, sent {sent.Count}");
        Assert.Contains(sent, s => s.Contains("Velkommen til forløb AB · F-2026-0042", StringComparison.Ordinal));
        Assert.Contains(sent, s => s.Contains("Aalborg Kommune", StringComparison.Ordinal) && s.Contains("stafet", StringComparison.OrdinalIgnoreCase));
        AssertNoSecret(sent, "sent to Teams");

        var logs = _bot.Logs.Lines.Select(l => $"{l.Category} {l.Message} {l.Exception}").ToList();
        Assert.NotEmpty(logs);
        AssertNoSecret(logs, "logged");

        var channelNames = await _bot.WithDbAsync(db => db.Set<EmbeddedChannel>().Select(x => x.Name + " " + x.AssignedTo).ToListAsync());
        Assert.Contains("Forløb AB F-2026-0042 Forløb AB F-2026-0042", channelNames);
        AssertNoSecret(channelNames, "in a channel name");

        var audit = await _bot.WithDbAsync(async db => (await db.Set<AuditEntry>().AsNoTracking().ToListAsync()).Select(a => a.Action + " " + a.Detail + " " + a.Origin).ToList());
        Assert.Contains(audit, a => a.StartsWith("handover.accept", StringComparison.Ordinal));
        AssertNoSecret(audit, "in the audit log");

        // Kept, encrypted, for the documents of the team's members.
        var stored = await _bot.WithDbAsync(db => db.Set<CitizenCase>().AsNoTracking().SingleAsync());
        Assert.Equal((Name, Cpr, Address, Phone), (stored.Citizen.FullName, stored.Citizen.Cpr, stored.Citizen.Address, stored.Citizen.Phone));
    }

    private static void AssertNoSecret(IEnumerable<string> texts, string where)
    {
        foreach (var text in texts)
        {
            foreach (var secret in Secrets)
                Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"\"{secret}\" {where}: {text}");
            var cprShaped = CprShaped.In(text);
            Assert.True(cprShaped is null, $"a CPR-shaped number {where}: {cprShaped} in {text}");
        }
    }

    private async Task<string> ClickAsync(ChannelAccount from, string verb, Dictionary<string, string> data)
    {
        var response = await _bot.PostActivityAsync(TeamsActivities.CardAction(verb, data, from));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync();
        _invokeAnswers.Add(body);
        return CaseScenario.Texts(body);
    }

    private static JsonElement Card(ConnectorRequest reply) =>
        reply.Json.GetProperty("attachments")[0].GetProperty("content").Clone();

    /// <summary>Every string of a JSON body decoded (System.Text.Json escapes æ, ø, å) plus the raw text.</summary>
    private static string Decoded(string? json) => string.IsNullOrEmpty(json) ? "" : CaseScenario.Texts(json) + "\n" + json;
}
