using System.Text.Json;
using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Handovers;
using TeamsCoordinator.Tests.Infrastructure;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Cases;

/// <summary>
/// A form shown again (refused, or a search on it) is a card Teams keeps: none of its fields may then hold a
/// CPR-shaped value or the citizen's name, address, phone or e-mail. They are emptied and the card says why in Danish.
/// </summary>
public sealed class RefusedFormPrivacyTests : IDisposable
{
    private const string Name = "Karoline Østergaard Møller";
    private const string Cpr = "240577-2346";
    private const string Address = "Boulevarden 41, 3. tv., 9000 Aalborg";
    private const string Phone = "61 72 83 94";
    private readonly BotApplicationFactory _bot = new();
    public void Dispose() => _bot.Dispose();

    private async Task<JsonElement> ClickAsync(string verb, Dictionary<string, string> data)
    {
        var response = await _bot.PostActivityAsync(TeamsActivities.CardAction(verb, data, DemoPeople.Mette));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("value").Clone();
    }

    private static Dictionary<string, string?> Values(JsonElement card)
    {
        var values = new Dictionary<string, string?>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                if (e.TryGetProperty("type", out var t) && t.GetString()!.StartsWith("Input.", StringComparison.Ordinal))
                    values[e.GetProperty("id").GetString()!] = e.TryGetProperty("value", out var v) ? v.GetString() : null;
                foreach (var p in e.EnumerateObject()) Walk(p.Value);
            }
            else if (e.ValueKind == JsonValueKind.Array) foreach (var i in e.EnumerateArray()) Walk(i);
        }
        Walk(card);
        return values;
    }

    private static void AssertNothingIdentifying(JsonElement card, params string[] secrets)
    {
        var text = CaseScenario.Texts(card.GetRawText()) + "\n" + card.GetRawText();
        Assert.True(CprShaped.In(text) is null, text);
        foreach (var secret in secrets) Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<Dictionary<string, string>> NewCaseFormAsync(string initials)
    {
        var formId = await CaseScenario.AskForNewCaseFormAsync(_bot, DemoPeople.Mette);
        var form = CaseScenario.Form(formId, initials: initials, citizenName: Name, cpr: Cpr);
        form["citizenAddress"] = Address;
        form["citizenPhone"] = Phone;
        form["consentNote"] = "Karoline vil gerne have, at hendes mor ringes op";
        return form;
    }

    [Fact]
    public async Task NyBorgerWithTheCprNumberTypedAsInitialsComesBackWithoutItNorTheCitizensIdentity()
    {
        var card = await ClickAsync("case.create", await NewCaseFormAsync(initials: Cpr));

        var texts = CaseScenario.Texts(card.GetRawText());
        Assert.Contains("Et CPR-nummer må ikke bruges som initialer", texts); // the refusal itself
        Assert.Contains("Jeg har tømt »Borgerens initialer«, »Borgerens ønsker om deling i bestemte situationer«, »Navn«, »CPR-nummer«, »Adresse«, »Telefon«", texts);
        Assert.Contains("Kortet bliver stående i Teams", texts);
        var values = Values(card);
        foreach (var id in new[] { "initials", "consentNote", "citizenName", "citizenCpr", "citizenAddress", "citizenPhone" }) Assert.Null(values[id]);
        Assert.Equal("F-2026-0042", values["caseNumber"]); // what identifies nobody stays
        AssertNothingIdentifying(card, Name, "Karoline", "Østergaard", Address, Phone);
    }

    [Fact]
    public async Task ASearchOnTheNyBorgerFormDoesNotShowTheIdentityAgain()
    {
        var form = await NewCaseFormAsync(initials: "KØ");
        form[PeoplePicker.QueryInput] = "Lars";

        var card = await ClickAsync(CaseCards.VerbNewCaseSearch, form);

        Assert.Contains("Lars Nielsen", CaseScenario.Texts(card.GetRawText())); // the search worked
        Assert.Equal("KØ", Values(card)["initials"]);
        AssertNothingIdentifying(card, Name, "Karoline", Address, Phone);
    }

    [Fact]
    public async Task AFormWithNothingIdentifyingComesBackAsTyped()
    {
        var formId = await CaseScenario.AskForNewCaseFormAsync(_bot, DemoPeople.Mette);
        var card = await ClickAsync("case.create", CaseScenario.Form(formId, initials: "Anders", citizenName: null, cpr: null));

        Assert.Equal("Anders", Values(card)["initials"]);
        Assert.DoesNotContain("Jeg har tømt", CaseScenario.Texts(card.GetRawText()));
    }

    [Fact]
    public async Task TheNameTypedAsInitialsIsClearedWhenTheNameIsGivenToo()
    {
        var formId = await CaseScenario.AskForNewCaseFormAsync(_bot, DemoPeople.Mette);
        var card = await ClickAsync("case.create", CaseScenario.Form(formId, initials: "Karoline", citizenName: Name, cpr: null));

        Assert.Null(Values(card)["initials"]);
        AssertNothingIdentifying(card, "Karoline");
    }

    [Fact]
    public void TheScrubberReachesInputsInsideShowCardsAndLeavesChoicesAlone()
    {
        var card = new AdaptiveCard
        {
            Body =
            [
                TextBlock.Heading("Samtykke: forløb AB · F-2026-0042"),
                new ChoiceSetInput([new("Lars", "org|00000000-0000-4000-8000-1234567890ab")]) { Id = "person", Value = "org|00000000-0000-4000-8000-1234567890ab" },
            ],
            Actions = [new ShowCardAction("Tilbagetræk", new AdaptiveCard { Body = [new TextInput { Id = "reason", Label = "Bemærkning", Value = "cpr 2405772346" }] })],
        };

        var scrubbed = CitizenPrivacy.Scrub(card, new CitizenIdentity(null, null));

        var json = JsonSerializer.SerializeToElement(scrubbed, TeamsCoordinator.BotFramework.BotJson.Options);
        Assert.Null(Values(json)["reason"]);
        Assert.Equal("org|00000000-0000-4000-8000-1234567890ab", Values(json)["person"]);
        Assert.Contains("Jeg har tømt »Bemærkning«", CaseScenario.Texts(json.GetRawText()));
        Assert.Same(card.Body[1], scrubbed.Body[2]); // the notice goes under the heading
        var clean = card with { Actions = null };
        Assert.Same(clean, CitizenPrivacy.Scrub(clean, new CitizenIdentity(null, null)));
    }
}

