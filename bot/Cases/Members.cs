using TeamsCoordinator.BotFramework;
using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Cases;

/// <summary>"tilføj": a card to add a person from any organisation the consent covers.</summary>
public sealed class AddMemberCommand(CaseAccess access, ICollaborationTenants tenants, PeopleSearch search) : ICommandHandler
{
    public async Task HandleAsync(Turn turn, string arguments, CancellationToken ct)
    {
        var c = await access.ForChannelAsync(turn, "tilføj", ct);
        if (c is null) { turn.Reply(CaseAccess.NotFound(turn)); return; }
        turn.Reply(await MemberCards.AddFormAsync(c, tenants, search, null, null, null, ct));
    }
}

/// <summary>
/// "Søg" on the "tilføj" form: the same form back with the people matching the search. Only the forløb's members can
/// search from it (a non-member learns nothing, as everywhere); the forløb itself is not read beyond its team.
/// </summary>
public sealed class SearchMemberAction(CaseAccess access, ICollaborationTenants tenants, PeopleSearch search) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var c = await access.ForCardAsync(action, turn, "søg person", ct);
        if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        return AdaptiveCardInvokeResponse.Card(await MemberCards.AddFormAsync(c, tenants, search, action.Data, null,
            action.Data.GetValueOrDefault(PeoplePicker.QueryInput) ?? "", ct));
    }
}

public sealed class AddMemberAction(CaseAccess access, ICollaborationTenants tenants, PeopleSearch search, ConsentPolicy consent, CaseChannels channels, AuditLog audit) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var c = await access.ForCardAsync(action, turn, "tilføj medlem", ct);
        if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        async Task<AdaptiveCardInvokeResponse> Refuse(string problem) =>
            AdaptiveCardInvokeResponse.Card(await MemberCards.AddFormAsync(c, tenants, search, action.Data, problem, null, ct));

        var organisations = await tenants.GetOrganisationsAsync(ct);
        var picked = await search.ResolveAsync(action.Get("person") is { } key ? [key] : [], organisations, ct);
        if (picked.Unavailable.Count > 0)
            return await Refuse($"{picked.Unavailable[0].Name} svarer ikke lige nu, så personen kan ikke slås op. Prøv igen om lidt.");
        if (picked.People.FirstOrDefault() is not { } person) return await Refuse("Vælg den person, der skal tilføjes.");
        var org = organisations.First(o => o.Id == person.OrganisationId);

        if (!await consent.CoversAsync(c, org.Id, InformationKind.ContactData, ct))
        {
            audit.Record("member.refused", c.Id, $"{person.UserId} ({org.Id}): samtykke dækker ikke");
            return await Refuse(
                $"{person.DisplayName} kan ikke tilføjes: borgerens samtykke dækker ikke {org.Name}. Registrér et nyt samtykke med @Koordinator samtykke, hvis borgeren ønsker det.");
        }
        if (c.ActiveMember(person.UserId) is not null)
            return AdaptiveCardInvokeResponse.Card(CaseCards.Message($"Forløb {c.Label}", $"{person.DisplayName} er allerede med i teamet.", c.Id));

        var member = new CaseMember
        {
            UserId = person.UserId, OrganisationId = org.Id, Sector = org.Sector, DisplayName = person.DisplayName, Email = person.Email,
            TenantId = person.TenantId, Function = action.Get("function") ?? person.JobTitle, AddedAt = turn.Now, AddedBy = turn.UserKey,
            Role = action.Get("role") == nameof(MemberRole.StandIn) ? MemberRole.StandIn : MemberRole.Member,
            Channel = org.TenantId is null ? ChannelMembership.EmailOnly : ChannelMembership.Pending,
        };
        c.Members.Add(member);
        c.Version++;
        audit.Record("member.add", c.Id, $"{person.UserId} ({org.Id})");
        await channels.SyncAsync(c, ct);
        var how = member.Channel switch
        {
            ChannelMembership.Done => $"har nu adgang til kanalen ({CaseCards.ModeName(c.ChannelMode)}).",
            ChannelMembership.EmailOnly => "har ikke Teams og får dokumenter og invitationer på e-mail.",
            ChannelMembership.Pending => "er med i teamet; adgangen til kanalen afventer Microsoft 365, og jeg prøver igen automatisk.",
            _ => $"er med i teamet, men kunne ikke få adgang til kanalen: {member.ChannelNote}",
        };
        return AdaptiveCardInvokeResponse.Card(CaseCards.Message($"Forløb {c.Label}", $"{person.DisplayName} ({org.Name}) {how}", c.Id));
    }
}

