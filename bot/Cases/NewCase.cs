using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Cases;

/// <summary>"ny borger" / "nyt forløb": the form to open a forløb.</summary>
public sealed class NewCaseCommand(CaseAccess access, ICollaborationTenants tenants, PeopleSearch search) : ICommandHandler
{
    public async Task HandleAsync(Turn turn, string arguments, CancellationToken ct)
    {
        var me = await access.WhoIsAsync(turn, ct);
        if (me is null)
        {
            turn.Reply(NotInDirectory);
            return;
        }
        var organisations = await tenants.GetOrganisationsAsync(ct);
        var (offered, _) = await PeoplePicker.OfferAsync(search, organisations, [], null, ct);
        turn.Reply(CaseCards.NewCaseForm(organisations, offered, me, Guid.NewGuid().ToString("N")));
    }

    public const string NotInDirectory = "Jeg kan ikke finde dig i organisationernes brugerkatalog, så du kan ikke oprette forløb. Kontakt din administrator.";

    /// <summary>Who the form has chosen so far, as "organisation|user" values: the coordinator (own organisation) and the members.</summary>
    internal static IEnumerable<string> Chosen(CardActionInvoke action, DirectoryPerson creator) =>
        CreateCaseAction.List(action.Get("members"))
            .Prepend(action.Get("coordinator") is { } coordinator ? $"{creator.OrganisationId}|{coordinator}" : "");
}

/// <summary>
/// "Søg" on the "ny borger" form: the same form back, everything typed kept, with the people matching the search as
/// choices. Only someone found in an organisation's directory (who may open a forløb) can search.
/// </summary>
public sealed class SearchNewCaseMembersAction(CaseAccess access, ICollaborationTenants tenants, PeopleSearch search) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var formId = action.FormId;
        if (formId is null) return AdaptiveCardInvokeResponse.Message("Kortet mangler sit id. Skriv @Koordinator ny borger for at starte forfra.");
        var me = await access.WhoIsAsync(turn, ct);
        if (me is null) return AdaptiveCardInvokeResponse.Message(NewCaseCommand.NotInDirectory);
        var organisations = await tenants.GetOrganisationsAsync(ct);
        var (offered, problem) = await PeoplePicker.OfferAsync(search, organisations, NewCaseCommand.Chosen(action, me),
            action.Data.GetValueOrDefault(PeoplePicker.QueryInput) ?? "", ct);
        return AdaptiveCardInvokeResponse.Card(CaseCards.NewCaseForm(organisations, offered, me, formId, action.Data, problem));
    }
}

