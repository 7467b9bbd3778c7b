using System.Text;
using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Cases;

/// <summary>"koordinator": choose who takes the coordinator role (tovholder). Exactly one coordinator at a time.</summary>
public sealed class CoordinatorCommand(CaseAccess access) : ICommandHandler
{
    public async Task HandleAsync(Turn turn, string arguments, CancellationToken ct)
    {
        var c = await access.ForChannelAsync(turn, "koordinator", ct);
        if (c is null) { turn.Reply(CaseAccess.NotFound(turn)); return; }
        var current = c.ActiveMember(c.CoordinatorUserId);
        turn.Reply(new AdaptiveCard
        {
            FallbackText = $"Koordinator: forløb {c.Label}",
            Body =
            [
                TextBlock.Heading($"Koordinator: forløb {c.Label}"),
                new TextBlock($"Koordinator nu: {current?.DisplayName ?? "ingen"}. Den nye koordinator får ansvaret for den røde tråd fra det øjeblik, rollen er overdraget."),
                new ChoiceSetInput(c.ActiveMembers.Where(m => m.UserId != c.CoordinatorUserId && m.Channel != ChannelMembership.EmailOnly)
                        .Select(m => new Choice($"{m.DisplayName}, {m.Function}", m.UserId)).ToList())
                    { Id = "coordinator", Label = "Ny koordinator", Style = "compact", IsRequired = true, ErrorMessage = "Vælg et medlem" },
            ],
            Actions = [new ExecuteAction("Overdrag koordinatorrollen", "case.coordinator", CaseCards.Data(c.Id, ("version", c.Version.ToString())))],
        });
    }
}

public sealed class ChangeCoordinatorAction(CaseAccess access, AuditLog audit) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var c = await access.ByIdAsync(long.TryParse(action.Get("caseId"), out var id) ? id : null, turn.UserKey, "koordinator", ct);
        if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        var next = c.ActiveMember(action.Get("coordinator") ?? "");
        if (next is null || next.Channel == ChannelMembership.EmailOnly)
            return AdaptiveCardInvokeResponse.Card(CaseCards.Message($"Forløb {c.Label}", "Den valgte person er ikke medlem af teamet med adgang til kanalen.", c.Id));
        if (action.Get("version") != c.Version.ToString())
            return AdaptiveCardInvokeResponse.Card(CaseCards.Message($"Forløb {c.Label}",
                $"Forløbet er ændret siden kortet blev vist. Koordinator nu: {c.ActiveMember(c.CoordinatorUserId)?.DisplayName}. Skriv @Koordinator koordinator igen.", c.Id));
        var previous = c.CoordinatorUserId;
        c.CoordinatorUserId = next.UserId;
        c.Version++;
        audit.Record("case.coordinator", c.Id, $"{previous} -> {next.UserId}");
        return AdaptiveCardInvokeResponse.Card(CaseCards.Message($"Forløb {c.Label}", $"{next.DisplayName} er nu koordinator.", c.Id));
    }
}

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
