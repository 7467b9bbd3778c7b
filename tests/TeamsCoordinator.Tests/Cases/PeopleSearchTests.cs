using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Cases;

/// <summary>
/// The forms that pick people ("ny borger", "tilføj") search the organisations' directories with their "Søg" button,
/// through /api/messages as Teams sends the click. The embedded directory plays the tenants; a wrapper around it
/// records what the directories were asked and can make one organisation's Microsoft 365 stop answering.
/// </summary>
public sealed class PeopleSearchTests : IDisposable
{
    private readonly Directories _directories = new();
    private readonly BotApplicationFactory _bot;

    public PeopleSearchTests()
    {
        _bot = new BotApplicationFactory
        {
            ExtraServices = services =>
            {
                services.RemoveAll<ICollaborationTenants>();
                services.AddScoped<EmbeddedCollaborationTenants>();
                services.AddScoped<ICollaborationTenants>(sp => new RecordingTenants(sp.GetRequiredService<EmbeddedCollaborationTenants>(), _directories));
            },
        };
    }

    public void Dispose() => _bot.Dispose();

    private static string Key(string name) => DemoTenants.People.Single(p => p.DisplayName == name) is var p ? $"{p.OrganisationId}|{p.UserId}" : "";

    [Fact]
    public async Task SearchOnTheNewCitizenFormOffersTheMatchesAndKeepsEverythingTyped()
    {
        var formId = await CaseScenario.AskForNewCaseFormAsync(_bot, DemoPeople.Mette);
        var form = CaseScenario.Form(formId, members: Key("Lars Nielsen"));
        form[PeoplePicker.QueryInput] = "  cam ";

        var card = await ClickAsync(DemoPeople.Mette, CaseCards.VerbNewCaseSearch, form);

        Assert.Equal(["Camilla Berg (Aalborg Kommune)", "Lars Nielsen (Aalborg Kommune)"], ChoiceTitles(card, "members"));
        Assert.Equal(Key("Lars Nielsen"), InputValue(card, "members"));
        Assert.Equal("AB", InputValue(card, "initials"));
        Assert.Equal("F-2026-0042", InputValue(card, "caseNumber"));
        Assert.Equal(DemoPeople.UserId("Mette Kjær"), InputValue(card, "coordinator"));
        Assert.Equal("case.create", card.GetProperty("actions")[0].GetProperty("verb").GetString());
        Assert.Contains("cam", _directories.Queries); // trimmed before any directory sees it

        // The person found can be chosen and becomes a member.
        form["members"] = $"{Key("Lars Nielsen")},{Key("Camilla Berg")}";
        Assert.Contains("er oprettet", await CaseScenario.SubmitAsync(_bot, DemoPeople.Mette, "case.create", form));
        var members = await _bot.WithDbAsync(db => db.Set<CaseMember>().Select(m => m.DisplayName).ToListAsync());
        Assert.Equal(["Camilla Berg", "Lars Nielsen", "Mette Kjær"], members.Order());
    }

    [Fact]
    public async Task SearchResultsAreSortedTheDanishWay()
    {
        await _bot.WithDbAsync(async db =>
        {
            foreach (var (id, org, name) in new[]
                     {
                         ("x-aase", DemoTenants.Aalborg, "Åse Bach"), ("x-oejvind", DemoTenants.Region, "Øjvind Bach"),
                         ("x-zenia", DemoTenants.Jammerbugt, "Zenia Bach"), ("x-aage", DemoTenants.Aalborg, "Aage Bach"),
                         ("x-aeble", DemoTenants.Region, "Ærø Bach"), ("x-bo", DemoTenants.Region, "Bo Bach"),
                     })
                db.Add(new EmbeddedPerson { UserId = id, OrganisationId = org, DisplayName = name });
            return await db.SaveChangesAsync();
        });
        var formId = await CaseScenario.AskForNewCaseFormAsync(_bot, DemoPeople.Mette);
        var form = CaseScenario.Form(formId);
        form[PeoplePicker.QueryInput] = "Bach";

        var card = await ClickAsync(DemoPeople.Mette, CaseCards.VerbNewCaseSearch, form);

        // Æ, Ø, Å after Z, and "Aa" is Å, as in a Danish phone book.
        Assert.Equal(["Bo Bach", "Zenia Bach", "Ærø Bach", "Øjvind Bach", "Aage Bach", "Åse Bach"],
            ChoiceTitles(card, "members").Select(t => t[..t.IndexOf(" (", StringComparison.Ordinal)]));
    }

