using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Cases;

/// <summary>The forløb's cards. Titles carry the label only; the citizen's identity never appears on a card.</summary>
public static class CaseCards
{
    public static string SectorName(Sector s) => s switch
    {
        Sector.Region => "Region",
        Sector.Kommune => "Kommune",
        Sector.AlmenPraksis => "Almen praksis",
        _ => "Pårørende og netværk",
    };

    public static string ModeName(ChannelMode m) => m switch
    {
        ChannelMode.SharedChannel => "delt kanal (medlemmer fra egen organisation)",
        ChannelMode.GuestChannel => "kanal med gæster",
        ChannelMode.GroupChat => "gruppechat",
        _ => "e-mail (ingen Teams-adgang)",
    };

    public static Dictionary<string, string> Data(long? caseId = null, params (string Key, string Value)[] more)
    {
        var data = new Dictionary<string, string>();
        if (caseId is not null) data["caseId"] = caseId.Value.ToString();
        foreach (var (k, v) in more) data[k] = v;
        return data;
    }

    public const string VerbNewCaseSearch = "case.search";

    /// <summary>
    /// The "ny borger" form. <paramref name="offered"/>: the people its coordinator and member lists offer (a search's
    /// matches or each directory's first page, plus whoever is chosen already); the creator is always a coordinator choice.
    /// </summary>
    public static AdaptiveCard NewCaseForm(IReadOnlyList<Organisation> organisations, PeopleOffered offered,
        DirectoryPerson creator, string formId, IReadOnlyDictionary<string, string>? values = null, string? problem = null)
    {
        string? V(string key) => values is not null && values.TryGetValue(key, out var v) ? v : null;
        var others = organisations.Where(o => o.Id != creator.OrganisationId).ToList();
        var people = offered.People;
        var orgName = organisations.ToDictionary(o => o.Id, o => o.Name);
        var coordinators = people.Where(p => p.OrganisationId == creator.OrganisationId && p.UserId != creator.UserId).Prepend(creator)
            .Select(p => new Choice(p.JobTitle is null ? p.DisplayName : $"{p.DisplayName}, {p.JobTitle}", p.UserId)).ToList();
        var members = people.Where(p => p.UserId != creator.UserId).Select(p => new Choice(PeoplePicker.Title(p, orgName), PeopleSearch.Key(p))).ToList();
        return new AdaptiveCard
        {
            FallbackText = "Nyt forløb",
            Body =
            [
                TextBlock.Heading("Nyt forløb"),
                new TextBlock("Forløbet navngives kun med borgerens initialer og et sagsnummer. Borgerens navn og CPR-nummer " +
                              "gemmes krypteret og bruges kun i dokumenter for teamets medlemmer."),
                .. Problem(problem),
                new TextInput { Id = "initials", Label = "Borgerens initialer", IsRequired = true, MaxLength = 4, Placeholder = "fx AB", Value = V("initials"),
                    Regex = "^[A-Za-zÆØÅæøå]{2,4}$", ErrorMessage = "2-4 bogstaver" },
                new TextInput { Id = "caseNumber", Label = "Sagsnummer", IsRequired = true, MaxLength = 20, Placeholder = "fx F-2026-0042", Value = V("caseNumber"),
                    ErrorMessage = "Skriv et sagsnummer" },
                new ChoiceSetInput(organisations.Where(o => o.Sector == Sector.Kommune).Select(o => new Choice(o.Name, o.Id)).ToList())
                    { Id = "handlekommune", Label = "Handlekommune", Style = "compact", Value = V("handlekommune"), Placeholder = "Vælg kommune" },
                new ChoiceSetInput(others.Select(o => new Choice($"{o.Name} ({SectorName(o.Sector)})", o.Id)).ToList())
                    { Id = "organisations", Label = "Organisationer i teamet", IsMultiSelect = true, Style = "expanded", Value = V("organisations") },
                TextBlock.Subheading("Teamet"),
                .. PeoplePicker.SearchBox(VerbNewCaseSearch, Data(null, ("formId", formId)), V(PeoplePicker.QueryInput), offered),
                new ChoiceSetInput(coordinators)
                    { Id = "coordinator", Label = "Koordinator (tovholder)", Style = "compact", Value = PeoplePicker.StillChoosable(V("coordinator"), coordinators) ?? creator.UserId,
                      IsRequired = true, ErrorMessage = "Vælg en koordinator" },
                PeoplePicker.ListOrNobody(new ChoiceSetInput(members)
                    { Id = "members", Label = "Første medlemmer", IsMultiSelect = true, Style = "filtered", Value = PeoplePicker.StillChoosable(V("members"), members) }),
                TextBlock.Subheading("Samtykke fra borgeren"),
                new ChoiceSetInput(others.Select(o => new Choice(o.Name, o.Id)).ToList())
                    { Id = "consentOrganisations", Label = "Oplysninger må deles med", IsMultiSelect = true, Style = "expanded", Value = V("consentOrganisations") },
                KindsInput(V("consentKinds")),
                GivenHowInput(V("consentGivenHow")),
                new DateInput { Id = "consentValidTo", Label = "Samtykket gælder til (tom: til det trækkes tilbage)", Value = V("consentValidTo") },
                new TextInput { Id = "consentNote", Label = "Borgerens ønsker om deling i bestemte situationer", IsMultiline = true, MaxLength = 1000, Value = V("consentNote"),
                    Placeholder = "fx: ved indlæggelse må sengeafsnittet kontakte min mor" },
                TextBlock.Subheading("Borgerens identitet (krypteres, kun til dokumenter)"),
                new TextInput { Id = "citizenName", Label = "Navn", MaxLength = 200, Value = V("citizenName") },
                new TextInput { Id = "citizenCpr", Label = "CPR-nummer", MaxLength = 11, Value = V("citizenCpr"), Regex = "^$|^\\d{6}-?\\d{4}$", ErrorMessage = "ddmmåå-xxxx" },
                new TextInput { Id = "citizenAddress", Label = "Adresse", MaxLength = 300, Value = V("citizenAddress") },
                new TextInput { Id = "citizenPhone", Label = "Telefon", MaxLength = 30, Value = V("citizenPhone") },
            ],
            Actions = [new ExecuteAction("Opret forløb", "case.create", Data(null, ("formId", formId)))],
        };
    }

