using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Cases;

/// <summary>
/// One row per read or write of a forløb's data: who, what, when, which forløb, from where. Append-only: the
/// application has no code path that updates or deletes a row. Details name labels and ids, never the citizen.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string ActorUserId { get; set; }
    public string? ActorName { get; set; }
    public required string Action { get; set; }
    public long? CaseId { get; set; }
    /// <summary>Free text (e.g. the reason a consent was withdrawn): encrypted at rest.</summary>
    [Protected] public string? Detail { get; set; }
    /// <summary>Where the request came from: channel, conversation type and tenant.</summary>
    public string? Origin { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("audit_log");
        e.HasIndex(a => new { a.CaseId, a.Id });
        e.HasIndex(a => a.ActorUserId);
    }
}

/// <summary>Who acts outside a bot turn (the Word add-in's API): the user's object id, name and where from.</summary>
public sealed record AuditCaller(string UserId, string? Name, string Origin);

public sealed class AuditLog(CoordinatorDb db, TurnAccessor turns, TimeProvider time)
{
    /// <summary>Set by an HTTP API for its request; a bot turn, when there is one, names the actor instead.</summary>
    public AuditCaller? Caller { get; set; }

    /// <summary>Adds an entry to the current unit of work, saved with the change it describes.</summary>
    public AuditEntry Record(string action, long? caseId, string? detail = null)
    {
        var turn = turns.Current;
        var entry = new AuditEntry
        {
            At = time.GetUtcNow(),
            ActorUserId = turn?.UserKey ?? Caller?.UserId ?? "system",
            ActorName = turn?.UserDisplayName ?? Caller?.Name,
            Action = action,
            CaseId = caseId,
            Detail = detail,
            Origin = turn is null ? Caller?.Origin ?? "system" : $"teams:{turn.Activity.Conversation?.ConversationType ?? "?"}:tenant={turn.TenantId}",
        };
        db.Add(entry);
        return entry;
    }

    public async Task<string> ExportCsvAsync(long caseId, CancellationToken ct)
    {
        var rows = await db.Set<AuditEntry>().AsNoTracking().Where(a => a.CaseId == caseId).OrderBy(a => a.Id).ToListAsync(ct);
        var csv = new StringBuilder("tidspunkt_utc;bruger_id;bruger;handling;detaljer;oprindelse\r\n");
        foreach (var r in rows)
            csv.Append(string.Join(';', r.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss"), Cell(r.ActorUserId), Cell(r.ActorName),
                Cell(r.Action), Cell(r.Detail), Cell(r.Origin))).Append("\r\n");
        return csv.ToString();
    }

    /// <summary>Quotes a CSV cell and defuses spreadsheet formulas (a cell starting with = + - @ runs in Excel).</summary>
    private static string Cell(string? value)
    {
        value ??= "";
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0])) value = "'" + value;
        return "\"" + value.Replace("\"", "\"\"") + "\"";
    }
}
