using TeamsCoordinator.BotFramework;
using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Cases;

/// <summary>"samtykke": shows the consent in force and lets the team record a new one or register a withdrawal.</summary>
public sealed class ConsentCommand(CaseAccess access, ICollaborationTenants tenants, ConsentPolicy consent) : ICommandHandler
{
    public async Task HandleAsync(Turn turn, string arguments, CancellationToken ct)
    {
        var c = await access.ForChannelAsync(turn, "samtykke", ct);
        if (c is null) { turn.Reply(CaseAccess.NotFound(turn)); return; }
        turn.Reply(ConsentCards.Form(c, await tenants.GetOrganisationsAsync(ct), await consent.InForceAsync(c.Id, ct), null));
    }
}

/// <summary>"Åbn samtykket" (the daily digest): the same consent form, from any chat, for the forløb's members.</summary>
public sealed class OpenConsentAction(CaseAccess access, ICollaborationTenants tenants, ConsentPolicy consent) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var c = await access.ForCardAsync(action, turn, "samtykke", ct);
        if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        return AdaptiveCardInvokeResponse.Card(ConsentCards.Form(c, await tenants.GetOrganisationsAsync(ct), await consent.InForceAsync(c.Id, ct), null));
    }
}

/// <summary>
/// Records a new consent; the one in force ends at the same moment (never edited, so history stays). Any member
/// may narrow it; widening it is for the coordinator or whoever recorded the one in force (refusals audited).
/// </summary>
public sealed class RecordConsentAction(CaseAccess access, ICollaborationTenants tenants, ConsentPolicy policy, AuditLog audit) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var c = await access.ForCardAsync(action, turn, "samtykke", ct);
        if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        var organisations = await tenants.GetOrganisationsAsync(ct);
        var current = await policy.InForceAsync(c.Id, ct);
        var orgs = CreateCaseAction.List(action.Get("consentOrganisations")).Where(o => organisations.Any(x => x.Id == o)).ToList();
        var kinds = CreateCaseAction.ParseKinds(action.Get("consentKinds"));
        if (orgs.Count == 0 || kinds == InformationKind.None)
            return AdaptiveCardInvokeResponse.Card(ConsentCards.Form(c, organisations, current,
                "Vælg mindst én organisation og én slags oplysninger. Har borgeren trukket samtykket tilbage, så brug knappen \"Borgeren trækker samtykket tilbage\"."));
        var validTo = action.Get("consentValidTo") is { } to && DateOnly.TryParse(to, out var d) ? d : (DateOnly?)null;
        if (validTo is not null && validTo < policy.Today)
            return AdaptiveCardInvokeResponse.Card(ConsentCards.Form(c, organisations, current, "Samtykkets slutdato ligger i fortiden."));
        if (ConsentPolicy.Widens(current, orgs, kinds, validTo) && !ConsentPolicy.MayWiden(c, current, turn.UserKey))
        {
            audit.Record("consent.refused", c.Id, $"udvidelse: organisationer={string.Join(',', orgs)}; omfang={kinds}");
            return AdaptiveCardInvokeResponse.Card(ConsentCards.Form(c, organisations, current, ConsentPolicy.WideningRefused));
        }

        await EndCurrentAsync(turn, c.Id, withdrawn: false, ct);
        var consent = new Consent
        {
            CaseId = c.Id, OrganisationIds = orgs, Kinds = kinds, ValidFrom = policy.Today, ValidTo = validTo, Note = action.Get("consentNote"),
            GivenHow = Enum.TryParse<ConsentGiven>(action.Get("consentGivenHow"), out var g) ? g : ConsentGiven.Mundtligt,
            RecordedAt = turn.Now, RecordedBy = turn.UserKey,
        };
        turn.Db.Add(consent);
        audit.Record("consent.record", c.Id, $"organisationer={string.Join(',', orgs)}; omfang={kinds}");
        var byOrg = organisations.ToDictionary(o => o.Id);
        return AdaptiveCardInvokeResponse.Card(CaseCards.Message($"Samtykke registreret: forløb {c.Label}", CaseCards.ConsentSummary(consent, byOrg), c.Id));
    }

    internal static async Task EndCurrentAsync(Turn turn, long caseId, bool withdrawn, CancellationToken ct)
    {
        foreach (var open in turn.Db.Set<Consent>().Where(x => x.CaseId == caseId && x.EndedAt == null).ToList())
        {
            open.EndedAt = turn.Now;
            open.EndedBy = turn.UserKey;
            open.Withdrawn = withdrawn;
        }
        await Task.CompletedTask;
    }
}