/// <summary>The forms of a forløb that exists: the citizen's identity is the forløb's (Anders Borgersen, 010190-1234).</summary>
public sealed class RefusedCaseFormPrivacyTests : IAsyncLifetime
{
    private HandoverScenario _s = null!;

    public async Task InitializeAsync() => _s = await DocumentScenarioStart();

    private static Task<HandoverScenario> DocumentScenarioStart() => Documents.DocumentScenario.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task ARefusedDocumentFormComesBackWithoutTheCitizensNameOrACprNumber()
    {
        var form = await _s.SayAsync(Sofie, "ny KIP");
        var answer = await _s.ClickAsync(Sofie, DocumentCards.VerbCreate, Submit(form, DocumentCards.VerbCreate,
            [.. Documents.DocumentScenario.KipAnswers, (TeamsCoordinator.Documents.Forms.KipForm.AktuelStatus, "Anders bor alene, ring på 010190-1234"),
             (TeamsCoordinator.Documents.Forms.KipForm.KoordinationsmoedeDato, "næste uge")]));

        Assert.Contains("»næste uge«", answer.Text); // refused for the date
        Assert.Contains("Jeg har tømt »Kort aktuel status", answer.Text);
        Assert.DoesNotContain("Anders", answer.Card.GetRawText());
        Assert.DoesNotContain("010190", answer.Card.GetRawText());
        Assert.Contains("Paranoid skizofreni", answer.Text); // the rest is kept to correct
    }

    [Fact]
    public async Task ARefusedHandoverOfferComesBackWithoutTheCprNumberOrTheName()
    {
        var form = await _s.SayAsync(Sofie, "stafet til Aalborg Kommune");
        var answer = await _s.ClickAsync(Sofie, HandoverCards.VerbOffer, Submit(form, HandoverCards.VerbOffer,
            ("subject", nameof(HandoverSubject.WholeCase)), ("deadline", DefaultDeadline(form)), ("message", "Anders Borgersen, 010190-1234, udskrives fredag")));

        Assert.Contains("Skriv ikke CPR-numre i stafetten", answer.Text);
        Assert.Contains("Jeg har tømt", answer.Text);
        Assert.DoesNotContain("Anders", answer.Card.GetRawText());
        Assert.DoesNotContain("010190", answer.Card.GetRawText());
    }
}
