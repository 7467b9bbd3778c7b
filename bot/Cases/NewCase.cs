using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Cases;

/// <summary>"ny borger" / "nyt forløb": the form to open a forløb.</summary>
public sealed class NewCaseCommand(CaseAccess access, ICollaborationTenants tenants) : ICommandHandler
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
        turn.Reply(CaseCards.NewCaseForm(organisations, await AllPeopleAsync(tenants, organisations, ct), me, Guid.NewGuid().ToString("N")));
    }

    public const string NotInDirectory = "Jeg kan ikke finde dig i organisationernes brugerkatalog, så du kan ikke oprette forløb. Kontakt din administrator.";

    public static async Task<List<DirectoryPerson>> AllPeopleAsync(ICollaborationTenants tenants, IReadOnlyList<Organisation> organisations, CancellationToken ct)
    {
        var people = new List<DirectoryPerson>();
        foreach (var org in organisations) people.AddRange(await tenants.FindPeopleAsync(org.Id, "", ct));
        return people;
    }
}

/// <summary>
/// "Opret forløb": validates the form, records the forløb, its first members and the consent, creates the channel,
/// welcomes the team there. Refused input changes nothing and returns the form with a Danish explanation.
/// </summary>
public sealed class CreateCaseAction(CaseAccess access, ICollaborationTenants tenants, CaseChannels channels, AuditLog audit, ConsentPolicy consentPolicy) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var formId = action.Get("formId");
        if (formId is null) return AdaptiveCardInvokeResponse.Message("Kortet mangler sit id. Skriv @Koordinator ny borger for at starte forfra.");

        // A double click or a retried request: the forløb already exists; show it.
        if (await CreatedFromAsync(turn, formId, ct) is { } existing) return existing;

        var me = await access.WhoIsAsync(turn, ct);
        if (me is null) return AdaptiveCardInvokeResponse.Message(NewCaseCommand.NotInDirectory);
        var organisations = await tenants.GetOrganisationsAsync(ct);
        var people = await NewCaseCommand.AllPeopleAsync(tenants, organisations, ct);
        AdaptiveCardInvokeResponse Refuse(string problem) =>
            AdaptiveCardInvokeResponse.Card(CaseCards.NewCaseForm(organisations, people, me, formId, action.Data, problem));

        var initials = action.Get("initials") ?? "";
        var caseNumber = action.Get("caseNumber") ?? "";
        if (CaseLabel.Problem(initials, caseNumber) is { } labelProblem) return Refuse(labelProblem);
        if (await turn.Db.Set<CitizenCase>().AnyAsync(c => c.CoordinatingOrganisationId == me.OrganisationId && c.CaseNumber == caseNumber, ct))
        {
            // The other click of a double click may have created it since the check above: then it is this form's forløb.
            return await CreatedFromAsync(turn, formId, ct) ?? Refuse($"Sagsnummeret {caseNumber} er allerede brugt i din organisation.");
        }

        var known = organisations.ToDictionary(o => o.Id);
        var coordinator = people.FirstOrDefault(p => p.UserId == (action.Get("coordinator") ?? me.UserId) && p.OrganisationId == me.OrganisationId);
        if (coordinator is null) return Refuse("Koordinatoren skal være fra din egen organisation.");

        var consentOrgs = List(action.Get("consentOrganisations")).Where(known.ContainsKey).ToList();
        var kinds = ParseKinds(action.Get("consentKinds"));
        var members = List(action.Get("members")).Select(v => v.Split('|')).Where(p => p.Length == 2)
            .Select(p => people.FirstOrDefault(x => x.OrganisationId == p[0] && x.UserId == p[1])).OfType<DirectoryPerson>().ToList();
        var uncovered = members.Where(m => m.OrganisationId != me.OrganisationId && !consentOrgs.Contains(m.OrganisationId))
            .Select(m => known[m.OrganisationId].Name).Distinct().ToList();
        if (uncovered.Count > 0)
            return Refuse($"Samtykket dækker ikke {string.Join(" og ", uncovered)}. Medlemmer derfra kan først tilføjes, når borgeren har givet samtykke til det.");
        var validTo = action.Get("consentValidTo") is { } to && DateOnly.TryParse(to, out var d) ? d : (DateOnly?)null;
        if (validTo is not null && validTo < consentPolicy.Today) return Refuse("Samtykkets slutdato ligger i fortiden.");
        var cpr = action.Get("citizenCpr");
        if (cpr is not null && !CaseLabel.LooksLikeCpr(cpr)) return Refuse("CPR-nummeret skal skrives som ddmmåå-xxxx.");

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
        var channel = c.ChannelId is null
            ? "Kanalen oprettes, så snart Microsoft 365 svarer; jeg prøver igen automatisk."
            : $"Teamets kanal \"{CaseChannels.ChannelName(c)}\" er klar, og velkomstkortet er lagt i kanalen.";
        var more = pending == 0 ? "" : $" {pending} medlem(mer) afventer adgang: se @Koordinator status.";
        return CaseCards.Message($"Forløb {c.Label} er oprettet", channel + more, c.Id);
    }

    internal static List<string> List(string? csv) => (csv ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    internal static InformationKind ParseKinds(string? csv) =>
        List(csv).Aggregate(InformationKind.None, (k, s) => Enum.TryParse<InformationKind>(s, out var v) ? k | v : k);
}