    public static ChoiceSetInput KindsInput(string? value) =>
        new([
            new("Kontaktoplysninger", nameof(InformationKind.ContactData)),
            new("Planer (KIP)", nameof(InformationKind.Plans)),
            new("Kriseplan", nameof(InformationKind.CrisisPlan)),
            new("Referater", nameof(InformationKind.Minutes)),
            new("Helbredsoplysninger", nameof(InformationKind.HealthDetails)),
        ])
        { Id = "consentKinds", Label = "Hvilke oplysninger", IsMultiSelect = true, Style = "expanded", Value = value ?? "ContactData,Plans,CrisisPlan,Minutes" };

    public static ChoiceSetInput GivenHowInput(string? value) =>
        new([new("Mundtligt", "Mundtligt"), new("Skriftligt", "Skriftligt"), new("Digitalt", "Digitalt")])
        { Id = "consentGivenHow", Label = "Samtykket er givet", Style = "compact", Value = value ?? "Mundtligt" };

    public static IEnumerable<CardElement> Problem(string? problem) =>
        problem is null ? [] : [new Container([new TextBlock(problem) { Color = "Attention", Weight = "Bolder" }]) { Style = "attention" }];

    /// <summary>Posted in the new channel: who is who per sector, the coordinator, consent, and what to do next.</summary>
    public static AdaptiveCard Welcome(CitizenCase c, IReadOnlyList<Organisation> organisations, Consent? consent)
    {
        var byOrg = organisations.ToDictionary(o => o.Id);
        return new AdaptiveCard
        {
            FallbackText = $"Forløb {c.Label}",
            Body =
            [
                TextBlock.Heading($"Velkommen til forløb {c.Label}"),
                new TextBlock("Her samarbejder borgerens tværsektorielle team. Hver opgave har sin egen ansvarlige; koordinatoren holder den røde tråd."),
                .. TeamBySector(c, byOrg),
                TextBlock.Subheading("Samtykke"),
                new TextBlock(ConsentSummary(consent, byOrg)),
                TextBlock.Subheading("Sådan arbejder kanalen"),
                new TextBlock(ChannelModes(c, byOrg)),
                TextBlock.Subheading("Næste skridt"),
                new TextBlock("- @Koordinator status: teamet og samtykket\n- @Koordinator tilføj: et nyt medlem\n- @Koordinator samtykke: registrér eller ændr samtykket\n- @Koordinator hjælp: alle kommandoer"),
            ],
        };
    }

    public static AdaptiveCard Status(CitizenCase c, IReadOnlyList<Organisation> organisations, Consent? consent, IEnumerable<CardElement>? extra = null)
    {
        var byOrg = organisations.ToDictionary(o => o.Id);
        return new AdaptiveCard
        {
            FallbackText = $"Status for forløb {c.Label}",
            Body =
            [
                TextBlock.Heading($"Status: forløb {c.Label}"),
                .. extra ?? [],
                .. TeamBySector(c, byOrg),
                TextBlock.Subheading("Samtykke"),
                new TextBlock(ConsentSummary(consent, byOrg)),
                .. PendingMembers(c),
            ],
            Actions =
            [
                new ExecuteAction("Opdatér", "case.status", Data(c.Id)),
                .. NeedsRetryAfterRefusal(c) ? [new ExecuteAction("Prøv igen", VerbChannelRetry, Data(c.Id))] : Array.Empty<ExecuteAction>(),
            ],
        };
    }

    public const string VerbChannelRetry = "case.channel.retry";

