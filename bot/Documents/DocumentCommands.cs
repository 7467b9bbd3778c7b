using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Documents;

/// <summary>"ny KIP", "kriseplan", "referat" in a forløb channel: the document's form, pre-filled from the forløb.</summary>
public abstract class DocumentFormCommand(DocumentKind kind, DocumentWork work) : ICommandHandler
{
    public async Task HandleAsync(Turn turn, string arguments, CancellationToken ct)
    {
        if (turn.IsPersonal)
        {
            turn.Reply(turn.T($"Skriv @Koordinator {Word(kind)} i forløbets kanal; dokumentet hører til forløbet.",
                $"Type @Koordinator {Word(kind)} in the case channel; the document belongs to the case."));
            return;
        }
        turn.Reply(await work.FormAsync(turn, kind, ct));
    }

    private static string Word(DocumentKind kind) => kind == DocumentKind.Kip ? "ny KIP" : kind.Key;
}

public sealed class NewKipCommand(DocumentWork work) : DocumentFormCommand(DocumentKind.Kip, work);
public sealed class KriseplanCommand(DocumentWork work) : DocumentFormCommand(DocumentKind.Kriseplan, work);
public sealed class ReferatCommand(DocumentWork work) : DocumentFormCommand(DocumentKind.Referat, work);

/// <summary>"Lav KIP" (and the others) on the form: fill, keep as the next version, answer with the file card.</summary>
public sealed class CreateDocumentAction(DocumentWork work) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct) =>
        await work.CreateAsync(turn, action, ct);
}

/// <summary>
/// "Hent …" on the team's file card, "Nyt link" on one's own: a link signed for the clicking member alone, in the
/// invoke response (nobody else sees it), after checking that they are on the team and that the consent covers
/// their organisation for the document's kind now. Refusals are audited.
/// </summary>
public sealed class DocumentLinkAction(CaseAccess access, FileRights rights, IDocumentStore store, AuditLog audit) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var c = await access.ForCardAsync(action, turn, "dokumentlink", ct);
        if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        var decision = await rights.CheckAsync(long.TryParse(action.Get("fileId"), out var f) ? f : -1, turn.UserKey, ct);
        if (decision.File is not { } file || file.CaseId != c.Id || DocumentKind.ByKey(file.DocumentKey) is not { } kind)
            return AdaptiveCardInvokeResponse.Message(FileRights.Gone);
        if (decision.Refusal is { } refusal)
        {
            audit.Record("document.refused", c.Id, $"{file.DocumentKey} v{file.Version}: {(decision.Member is null ? "ikke medlem" : $"samtykke dækker ikke {decision.Member.OrganisationId}")}");
            return AdaptiveCardInvokeResponse.Message(refusal);
        }
        var kept = new KeptDocument(file.Id, file.DocumentKey, file.Version, file.FileName, file.WebUrl);
        audit.Record("document.link", c.Id, $"{file.DocumentKey} v{file.Version}");
        return AdaptiveCardInvokeResponse.Card(DocumentCards.Kept(c, kind, kept, store.LinkFor(kept, turn.LinkHolder), [], ownTemplate: null));
    }
}
