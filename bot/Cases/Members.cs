using TeamsCoordinator.BotFramework;
using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Cases;

/// <summary>"tilføj": a card to add a person from any organisation the consent covers.</summary>
public sealed class AddMemberCommand(CaseAccess access, ICollaborationTenants tenants) : ICommandHandler
{
    public async Task HandleAsync(Turn turn, string arguments, CancellationToken ct)
    {
        var c = await access.ForChannelAsync(turn, "tilføj", ct);
        if (c is null) { turn.Reply(CaseAccess.NotFound(turn)); return; }
        turn.Reply(await MemberCards.AddFormAsync(c, tenants, null, ct));
    }
}

public sealed class AddMemberAction(CaseAccess access, ICollaborationTenants tenants, ConsentPolicy consent, CaseChannels channels, AuditLog audit) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var c = await access.ByIdAsync(long.TryParse(action.Get("caseId"), out var id) ? id : null, turn.UserKey, "tilføj medlem", ct);
        if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        var pick = (action.Get("person") ?? "").Split('|');
        var person = pick.Length == 2 ? await tenants.GetPersonAsync(pick[0], pick[1], ct) : null;
        if (person is null) return AdaptiveCardInvokeResponse.Card(await MemberCards.AddFormAsync(c, tenants, "Vælg den person, der skal tilføjes.", ct));
        var organisations = await tenants.GetOrganisationsAsync(ct);
        var org = organisations.First(o => o.Id == person.OrganisationId);

        if (!await consent.CoversAsync(c, org.Id, InformationKind.ContactData, ct))
        {
            audit.Record("member.refused", c.Id, $"{person.UserId} ({org.Id}): samtykke dækker ikke");
            return AdaptiveCardInvokeResponse.Card(await MemberCards.AddFormAsync(c, tenants,
                $"{person.DisplayName} kan ikke tilføjes: borgerens samtykke dækker ikke {org.Name}. Registrér et nyt samtykke med @Koordinator samtykke, hvis borgeren ønsker det.", ct));
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

    public async Task<Dictionary<string, string>> ProtectedAsync(CitizenCase c, CancellationToken ct)
    {
        var reasons = new Dictionary<string, string> { [c.CoordinatorUserId] = CoordinatorReason };
        foreach (var guard in guards)
            foreach (var (userId, reason) in await guard.ProtectedMembersAsync(c, ct))
                reasons.TryAdd(userId, reason);
        return reasons;
    }
}

/// <summary>"fjern": a card to remove a member (not the coordinator, nor anyone a guard protects: they are named with the reason).</summary>
public sealed class RemoveMemberCommand(CaseAccess access, MemberRemovalRules rules) : ICommandHandler
{
    public async Task HandleAsync(Turn turn, string arguments, CancellationToken ct)
    {
        var c = await access.ForChannelAsync(turn, "fjern", ct);
        if (c is null) { turn.Reply(CaseAccess.NotFound(turn)); return; }
        turn.Reply(MemberCards.RemoveForm(c, await rules.ProtectedAsync(c, ct)));
    }
}

public sealed class RemoveMemberAction(CaseAccess access, CaseChannels channels, AuditLog audit, MemberRemovalRules rules) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var c = await access.ByIdAsync(long.TryParse(action.Get("caseId"), out var id) ? id : null, turn.UserKey, "fjern medlem", ct);
        if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        var member = c.ActiveMember(action.Get("member") ?? "");
        if (member is null)
            return AdaptiveCardInvokeResponse.Card(CaseCards.Message($"Forløb {c.Label}", "Personen er ikke (længere) med i teamet.", c.Id));
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
    public static async Task<AdaptiveCard> AddFormAsync(CitizenCase c, ICollaborationTenants tenants, string? problem, CancellationToken ct)
    {
        var organisations = await tenants.GetOrganisationsAsync(ct);
        var people = await NewCaseCommand.AllPeopleAsync(tenants, organisations, ct);
        var names = organisations.ToDictionary(o => o.Id, o => o.Name);
        return new AdaptiveCard
        {
            FallbackText = $"Tilføj medlem til forløb {c.Label}",
            Body =
            [
                TextBlock.Heading($"Tilføj medlem: forløb {c.Label}"),
                new TextBlock("Personer fra andre organisationer kan kun tilføjes, når borgerens samtykke dækker organisationen."),
                .. CaseCards.Problem(problem),
                new ChoiceSetInput(people.Where(p => c.ActiveMember(p.UserId) is null)
                        .Select(p => new Choice($"{p.DisplayName} ({names.GetValueOrDefault(p.OrganisationId)})", $"{p.OrganisationId}|{p.UserId}")).ToList())
                    { Id = "person", Label = "Person", Style = "filtered", IsRequired = true, ErrorMessage = "Vælg en person" },
                new TextInput { Id = "function", Label = "Funktion i KIP (fx Støttekontaktperson)", MaxLength = 120 },
                new ChoiceSetInput([new("Medlem", nameof(MemberRole.Member)), new("Stedfortræder valgt af borgeren", nameof(MemberRole.StandIn))])
                    { Id = "role", Label = "Rolle", Style = "compact", Value = nameof(MemberRole.Member) },
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
