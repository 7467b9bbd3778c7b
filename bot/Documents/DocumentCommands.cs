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

/// <summary>"Nyt link" on a file card: a fresh short-lived link, for a member whose organisation the consent covers now.</summary>
public sealed class DocumentLinkAction(CaseAccess access, ConsentPolicy consent, IDocumentStore store, AuditLog audit) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var c = await access.ForCardAsync(action, turn, "dokumentlink", ct);
        if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        var fileId = long.TryParse(action.Get("fileId"), out var f) ? f : -1;
        var file = await turn.Db.Set<StoredFile>().AsNoTracking().Where(x => x.Id == fileId && x.CaseId == c.Id)
            .Select(x => new { x.Id, x.DocumentKey, x.Version, x.FileName, x.WebUrl }).FirstOrDefaultAsync(ct);
        var kind = DocumentKind.ByKey(file?.DocumentKey);
        if (file is null || kind is null) return AdaptiveCardInvokeResponse.Message("Dokumentet findes ikke (længere) i forløbet.");
        var member = c.ActiveMember(turn.UserKey)!;
        if (!await consent.CoversAsync(c, member.OrganisationId, kind.Information, ct))
        {
            audit.Record("document.refused", c.Id, $"{file.DocumentKey} v{file.Version}: samtykke dækker ikke {member.OrganisationId}");
            return AdaptiveCardInvokeResponse.Message(DocumentWork.NotCovered(kind));
        }
        var kept = new KeptDocument(file.Id, file.DocumentKey, file.Version, file.FileName, file.WebUrl);
        audit.Record("document.link", c.Id, $"{file.DocumentKey} v{file.Version}");
        return AdaptiveCardInvokeResponse.Card(DocumentCards.Kept(c, kind, kept, store.LinkFor(kept), [], ownTemplate: null));
    }
}