/// <summary>
/// The citizen withdraws consent (they may tell any member, so any member may register it): it ends at once, people from organisations it no longer covers leave the team and
/// the channel, and sharing checks refuse from this moment. The coordinating organisation stays.
/// </summary>
public sealed class WithdrawConsentAction(CaseAccess access, CaseChannels channels, AuditLog audit) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var c = await access.ForCardAsync(action, turn, "tilbagetræk samtykke", ct);
        if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        await RecordConsentAction.EndCurrentAsync(turn, c.Id, withdrawn: true, ct);
        audit.Record("consent.withdraw", c.Id, action.Get("reason"));
        var leaving = c.ActiveMembers.Where(m => m.OrganisationId != c.CoordinatingOrganisationId).ToList();
        foreach (var m in leaving)
        {
            m.RemovedAt = turn.Now;
            audit.Record("member.remove", c.Id, $"{m.UserId} ({m.OrganisationId}): samtykke trukket tilbage");
            await channels.RemoveAsync(c, m, ct);
        }
        c.Version++;
        var who = leaving.Count == 0 ? "" : $" {leaving.Count} medlem(mer) fra andre organisationer har ikke længere adgang.";
        return AdaptiveCardInvokeResponse.Card(CaseCards.Message($"Samtykke trukket tilbage: forløb {c.Label}",
            "Samtykket er ophørt fra nu. Der deles ikke længere oplysninger med andre organisationer." + who +
            " Teamet kan stadig koordinere mødetider uden at dele helbredsoplysninger.", c.Id));
    }
}

public static class ConsentCards
{
    public const string VerbOpen = "consent.open";

    public static AdaptiveCard Form(CitizenCase c, IReadOnlyList<Organisation> organisations, Consent? current, string? problem)
    {
        var byOrg = organisations.ToDictionary(o => o.Id);
        var others = organisations.Where(o => o.Id != c.CoordinatingOrganisationId).ToList();
        return new AdaptiveCard
        {
            FallbackText = $"Samtykke: forløb {c.Label}",
            Body =
            [
                TextBlock.Heading($"Samtykke: forløb {c.Label}"),
                new TextBlock(CaseCards.ConsentSummary(current, byOrg)),
                .. CaseCards.Problem(problem),
                TextBlock.Subheading("Registrér nyt samtykke (erstatter det gældende)"),
                new ChoiceSetInput(others.Select(o => new Choice(o.Name, o.Id)).ToList())
                    { Id = "consentOrganisations", Label = "Oplysninger må deles med", IsMultiSelect = true, Style = "expanded",
                      Value = current is null ? null : string.Join(',', current.OrganisationIds) },
                CaseCards.KindsInput(current is null ? null : string.Join(',', Enum.GetValues<InformationKind>()
                    .Where(k => k is not InformationKind.None and not InformationKind.All && current.Kinds.HasFlag(k)))),
                CaseCards.GivenHowInput(current?.GivenHow.ToString()),
                new DateInput { Id = "consentValidTo", Label = "Gælder til (tom: til det trækkes tilbage)", Value = current?.ValidTo?.ToString("yyyy-MM-dd") },
                new TextInput { Id = "consentNote", Label = "Borgerens ønsker om deling i bestemte situationer", IsMultiline = true, MaxLength = 1000, Value = current?.Note },
            ],
            Actions =
            [
                new ExecuteAction("Registrér samtykke", "consent.record", CaseCards.Data(c.Id)),
                new ShowCardAction("Borgeren trækker samtykket tilbage", new AdaptiveCard
                {
                    Body =
                    [
                        new TextBlock("Tilbagetrækning gælder fra nu: medlemmer fra andre organisationer mister adgangen, og der deles ikke længere oplysninger."),
                        new TextInput { Id = "reason", Label = "Bemærkning (valgfri)", MaxLength = 500 },
                    ],
                    Actions = [new ExecuteAction("Bekræft tilbagetrækning", "consent.withdraw", CaseCards.Data(c.Id))],
                }),
            ],
        };
    }
}
