using TeamsCoordinator.Cases;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.EndToEnd;

namespace TeamsCoordinator.Tests.Cases;

/// <summary>The forløb cards, filled from the demo directory, for the renderer test.</summary>
public sealed class CaseCardSamples : ICardSamples
{
    public IEnumerable<CatalogCard> Cards
    {
        get
        {
            var organisations = DemoTenants.Organisations.Select(o => o.ToOrganisation()).ToList();
            var people = DemoTenants.People.Select(p => new DirectoryPerson(p.UserId, p.OrganisationId,
                organisations.First(o => o.Id == p.OrganisationId).TenantId, p.DisplayName, p.Email, p.JobTitle)).ToList();
            var mette = people[0];
            var c = SampleCase();
            var consent = new Consent
            {
                CaseId = 1, OrganisationIds = [DemoTenants.Aalborg], Kinds = InformationKind.ContactData | InformationKind.Plans,
                ValidFrom = new DateOnly(2026, 11, 23), ValidTo = new DateOnly(2027, 11, 23), Note = "Ved indlæggelse må sengeafsnittet kontakte min mor.",
                RecordedBy = mette.UserId,
            };
            return
            [
                new("case-new-form", CaseCards.NewCaseForm(organisations, new PeopleOffered(people, []), mette, "form-1")),
                new("case-new-form-refused", CaseCards.NewCaseForm(organisations, new PeopleOffered(people, []), mette, "form-1",
                    new Dictionary<string, string> { ["initials"] = "Anders" }, "Initialer skal være 2-4 bogstaver (fx \"AB\"), ikke borgerens navn.")),
                // Refused with the CPR number typed as initials: the identity is emptied everywhere and the card says why.
                new("case-new-form-identity-cleared", CitizenPrivacy.Scrub(CaseCards.NewCaseForm(organisations, new PeopleOffered(people, []), mette, "form-1",
                    IdentityTyped, "Et CPR-nummer må ikke bruges som initialer eller sagsnummer. Brug borgerens initialer og et sagsnummer."),
                    new CitizenIdentity(null, IdentityTyped))),
                // "Søg" answered: the matches plus the member chosen before, one municipality's directory down.
                new("case-new-form-search", CaseCards.NewCaseForm(organisations,
                    new PeopleOffered([people[1], people[2]], [organisations.First(o => o.Id == DemoTenants.Jammerbugt)], Searched: true), mette, "form-1",
                    new Dictionary<string, string> { ["initials"] = "AB", [PeoplePicker.QueryInput] = "Ca", ["members"] = PeopleSearch.Key(people[1]) })),
                new("case-new-form-search-nothing", CaseCards.NewCaseForm(organisations,
                    new PeopleOffered([], [], Searched: true, FoundAny: false), mette, "form-1",
                    new Dictionary<string, string> { [PeoplePicker.QueryInput] = "Xyz" })),
                new("case-add-member", MemberCards.AddForm(c, organisations, new PeopleOffered(people, []))),
                new("case-add-member-search", MemberCards.AddForm(c, organisations,
                    new PeopleOffered([.. people.Skip(5)], [organisations.First(o => o.Id == DemoTenants.Broenderslev)], Searched: true),
                    new Dictionary<string, string> { [PeoplePicker.QueryInput] = "So", ["person"] = PeopleSearch.Key(people[5]), ["function"] = "Sygeplejerske" })),
                new("case-add-member-refused", MemberCards.AddForm(c, organisations, new PeopleOffered(people, []), null,
                    "Rasmus Friis kan ikke tilføjes: borgerens samtykke dækker ikke Jammerbugt Kommune.")),
                new("case-welcome", CaseCards.Welcome(c, organisations, consent)),
                new("case-status", CaseCards.Status(c, organisations, consent)),
                new("case-status-no-consent", CaseCards.Status(c, organisations, null)),
                new("case-status-channel-pending", CaseCards.Status(ChannelPending(), organisations, consent)),
                new("case-status-channel-being-created", CaseCards.Status(ChannelBeingCreated(), organisations, consent)),
                new("case-status-channel-refused", CaseCards.Status(ChannelRefused(), organisations, consent)),
                new("case-message", CaseCards.Message("Forløb AB · F-2026-0042 er oprettet", "Teamets kanal er klar.", 1)),
                new("case-my-cases", CaseCards.MyCases([c], mette.UserId)),
                new("case-my-cases-empty", CaseCards.MyCases([], mette.UserId)),
                new("case-consent-form", ConsentCards.Form(c, organisations, consent, null)),
                new("case-audit-export", AuditExportCommand.Card(c, 9, link: null)),
                new("case-audit-export-link", AuditExportCommand.Card(c, 9, "https://koordinator.example/files/9?u=00000000-0000-4000-8000-00000000a001&t=tenant&exp=6b0e2f10&sig=0123456789abcdef")),
                new("case-remove-member", MemberCards.RemoveForm(c, new Dictionary<string, string> { [c.CoordinatorUserId] = MemberRemovalRules.CoordinatorReason })),
                new("case-remove-member-baton-holders", MemberCards.RemoveForm(c, new Dictionary<string, string>
                {
                    [c.CoordinatorUserId] = MemberRemovalRules.CoordinatorReason,
                    [people[1].UserId] = "Lars Nielsen har accepteret stafetten (hele forløbet) og skal først melde borgeren landet trygt.",
                })),
            ];
        }
    }