/// <summary>
/// Another feature's reasons why a member cannot leave the team now (e.g. they hold the baton): member user id →
/// the Danish reason. Removing them would leave responsibility with nobody.
/// </summary>
public interface IMemberRemovalGuard
{
    Task<IReadOnlyDictionary<string, string>> ProtectedMembersAsync(CitizenCase c, CancellationToken ct);
}

/// <summary>Who may not be removed now and why: the coordinator, and whoever another feature's guard names.</summary>
public sealed class MemberRemovalRules(IEnumerable<IMemberRemovalGuard> guards)
{
    public const string CoordinatorReason = "Koordinatoren kan ikke fjernes. Giv først koordinatorrollen videre med @Koordinator koordinator.";

    public const string NotYourOrganisation = "Kun koordinatoren eller en kollega fra samme organisation kan fjerne personen.";

    /// <summary>Who may remove whom: the coordinator anyone, every other member only people of their own organisation.</summary>
    public static bool MayRemove(CitizenCase c, CaseMember actor, CaseMember member) =>
        actor.UserId == c.CoordinatorUserId || actor.OrganisationId == member.OrganisationId;

    /// <summary>The members <paramref name="actorUserId"/> may not remove now, each with the reason (the form names them).</summary>
    public async Task<Dictionary<string, string>> NotRemovableByAsync(CitizenCase c, string actorUserId, CancellationToken ct)
    {
        var reasons = await ProtectedAsync(c, ct);
        var actor = c.ActiveMember(actorUserId)!;
        foreach (var m in c.ActiveMembers.Where(m => !MayRemove(c, actor, m))) reasons.TryAdd(m.UserId, NotYourOrganisation);
        return reasons;
    }

    public async Task<Dictionary<string, string>> ProtectedAsync(CitizenCase c, CancellationToken ct)
    {
        var reasons = new Dictionary<string, string> { [c.CoordinatorUserId] = CoordinatorReason };
        foreach (var guard in guards)
            foreach (var (userId, reason) in await guard.ProtectedMembersAsync(c, ct))
                reasons.TryAdd(userId, reason);
        return reasons;
    }
}

/// <summary>
/// "fjern": a card to remove a member (not the coordinator, nor anyone a guard protects, nor, for anyone but the
/// coordinator, people of another organisation: they are named with the reason).
/// </summary>
public sealed class RemoveMemberCommand(CaseAccess access, MemberRemovalRules rules) : ICommandHandler
{
    public async Task HandleAsync(Turn turn, string arguments, CancellationToken ct)
    {
        var c = await access.ForChannelAsync(turn, "fjern", ct);
        if (c is null) { turn.Reply(CaseAccess.NotFound(turn)); return; }
        turn.Reply(MemberCards.RemoveForm(c, await rules.NotRemovableByAsync(c, turn.UserKey, ct)));
    }
}

public sealed class RemoveMemberAction(CaseAccess access, CaseChannels channels, AuditLog audit, MemberRemovalRules rules) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var c = await access.ForCardAsync(action, turn, "fjern medlem", ct);
        if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        var member = c.ActiveMember(action.Get("member") ?? "");
        if (member is null)
            return AdaptiveCardInvokeResponse.Card(CaseCards.Message($"Forløb {c.Label}", "Personen er ikke (længere) med i teamet.", c.Id));
        if (!MemberRemovalRules.MayRemove(c, c.ActiveMember(turn.UserKey)!, member))
        {
            audit.Record("member.remove.refused", c.Id, $"{member.UserId} ({member.OrganisationId}): ikke koordinator eller samme organisation");
            return AdaptiveCardInvokeResponse.Card(CaseCards.Message($"Forløb {c.Label}",
                $"Du kan ikke fjerne {member.DisplayName}: {MemberRemovalRules.NotYourOrganisation}", c.Id));
        }
        if ((await rules.ProtectedAsync(c, ct)).TryGetValue(member.UserId, out var reason))
            return AdaptiveCardInvokeResponse.Card(CaseCards.Message($"Forløb {c.Label}", reason, c.Id));
        member.RemovedAt = turn.Now;
        c.Version++;
        audit.Record("member.remove", c.Id, $"{member.UserId} ({member.OrganisationId})");
        await channels.RemoveAsync(c, member, ct);
        return AdaptiveCardInvokeResponse.Card(CaseCards.Message($"Forløb {c.Label}", $"{member.DisplayName} er fjernet fra teamet og kanalen.", c.Id));
    }
}