    /// <summary>Microsoft 365 refused something for good, so nothing is retried until someone says the administrator has fixed it.</summary>
    public static bool NeedsRetryAfterRefusal(CitizenCase c) =>
        c.ChannelProblem is not null || c.ActiveMembers.Any(m => m.Channel == ChannelMembership.Refused);

    private static IEnumerable<CardElement> PendingMembers(CitizenCase c)
    {
        var pending = c.ActiveMembers.Where(m => m.Channel is ChannelMembership.Pending or ChannelMembership.Failed or ChannelMembership.Refused).ToList();
        if (c.ChannelProblem is { } problem) return [TextBlock.Subheading("Kanalen kræver handling"), new TextBlock(problem), .. PendingAccess(pending)];
        if (c.ChannelId is null)
            return [TextBlock.Subheading("Afventer Microsoft 365"), new TextBlock(c.ChannelOperation is null ? CaseChannels.ChannelPending : CaseChannels.ChannelBeingCreated)];
        return PendingAccess(pending);
    }

    private static IEnumerable<CardElement> PendingAccess(List<CaseMember> pending)
    {
        if (pending.Count == 0) return [];
        return [TextBlock.Subheading("Afventer adgang til kanalen"),
            new FactSet(pending.Select(m => new Fact(m.DisplayName, m.ChannelNote ?? (m.Channel == ChannelMembership.Pending ? "Prøver igen automatisk" : "Kræver handling"))).ToList())];
    }

    public static IEnumerable<CardElement> TeamBySector(CitizenCase c, IReadOnlyDictionary<string, Organisation> byOrg)
    {
        var coordinator = c.ActiveMember(c.CoordinatorUserId);
        yield return new FactSet([new Fact("Koordinator", coordinator is null ? "ikke valgt" : $"{coordinator.DisplayName} ({OrgName(byOrg, coordinator.OrganisationId)})")]);
        foreach (var sector in c.ActiveMembers.GroupBy(m => m.Sector).OrderBy(g => g.Key))
        {
            yield return TextBlock.Subheading(SectorName(sector.Key));
            yield return new FactSet(sector.OrderBy(m => m.DisplayName).Select(m => new Fact(
                m.DisplayName + (m.Role == MemberRole.StandIn ? " (stedfortræder)" : ""),
                $"{m.Function ?? "medlem"}, {OrgName(byOrg, m.OrganisationId)}")).ToList());
        }
    }

    public static string ConsentSummary(Consent? consent, IReadOnlyDictionary<string, Organisation> byOrg)
    {
        if (consent is null) return "Intet gældende samtykke: kun koordinerende organisation har adgang til borgerens oplysninger. Skriv @Koordinator samtykke for at registrere det.";
        var orgs = consent.OrganisationIds.Count == 0 ? "ingen andre organisationer" : string.Join(", ", consent.OrganisationIds.Select(id => OrgName(byOrg, id)));
        var until = consent.ValidTo is { } to ? $" til {to:dd-MM-yyyy}" : " indtil det trækkes tilbage";
        return $"Givet {consent.GivenHow.ToString().ToLowerInvariant()}, gælder fra {consent.ValidFrom:dd-MM-yyyy}{until}. " +
               $"Deling med: {orgs}. Omfatter: {ConsentPolicy.Describe(consent.Kinds)}." + (consent.Note is { Length: > 0 } n ? $" Borgerens ønsker: {n}" : "");
    }

    private static string ChannelModes(CitizenCase c, IReadOnlyDictionary<string, Organisation> byOrg)
    {
        var lines = c.ActiveMembers.GroupBy(m => m.OrganisationId)
            .Select(g => $"- {OrgName(byOrg, g.Key)}: {ModeName(byOrg.TryGetValue(g.Key, out var o) ? (o.TenantId is null ? ChannelMode.EmailOnly : o.ChannelMode) : ChannelMode.EmailOnly)}");
        return string.Join("\n", lines);
    }

    public static string OrgName(IReadOnlyDictionary<string, Organisation> byOrg, string id) => byOrg.TryGetValue(id, out var o) ? o.Name : id;

    public static AdaptiveCard Message(string title, string text, long? caseId = null) => new()
    {
        FallbackText = title,
        Body = [TextBlock.Heading(title), new TextBlock(text)],
        Actions = caseId is null ? null : [new ExecuteAction("Vis status", "case.status", Data(caseId))],
    };

    public static AdaptiveCard MyCases(IReadOnlyList<CitizenCase> cases, string userId) => new()
    {
        FallbackText = "Dine forløb",
        Body =
        [
            TextBlock.Heading("Dine forløb"),
            cases.Count == 0
                ? new TextBlock("Du er ikke medlem af nogen forløb endnu. Skriv @Koordinator ny borger for at oprette et.")
                : new FactSet(cases.Select(c => new Fact(c.Label, (c.CoordinatorUserId == userId ? "du er koordinator" : "medlem") +
                    $", {c.ActiveMembers.Count()} i teamet")).ToList()),
        ],
    };
}
