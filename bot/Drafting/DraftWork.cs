using System.Text.Json;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Documents;

namespace TeamsCoordinator.Drafting;

/// <summary>
/// A click on »Lav udkast« or »Foreslå formuleringer«: the same checks as the form itself (member, consent for the
/// kind), then the organisation's opt-in, then one call with every identity replaced. Whatever happens the answer is
/// the form again with what the user had typed: with the proposal in it, or untouched with a Danish sentence why.
/// Nothing is kept here; the audit gets the deployment, token counts and duration, never the notes or the answer.
/// </summary>
public sealed class DraftWork(CaseAccess access, DocumentWork documents, DraftingOptions options, DraftModel model, AuditLog audit)
{
    public const string Off = "Udkast med sprogmodel er ikke slået til for din organisation, så intet er sendt. Formularen er som før; udfyld den selv, " +
                              "eller bed jeres administrator om at slå det til (Ai:Organisations).";
    public const string Busy = "Sprogmodellen har travlt lige nu, så der kom intet udkast. Formularen er som før. Prøv igen";
    public const string TimedOut = "Sprogmodellen svarede ikke i tide, så der kom intet udkast. Formularen er som før; prøv igen om lidt, eller udfyld den selv.";
    public const string Refused = "Sprogmodellens indholdsfilter afviste teksten, så der kom intet udkast. Formularen er som før; " +
                                  "omformulér noterne og prøv igen, eller udfyld formularen selv.";
    public const string Malformed = "Sprogmodellens svar kunne ikke bruges (det passede ikke til formularen), så intet er udfyldt. Formularen er som før; prøv igen.";
    public const string Unavailable = "Sprogmodellen kunne ikke nås, så der kom intet udkast. Formularen er som før; prøv igen senere, eller udfyld den selv.";
    public const string NotClean = "Udkastet blev ikke sendt, fordi teksten stadig indeholdt noget, der kan identificere borgeren eller teamet. Formularen er som før.";

    public static string Proposed(DocumentKind kind) =>
        $"Her er sprogmodellens forslag. Læs det igennem og ret det til: intet er gemt, før du trykker »Lav {kind.Title}«.";

    public async Task<AdaptiveCardInvokeResponse> DraftAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var kind = DocumentKind.ByKey(action.Get("kind"));
        var c = await access.ForCardAsync(action, turn, "udkast", ct);
        if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        if (DocumentDraft.For(kind) is not { } draft || action.FormId is not { } formId)
            return AdaptiveCardInvokeResponse.Message("Kortet mangler oplysninger. Skriv @Koordinator ny KIP eller referat for at starte forfra.");
        if (await documents.RefusalAsync(c, turn, draft.Kind, ct) is { } refusal) return AdaptiveCardInvokeResponse.Card(refusal);

        var member = c.ActiveMember(turn.UserKey)!;
        var facts = await documents.FactsAsync(c, turn.UserKey, turn.UserDisplayName, ct);
        AdaptiveCardInvokeResponse Form(IReadOnlyDictionary<string, string> values, IReadOnlyList<string> notes) => AdaptiveCardInvokeResponse.Card(
            DocumentCards.Form(draft.Kind, facts, formId, DocumentForm.For(draft.Kind).Inputs(facts), values, notes,
                DocumentDraft.Offer(draft.Kind, options, member.OrganisationId)));

        // The button is not shown then; a click that arrives anyway (an old card, a forged one) sends nothing.
        if (!options.IsOnFor(member.OrganisationId))
        {
            audit.Record("ai.refused", c.Id, $"{draft.Kind.Key}: {member.OrganisationId} har ikke valgt udkast med sprogmodel til");
            return Form(action.Data, [Off]);
        }

        var context = new DraftContext(facts, action.Data, new Pseudonyms(c, facts.Team), facts.Team, turn.Db);
        var (question, problem) = await draft.AskAsync(context, ct);
        if (question is null) return Form(action.Data, [problem!]);
        if (!context.Names.IsClean(question.Prompt.Data))
        {
            audit.Record("ai.refused", c.Id, $"{draft.Kind.Key}: identitet fundet efter pladsholdere, intet sendt");
            return Form(action.Data, [NotClean]);
        }

        var answer = await model.AskAsync(question.Prompt, ct);
        var proposal = answer.Outcome == DraftOutcome.Answered ? Read(question, answer.Json) : null;
        var outcome = answer.Outcome == DraftOutcome.Answered && proposal is null ? "malformed" : answer.Outcome.ToString().ToLowerInvariant();
        audit.Record("ai.draft", c.Id, $"{draft.Kind.Key}: {outcome}, deployment {model.Deployment}, " +
                                       $"{answer.InputTokens} tokens ind, {answer.OutputTokens} tokens ud, {answer.Duration.TotalMilliseconds:0} ms");
        return answer.Outcome switch
        {
            DraftOutcome.Answered when proposal is not null => Form(proposal.Values, [Proposed(draft.Kind), .. proposal.Notes]),
            DraftOutcome.Answered => Form(action.Data, [Malformed]),
            DraftOutcome.Busy => Form(action.Data, [Busy + (answer.RetryAfter is { } wait ? $" om {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} sekunder." : " om lidt.")]),
            DraftOutcome.TimedOut => Form(action.Data, [TimedOut]),
            DraftOutcome.Refused => Form(action.Data, [Refused]),
            _ => Form(action.Data, [Unavailable]),
        };
    }

    /// <summary>The proposal, or null when the text is not JSON or does not keep to the schema and the data it was given.</summary>
    private static DraftProposal? Read(DraftQuestion question, string? json)
    {
        if (json is null) return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            return question.Read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}

/// <summary>»Lav udkast« (referat) and »Foreslå formuleringer« (KIP) on a document form.</summary>
public sealed class DraftAction(DraftWork work) : ICardActionHandler
{
    public Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct) => work.DraftAsync(turn, action, ct);
}
