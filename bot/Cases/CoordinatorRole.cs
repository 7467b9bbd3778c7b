using System.Text;
using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Cases;

/// <summary>"log" / "revisionslog": the coordinator downloads the forløb's audit log as CSV through a short-lived link.</summary>
public sealed class AuditExportCommand(CaseAccess access, AuditLog audit, SignedLinks links, PublicBaseUrl baseUrl) : ICommandHandler
{
    public async Task HandleAsync(Turn turn, string arguments, CancellationToken ct)
    {
        var c = await access.ForChannelAsync(turn, "revisionslog", ct);
        if (c is null) { turn.Reply(CaseAccess.NotFound(turn)); return; }
        if (c.CoordinatorUserId != turn.UserKey)
        {
            turn.Reply(turn.T("Kun forløbets koordinator kan hente revisionsloggen.", "Only the case's coordinator can export the audit log."));
            return;
        }
        audit.Record("audit.export", c.Id);
        await turn.Db.SaveChangesAsync(ct);
        var version = (await turn.Db.Set<StoredFile>().Where(f => f.CaseId == c.Id && f.DocumentKey == "revisionslog").MaxAsync(f => (int?)f.Version, ct) ?? 0) + 1;
        var file = new StoredFile
        {
            CaseId = c.Id, DocumentKey = "revisionslog", Version = version, FileName = $"revisionslog-{c.Initials}-{c.CaseNumber}-{turn.Now:yyyyMMdd-HHmmss}.csv",
            ContentType = "text/csv; charset=utf-8", Content = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(await audit.ExportCsvAsync(c.Id, ct))],
            CreatedAt = turn.Now, CreatedBy = turn.UserKey,
        };
        turn.Db.Add(file);
        await turn.Db.SaveChangesAsync(ct);
        var url = links.Create(baseUrl.Value, file.Id);
        turn.Reply(new AdaptiveCard
        {
            FallbackText = $"Revisionslog: forløb {c.Label}",
            Body = [TextBlock.Heading($"Revisionslog: forløb {c.Label}"), new TextBlock("Linket virker i 15 minutter. Hver hentning registreres i loggen.")],
            Actions = [new OpenUrlAction("Hent CSV", url)],
        });
    }
}