    [Fact]
    public async Task ADirectoryThatDoesNotAnswerIsNamedWhileTheOthersResultsStillShow()
    {
        _directories.Down.Add(DemoTenants.Broenderslev);
        var formId = await CaseScenario.AskForNewCaseFormAsync(_bot, DemoPeople.Mette);
        var form = CaseScenario.Form(formId);
        form[PeoplePicker.QueryInput] = "Pe";

        var card = await ClickAsync(DemoPeople.Mette, CaseCards.VerbNewCaseSearch, form);

        var texts = CaseScenario.Texts(card.GetRawText());
        Assert.Contains("Brønderslev Kommune kunne ikke søges i lige nu, fordi organisationens Microsoft 365 ikke svarer.", texts);
        Assert.DoesNotContain("Peter Damgaard", texts); // he would match, but Brønderslev does not answer

        form[PeoplePicker.QueryInput] = "La";
        card = await ClickAsync(DemoPeople.Mette, CaseCards.VerbNewCaseSearch, form);
        Assert.Equal(["Lars Nielsen (Aalborg Kommune)"], ChoiceTitles(card, "members"));
        Assert.Contains("Brønderslev Kommune kunne ikke søges i lige nu", CaseScenario.Texts(card.GetRawText()));
    }

    [Theory]
    [InlineData("L", "Skriv mindst 2 tegn af personens navn eller e-mailadresse for at søge.")]
    [InlineData("   ", "Skriv mindst 2 tegn af personens navn eller e-mailadresse for at søge.")]
    [InlineData("Lars Nielsen Lars Nielsen Lars Nielsen Lars Nielsen Lars Nielsen L", "Søgningen må højst være 64 tegn.")]
    public async Task AQueryTooShortOrTooLongIsRefusedInDanishAndNeverReachesADirectory(string query, string problem)
    {
        var formId = await CaseScenario.AskForNewCaseFormAsync(_bot, DemoPeople.Mette);
        var form = CaseScenario.Form(formId);
        form[PeoplePicker.QueryInput] = query;

        var card = await ClickAsync(DemoPeople.Mette, CaseCards.VerbNewCaseSearch, form);

        Assert.Contains(problem, CaseScenario.Texts(card.GetRawText()));
        Assert.All(_directories.Queries, q => Assert.Equal("", q)); // only the first pages, for the form itself
    }

    [Fact]
    public async Task SomeoneInNoDirectoryCannotSearch()
    {
        var stranger = new ChannelAccount { Id = "29:stranger", Name = "Ukendt", AadObjectId = "00000000-0000-4000-8000-0000000fffff" };
        var answer = await CaseScenario.SubmitAsync(_bot, stranger, CaseCards.VerbNewCaseSearch,
            new() { ["formId"] = "f", [PeoplePicker.QueryInput] = "Lars" });

        Assert.Contains(NewCaseCommand.NotInDirectory, answer);
        Assert.DoesNotContain("Lars", _directories.Queries);
    }