    private static readonly Dictionary<string, string> IdentityTyped = new()
    {
        ["initials"] = "240577-2346", ["caseNumber"] = "F-2026-0042", ["citizenName"] = "Karoline Møller", ["citizenCpr"] = "240577-2346",
        ["citizenAddress"] = "Boulevarden 41, 9000 Aalborg", ["citizenPhone"] = "61 72 83 94",
    };

    /// <summary>Microsoft 365 was down when the forløb was opened: no channel yet.</summary>
    private static CitizenCase ChannelPending()
    {
        var c = SampleCase();
        c.ChannelId = null;
        foreach (var m in c.Members) m.Channel = ChannelMembership.Pending;
        return c;
    }

    /// <summary>Teams is creating the shared channel in the background.</summary>
    private static CitizenCase ChannelBeingCreated()
    {
        var c = ChannelPending();
        c.ChannelOperation = "359d75f6-2bb8-4785-ab2d-377bf3d573fa";
        return c;
    }

    /// <summary>The app may not let itself into the channel, and one municipality has no B2B direct connect: "Prøv igen" once fixed.</summary>
    private static CitizenCase ChannelRefused()
    {
        var c = SampleCase();
        (c.ChannelBotPending, c.ChannelProblem) = (true, "Koordinator har ikke lov til at lukke Koordinator ind i forløbskanalen i Region Nordjylland, Psykiatriens Microsoft 365. " +
            "En administrator i Region Nordjylland, Psykiatrien skal give appen Microsoft Graph-programtilladelsen TeamsAppInstallation.ManageSelectedForTeam.All med administratorsamtykke.");
        var lars = c.Members[1];
        (lars.Channel, lars.ChannelNote) = (ChannelMembership.Refused, "Aalborg Kommune kan endnu ikke deltage i delte kanaler fra Region Nordjylland, Psykiatrien: B2B direct connect mangler.");
        return c;
    }

    public static CitizenCase SampleCase()
    {
        var c = new CitizenCase
        {
            Id = 1, Initials = "AB", CaseNumber = "F-2026-0042", CoordinatingOrganisationId = DemoTenants.Region,
            CoordinatorUserId = DemoTenants.People[0].UserId, CreatedBy = DemoTenants.People[0].UserId, ChannelId = "19:x@thread.tacv2",
        };
        foreach (var p in DemoTenants.People.Take(5))
        {
            var org = DemoTenants.Organisations.First(o => o.Id == p.OrganisationId);
            c.Members.Add(new CaseMember
            {
                UserId = p.UserId, OrganisationId = p.OrganisationId, Sector = org.Sector, DisplayName = p.DisplayName, Function = p.JobTitle,
                AddedBy = "x", Channel = p.DisplayName == "Peter Damgaard" ? ChannelMembership.Pending : ChannelMembership.Done,
            });
        }
        return c;
    }
}