public static class MemberCards
{
    public const string VerbSearch = "member.search";

    /// <summary>The "tilføj" form with what it offers: <paramref name="rawQuery"/>'s matches, or each directory's first page when null.</summary>
    public static async Task<AdaptiveCard> AddFormAsync(CitizenCase c, ICollaborationTenants tenants, PeopleSearch search,
        IReadOnlyDictionary<string, string>? values, string? problem, string? rawQuery, CancellationToken ct)
    {
        var organisations = await tenants.GetOrganisationsAsync(ct);
        var chosen = values?.GetValueOrDefault("person") is { Length: > 0 } key ? [key] : Array.Empty<string>();
        var (offered, queryProblem) = await PeoplePicker.OfferAsync(search, organisations, chosen, rawQuery, ct);
        return AddForm(c, organisations, offered, values, problem ?? queryProblem);
    }

    /// <summary>
    /// The person list is not required on the card: "Søg" sends the form's inputs too, and a required empty choice
    /// would stop the search before anyone is found. "Tilføj" without a person is answered by the bot instead.
    /// </summary>
    public static AdaptiveCard AddForm(CitizenCase c, IReadOnlyList<Organisation> organisations, PeopleOffered offered,
        IReadOnlyDictionary<string, string>? values = null, string? problem = null)
    {
        string? V(string key) => values is not null && values.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
        var names = organisations.ToDictionary(o => o.Id, o => o.Name);
        var people = offered.People.Where(p => c.ActiveMember(p.UserId) is null).ToList();
        var choices = people.Select(p => new Choice(PeoplePicker.Title(p, names), PeopleSearch.Key(p))).ToList();
        return new AdaptiveCard
        {
            FallbackText = $"Tilføj medlem til forløb {c.Label}",
            Body =
            [
                TextBlock.Heading($"Tilføj medlem: forløb {c.Label}"),
                new TextBlock("Personer fra andre organisationer kan kun tilføjes, når borgerens samtykke dækker organisationen."),
                .. CaseCards.Problem(problem),
                .. PeoplePicker.SearchBox(VerbSearch, CaseCards.Data(c.Id), V(PeoplePicker.QueryInput), offered),
                PeoplePicker.ListOrNobody(new ChoiceSetInput(choices)
                    { Id = "person", Label = "Person", Style = "filtered", Value = PeoplePicker.StillChoosable(V("person"), choices), Placeholder = "Vælg en person" }),
                new TextInput { Id = "function", Label = "Funktion i KIP (fx Støttekontaktperson)", MaxLength = 120, Value = V("function") },
                new ChoiceSetInput([new("Medlem", nameof(MemberRole.Member)), new("Stedfortræder valgt af borgeren", nameof(MemberRole.StandIn))])
                    { Id = "role", Label = "Rolle", Style = "compact", Value = V("role") ?? nameof(MemberRole.Member) },
            ],
            Actions = [new ExecuteAction("Tilføj", "member.add", CaseCards.Data(c.Id))],
        };
    }

    /// <summary>The members who can be removed; those who cannot (see <see cref="MemberRemovalRules"/>) are named below with the reason.</summary>
    public static AdaptiveCard RemoveForm(CitizenCase c, IReadOnlyDictionary<string, string> notNow)
    {
        var body = new List<CardElement>
        {
            TextBlock.Heading($"Fjern medlem: forløb {c.Label}"),
            new ChoiceSetInput(c.ActiveMembers.Where(m => !notNow.ContainsKey(m.UserId)).Select(m => new Choice(m.DisplayName, m.UserId)).ToList())
                { Id = "member", Label = "Medlem", Style = "compact", IsRequired = true, ErrorMessage = "Vælg et medlem" },
        };
        var blocked = c.ActiveMembers.Where(m => notNow.ContainsKey(m.UserId)).ToList();
        if (blocked.Count > 0)
        {
            body.Add(TextBlock.Subheading("Kan ikke fjernes nu"));
            body.Add(new FactSet(blocked.Select(m => new Fact(m.DisplayName, notNow[m.UserId])).ToList()));
        }
        return new AdaptiveCard
        {
            FallbackText = $"Fjern medlem fra forløb {c.Label}",
            Body = body,
            Actions = [new ExecuteAction("Fjern", "member.remove", CaseCards.Data(c.Id))],
        };
    }
}