    [Fact]
    public async Task SearchOnTheTilfoejFormFindsPeopleOutsideTheTeamWhoCanThenBeAdded()
    {
        var c = await CaseScenario.CreateAsync(_bot);
        var form = await CaseScenario.SayInChannelAsync(_bot, c, DemoPeople.Mette, "tilføj");
        Assert.Contains("Søg efter person", CaseScenario.Texts(form.Body));

        var data = new Dictionary<string, string> { ["caseId"] = c.Id.ToString(), [PeoplePicker.QueryInput] = "a", ["function"] = "Støttekontaktperson" };
        foreach (var query in new[] { "La", "Cam" })
        {
            data[PeoplePicker.QueryInput] = query;
            var card = await ClickAsync(DemoPeople.Mette, MemberCards.VerbSearch, data);
            // Lars is on the team already: not offered again.
            Assert.Equal(query == "La" ? [] : ["Camilla Berg (Aalborg Kommune)"], ChoiceTitlesOrNone(card, "person"));
            Assert.Equal("Støttekontaktperson", InputValue(card, "function"));
        }

        data["person"] = Key("Camilla Berg");
        var added = await CaseScenario.SubmitAsync(_bot, DemoPeople.Mette, "member.add", data);
        Assert.Contains("Camilla Berg (Aalborg Kommune) har nu adgang til kanalen", added);
    }

    [Fact]
    public async Task ANonMemberSearchingFromATilfoejFormLearnsNothing()
    {
        var c = await CaseScenario.CreateAsync(_bot);
        var queriesBefore = _directories.Queries.Count;

        var answer = await CaseScenario.SubmitAsync(_bot, DemoPeople.Peter, MemberCards.VerbSearch,
            new() { ["caseId"] = c.Id.ToString(), [PeoplePicker.QueryInput] = "Cam" });

        Assert.Contains("Jeg kan ikke finde et forløb her, som du er medlem af.", answer);
        Assert.DoesNotContain("Camilla", answer);
        Assert.DoesNotContain(c.Label, answer);
        Assert.Equal(queriesBefore, _directories.Queries.Count);
    }