/// <summary>
/// "Opret forløb": validates the form, records the forløb, its first members and the consent, asks for the channel and
/// welcomes the team there once it exists. Teams may create the channel in the background: the answer never waits for
/// it (an invoke has 15 seconds), and the retry worker posts the welcome card when it is there. Refused input changes
/// nothing and returns the form with a Danish explanation.
/// </summary>
public sealed class CreateCaseAction(CaseAccess access, ICollaborationTenants tenants, PeopleSearch search, CaseChannels channels, AuditLog audit, ConsentPolicy consentPolicy) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var formId = action.FormId;
        if (formId is null) return AdaptiveCardInvokeResponse.Message("Kortet mangler sit id. Skriv @Koordinator ny borger for at starte forfra.");

        // A double click or a retried request: the forløb already exists; show it.
        if (await CreatedFromAsync(turn, formId, ct) is { } existing) return existing;

        var me = await access.WhoIsAsync(turn, ct);
        if (me is null) return AdaptiveCardInvokeResponse.Message(NewCaseCommand.NotInDirectory);
        var organisations = await tenants.GetOrganisationsAsync(ct);
        async Task<AdaptiveCardInvokeResponse> Refuse(string problem)
        {
            var (offered, _) = await PeoplePicker.OfferAsync(search, organisations, NewCaseCommand.Chosen(action, me), null, ct);
            return AdaptiveCardInvokeResponse.Card(CaseCards.NewCaseForm(organisations, offered, me, formId, action.Data, problem));
        }

        var initials = action.Get("initials") ?? "";
        var caseNumber = action.Get("caseNumber") ?? "";
        if (CaseLabel.Problem(initials, caseNumber) is { } labelProblem) return await Refuse(labelProblem);
        if (await turn.Db.Set<CitizenCase>().AnyAsync(c => c.CoordinatingOrganisationId == me.OrganisationId && c.CaseNumber == caseNumber, ct))
        {
            // The other click of a double click may have created it since the check above: then it is this form's forløb.
            return await CreatedFromAsync(turn, formId, ct) ?? await Refuse($"Sagsnummeret {caseNumber} er allerede brugt i din organisation.");
        }

        var known = organisations.ToDictionary(o => o.Id);
        var coordinatorId = action.Get("coordinator") ?? me.UserId;
        var coordinator = coordinatorId == me.UserId ? me
            : (await search.ResolveAsync([$"{me.OrganisationId}|{coordinatorId}"], organisations, ct)).People.FirstOrDefault();
        if (coordinator is null) return await Refuse("Koordinatoren skal være fra din egen organisation.");

        var consentOrgs = List(action.Get("consentOrganisations")).Where(known.ContainsKey).ToList();
        var kinds = ParseKinds(action.Get("consentKinds"));
        var memberKeys = List(action.Get("members")).Distinct().ToList();
        if (memberKeys.Count > PeopleSearch.MaxChosen)
            return await Refuse($"Vælg højst {PeopleSearch.MaxChosen} medlemmer her. Flere kan tilføjes bagefter med @Koordinator tilføj.");
        // Each chosen member is looked up again: a search's choices are not a list to trust, and nobody may go missing silently.
        var resolved = await search.ResolveAsync(memberKeys, organisations, ct);
        if (resolved.Unavailable.Count > 0)
            return await Refuse($"{string.Join(" og ", resolved.Unavailable.Select(o => o.Name))} svarer ikke lige nu, så de valgte medlemmer derfra kan ikke slås op. Prøv igen om lidt.");
        if (resolved.People.Count < memberKeys.Count)
            return await Refuse("Nogle af de valgte medlemmer findes ikke (længere) i brugerkataloget. Søg dem frem igen, og vælg dem på ny.");
        var members = resolved.People;
        var uncovered = members.Where(m => m.OrganisationId != me.OrganisationId && !consentOrgs.Contains(m.OrganisationId))
            .Select(m => known[m.OrganisationId].Name).Distinct().ToList();
        if (uncovered.Count > 0)
            return await Refuse($"Samtykket dækker ikke {string.Join(" og ", uncovered)}. Medlemmer derfra kan først tilføjes, når borgeren har givet samtykke til det.");
        var validTo = action.Get("consentValidTo") is { } to && DateOnly.TryParse(to, out var d) ? d : (DateOnly?)null;
        if (validTo is not null && validTo < consentPolicy.Today) return await Refuse("Samtykkets slutdato ligger i fortiden.");
        var cpr = action.Get("citizenCpr");
        if (cpr is not null && !CaseLabel.LooksLikeCpr(cpr)) return await Refuse("CPR-nummeret skal skrives som ddmmåå-xxxx.");

        var c = new CitizenCase
        {
            Initials = initials.ToUpperInvariant(),
            CaseNumber = caseNumber,
            CoordinatingOrganisationId = me.OrganisationId,
            HandlekommuneId = action.Get("handlekommune") is { } hk && known.ContainsKey(hk) ? hk : null,
            CoordinatorUserId = coordinator.UserId,
            CreatedAt = turn.Now,
            CreatedBy = turn.UserKey,
            CreationRequestId = formId,
            ServiceUrl = turn.ServiceUrl,
            TenantId = turn.TenantId,
            Citizen = new ProtectedCitizen
            {
                FullName = action.Get("citizenName"), Cpr = cpr, Address = action.Get("citizenAddress"), Phone = action.Get("citizenPhone"),
            },
        };
        c.BetalingskommuneId = c.HandlekommuneId;
        foreach (var person in new[] { me, coordinator }.Concat(members).DistinctBy(p => p.UserId))
            c.Members.Add(NewMember(person, known[person.OrganisationId], turn));
        turn.Db.Add(c);

        Consent? consent = null;
        if (consentOrgs.Count > 0 && kinds != InformationKind.None)
        {
            consent = new Consent
            {
                OrganisationIds = consentOrgs, Kinds = kinds, GivenHow = Enum.TryParse<ConsentGiven>(action.Get("consentGivenHow"), out var g) ? g : ConsentGiven.Mundtligt,
                ValidFrom = consentPolicy.Today, ValidTo = validTo, Note = action.Get("consentNote"), RecordedAt = turn.Now, RecordedBy = turn.UserKey,
            };
        }
        try { await turn.Db.SaveChangesAsync(ct); } // gives the forløb its id
        catch (DbUpdateException)
        {
            // The same form was submitted twice at once and the other click won: show its forløb.
            turn.Db.ChangeTracker.Clear();
            if (await CreatedFromAsync(turn, formId, ct) is { } winner) return winner;
            throw;
        }
        if (consent is not null)
        {
            consent.CaseId = c.Id;
            turn.Db.Add(consent);
            audit.Record("consent.record", c.Id, $"organisationer={string.Join(',', consentOrgs)}; omfang={kinds}");
        }
        audit.Record("case.create", c.Id, $"label={c.Label}");
        foreach (var m in c.Members) audit.Record("member.add", c.Id, $"{m.UserId} ({m.OrganisationId})");
        await turn.Db.SaveChangesAsync(ct);

        await channels.SyncAsync(c, ct, creatorSeesAnswer: true);
        return AdaptiveCardInvokeResponse.Card(Created(c));
    }

    /// <summary>The answer for a form whose forløb already exists (to members only), or null when it does not.</summary>
    private static async Task<AdaptiveCardInvokeResponse?> CreatedFromAsync(Turn turn, string formId, CancellationToken ct)
    {
        var existing = await turn.Db.Set<CitizenCase>().AsNoTracking().Include(c => c.Members)
            .FirstOrDefaultAsync(c => c.CreationRequestId == formId, ct);
        if (existing is null) return null;
        return existing.ActiveMember(turn.UserKey) is null
            ? AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn))
            : AdaptiveCardInvokeResponse.Card(Created(existing));
    }

    private static CaseMember NewMember(DirectoryPerson p, Organisation org, Turn turn) => new()
    {
        UserId = p.UserId, OrganisationId = p.OrganisationId, Sector = org.Sector, DisplayName = p.DisplayName, Email = p.Email,
        TenantId = p.TenantId, Function = p.JobTitle, AddedAt = turn.Now, AddedBy = turn.UserKey,
        Channel = org.TenantId is null ? ChannelMembership.EmailOnly : ChannelMembership.Pending,
    };

    private static BotFramework.Cards.AdaptiveCard Created(CitizenCase c)
    {
        var pending = c.ActiveMembers.Count(m => m.Channel is ChannelMembership.Pending or ChannelMembership.Refused or ChannelMembership.Failed);
        var channel = c.ChannelProblem is { } problem ? problem
            : c.ChannelId is null && c.ChannelOperation is not null ? CaseChannels.ChannelBeingCreated
            : c.ChannelId is null ? "Kanalen oprettes, så snart Microsoft 365 svarer; jeg prøver igen automatisk."
            : c.ChannelBotPending ? $"Teamets kanal \"{CaseChannels.ChannelName(c)}\" er oprettet; velkomstkortet lægges i kanalen, så snart Koordinator er lukket ind."
            : $"Teamets kanal \"{CaseChannels.ChannelName(c)}\" er klar, og velkomstkortet er lagt i kanalen.";
        var more = pending == 0 ? "" : $" {pending} medlem(mer) afventer adgang: se @Koordinator status.";
        return CaseCards.Message($"Forløb {c.Label} er oprettet", channel + more, c.Id);
    }

    internal static List<string> List(string? csv) => (csv ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    internal static InformationKind ParseKinds(string? csv) =>
        List(csv).Aggregate(InformationKind.None, (k, s) => Enum.TryParse<InformationKind>(s, out var v) ? k | v : k);
}
