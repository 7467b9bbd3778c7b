using System.Text;
using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Cases;

/// <summary>
/// "log" / "revisionslog": the coordinator exports the forløb's audit log as CSV. The card in the channel carries a
/// button, never a link: the CSV names everyone who read the forløb, so only the coordinator gets a link, signed
/// for them alone (<see cref="AuditLinkAction"/>).
/// </summary>
public sealed class AuditExportCommand(CaseAccess access, AuditLog audit) : ICommandHandler
{
    public const string VerbLink = "audit.link";

    public async Task HandleAsync(Turn turn, string arguments, CancellationToken ct)
    {
        var c = await access.ForChannelAsync(turn, "revisionslog", ct);
        if (c is null) { turn.Reply(CaseAccess.NotFound(turn)); return; }
        if (c.CoordinatorUserId != turn.UserKey)
        {
            turn.Reply(turn.T(Documents.FileRights.OnlyCoordinator, "Only the case's coordinator can export the audit log."));
            return;
        }
        audit.Record("audit.export", c.Id);
        await turn.Db.SaveChangesAsync(ct);
        const string key = Documents.FileRights.AuditLogKey;
        var version = (await turn.Db.Set<StoredFile>().Where(f => f.CaseId == c.Id && f.DocumentKey == key).MaxAsync(f => (int?)f.Version, ct) ?? 0) + 1;
        var file = new StoredFile
        {
            CaseId = c.Id, DocumentKey = key, Version = version, FileName = $"revisionslog-{c.Initials}-{c.CaseNumber}-{turn.Now:yyyyMMdd-HHmmss}.csv",
            ContentType = "text/csv; charset=utf-8", Content = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(await audit.ExportCsvAsync(c.Id, ct))],
            CreatedAt = turn.Now, CreatedBy = turn.UserKey,
        };
        turn.Db.Add(file);
        await turn.Db.SaveChangesAsync(ct);
        turn.Reply(Card(c, file.Id, link: null));
    }

    /// <summary>The export's card: in the channel with the button; as the coordinator's own answer with the link.</summary>
    public static AdaptiveCard Card(CitizenCase c, long fileId, string? link) => new()
    {
        FallbackText = $"Revisionslog: forløb {c.Label}",
        Body =
        [
            TextBlock.Heading($"Revisionslog: forløb {c.Label}"),
            new TextBlock(link is null
                ? "Kun koordinatoren kan hente loggen: tryk »Hent CSV« for at få dit eget link (det virker i 5 minutter). Hver hentning registreres i loggen."
                : "Linket er kun til dig og virker i 5 minutter. Hver hentning registreres i loggen med dit navn."),
        ],
        Actions =
        [
            .. link is null ? [] : new CardAction[] { new OpenUrlAction("Åbn CSV", link) },
            new ExecuteAction(link is null ? "Hent CSV" : "Nyt link", VerbLink, CaseCards.Data(c.Id, ("fileId", fileId.ToString()))),
        ],
    };
}

/// <summary>"Hent CSV" on the export's card: a link signed for the clicker, only when they are the forløb's coordinator now (refusals audited).</summary>
public sealed class AuditLinkAction(CaseAccess access, Documents.FileRights rights, SignedLinks links, PublicBaseUrl baseUrl, AuditLog audit) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var c = await access.ForCardAsync(action, turn, "revisionslog", ct);
        if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        var decision = await rights.CheckAsync(long.TryParse(action.Get("fileId"), out var f) ? f : -1, turn.UserKey, ct);
        if (decision.File is not { } file || file.CaseId != c.Id || file.DocumentKey != Documents.FileRights.AuditLogKey)
            return AdaptiveCardInvokeResponse.Message(Documents.FileRights.Gone);
        if (decision.Refusal is { } refusal)
        {
            audit.Record("audit.refused", c.Id, $"v{file.Version}");
            return AdaptiveCardInvokeResponse.Message(refusal);
        }
        audit.Record("audit.link", c.Id, $"v{file.Version}");
        return AdaptiveCardInvokeResponse.Card(AuditExportCommand.Card(c, file.Id, links.Create(baseUrl.Value, file.Id, turn.LinkHolder)));
    }
}