    [Fact]
    public async Task TheSearchTextIsNeitherLoggedNorAudited()
    {
        var c = await CaseScenario.CreateAsync(_bot);
        const string query = "Qzxw-søg";

        await ClickAsync(DemoPeople.Mette, MemberCards.VerbSearch, new() { ["caseId"] = c.Id.ToString(), [PeoplePicker.QueryInput] = query });
        _directories.Down.Add(DemoTenants.Aalborg); // a failing directory logs a warning: still without the text
        await ClickAsync(DemoPeople.Mette, MemberCards.VerbSearch, new() { ["caseId"] = c.Id.ToString(), [PeoplePicker.QueryInput] = query });

        Assert.Contains(query, _directories.Queries);
        Assert.Contains(_bot.Logs.Lines, l => l.Message.Contains("could not be searched", StringComparison.Ordinal));
        Assert.DoesNotContain(_bot.Logs.Lines, l => l.Message.Contains("Qzxw", StringComparison.OrdinalIgnoreCase));
        var audit = await _bot.WithDbAsync(async db => (await db.Set<AuditEntry>().AsNoTracking().ToListAsync()).Select(a => a.Action + " " + a.Detail).ToList());
        Assert.DoesNotContain(audit, a => a.Contains("Qzxw", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AChosenMemberNoLongerInTheDirectoryIsRefusedNotDroppedSilently()
    {
        var formId = await CaseScenario.AskForNewCaseFormAsync(_bot, DemoPeople.Mette);
        var answer = await CaseScenario.SubmitAsync(_bot, DemoPeople.Mette, "case.create",
            CaseScenario.Form(formId, members: $"{Key("Lars Nielsen")},{DemoTenants.Aalborg}|left-last-year"));

        Assert.Contains("Nogle af de valgte medlemmer findes ikke (længere) i brugerkataloget.", answer);
        Assert.Equal(0, await _bot.WithDbAsync(db => db.Set<CitizenCase>().CountAsync()));
    }

    [Fact]
    public async Task TheMembersOfADirectoryThatIsDownAreNotGuessedWhenTheForloebIsCreated()
    {
        var formId = await CaseScenario.AskForNewCaseFormAsync(_bot, DemoPeople.Mette);
        _directories.Down.Add(DemoTenants.Aalborg);

        var answer = await CaseScenario.SubmitAsync(_bot, DemoPeople.Mette, "case.create", CaseScenario.Form(formId, members: Key("Lars Nielsen")));

        Assert.Contains("Aalborg Kommune svarer ikke lige nu", answer);
        Assert.Equal(0, await _bot.WithDbAsync(db => db.Set<CitizenCase>().CountAsync()));
    }

    /// <summary>Clicks a button; returns the card the bot answered with (the invoke response's value).</summary>
    private async Task<JsonElement> ClickAsync(ChannelAccount from, string verb, Dictionary<string, string> data)
    {
        var response = await _bot.PostActivityAsync(TeamsActivities.CardAction(verb, data, from));
        response.EnsureSuccessStatusCode();
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("application/vnd.microsoft.card.adaptive", body.GetProperty("type").GetString());
        return body.GetProperty("value").Clone();
    }

    private static JsonElement? Input(JsonElement card, string id) =>
        card.GetProperty("body").EnumerateArray().Cast<JsonElement?>()
            .FirstOrDefault(e => e!.Value.TryGetProperty("id", out var i) && i.GetString() == id);

    private static string? InputValue(JsonElement card, string id) =>
        Input(card, id) is { } e && e.TryGetProperty("value", out var v) ? v.GetString() : null;

    private static List<string> ChoiceTitles(JsonElement card, string id) =>
        Input(card, id) is { } e ? e.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("title").GetString()!).ToList()
            : throw new Xunit.Sdk.XunitException($"no input {id} on the card");

    /// <summary>The choices, or none when the card says there is nobody to choose (a choice set may not be empty).</summary>
    private static List<string> ChoiceTitlesOrNone(JsonElement card, string id) => Input(card, id) is null ? [] : ChoiceTitles(card, id);

    /// <summary>What the directories were asked, and which organisations' Microsoft 365 does not answer.</summary>
    private sealed class Directories
    {
        private readonly List<string> _queries = [];
        public HashSet<string> Down { get; } = [];
        public List<string> Queries { get { lock (_queries) return [.. _queries]; } }
        public void Asked(string query) { lock (_queries) _queries.Add(query); }
    }

    private sealed class RecordingTenants(EmbeddedCollaborationTenants inner, Directories directories) : ICollaborationTenants
    {
        public Task<IReadOnlyList<Organisation>> GetOrganisationsAsync(CancellationToken ct) => inner.GetOrganisationsAsync(ct);

        public Task<IReadOnlyList<DirectoryPerson>> FindPeopleAsync(string organisationId, string query, CancellationToken ct)
        {
            directories.Asked(query);
            return directories.Down.Contains(organisationId) ? throw Unavailable(organisationId) : inner.FindPeopleAsync(organisationId, query, ct);
        }

        public Task<DirectoryPerson?> GetPersonAsync(string organisationId, string userId, CancellationToken ct) =>
            directories.Down.Contains(organisationId) ? throw Unavailable(organisationId) : inner.GetPersonAsync(organisationId, userId, ct);

        public Task<ChannelCreation> CreateCaseChannelAsync(CaseChannelRequest request, CancellationToken ct) => inner.CreateCaseChannelAsync(request, ct);
        public Task<bool> EnableBotAsync(CaseChannel channel, CancellationToken ct) => inner.EnableBotAsync(channel, ct);
        public Task<MemberChange> AddMemberAsync(CaseChannel channel, DirectoryPerson person, CancellationToken ct) => inner.AddMemberAsync(channel, person, ct);
        public Task<MemberChange> RemoveMemberAsync(CaseChannel channel, DirectoryPerson person, CancellationToken ct) => inner.RemoveMemberAsync(channel, person, ct);

        private static CollaborationTenantException Unavailable(string organisationId) =>
            new($"{organisationId}: brugerkataloget svarer ikke (test).", isTransient: true);
    }
}
