using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tasks;

namespace TeamsCoordinator.Drafting;

/// <summary>
/// »Foreslå formuleringer« on the KIP form: the last referat's agreements (what, who by number, by when) become
/// proposed »Konkrete indsatser«, one line each: a title, the goal and effort with its timing, and the agreement's
/// owner as the referat named them.
/// </summary>
public sealed class KipDraft : DocumentDraft
{
    public override DocumentKind Kind => DocumentKind.Kip;
    public override string ButtonTitle => "Foreslå formuleringer";
    public override string BeforeInput => KipForm.Indsatser;

    private const string Instructions =
        "Du hjælper koordinatoren med formuleringer til »Konkrete indsatser« i en koordinerende indsatsplan (KIP) i tværsektoriel psykiatri. " +
        "Du får aftalerne fra sidste netværksmøde (nummererede) og deltagernes roller. For hver aftale (aftale = dens nr.): en kort titel og " +
        "en formulering af mål og indsats inklusive tidsplan, skrevet så borgeren kan forstå den. " + Rules;

    private const string Schema = """
        {"type":"object","additionalProperties":false,"required":["indsatser"],"properties":{
          "indsatser":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["aftale","titel","maalOgIndsats"],
            "properties":{"aftale":{"type":"integer"},"titel":{"type":"string"},"maalOgIndsats":{"type":"string"}}}}}}
        """;

    public override async Task<(DraftQuestion? Question, string? Problem)> AskAsync(DraftContext c, CancellationToken ct)
    {
        var caseId = c.Facts.Case.Id;
        // The forløb's referat and a meeting's referat ("referat:{id}") alike: the newest version made.
        var referat = await c.Db.Set<StoredFile>().AsNoTracking()
            .Where(f => f.CaseId == caseId && (f.DocumentKey == DocumentKind.Referat.Key || f.DocumentKey.StartsWith(DocumentKind.Referat.Key + ":")))
            .OrderByDescending(f => f.Id).Select(f => (long?)f.Id).FirstOrDefaultAsync(ct);
        var agreements = referat is { } id ? await ReferatTasks.OfReferatAsync(c.Db, id, ct) : [];
        if (agreements.Count == 0)
            return (null, "Sidste referat har ingen aftaler at foreslå formuleringer ud fra. Lav referatet med aftalerne først (@Koordinator referat).");
        var data = Serialize(new
        {
            deltagere = Team(c),
            aftaler = agreements.Select((a, i) => new
            {
                nr = i + 1,
                hvad = c.Names.Hide(a.Title),
                ansvarlig = c.Participants.ToList().FindIndex(m => m.UserId == a.OwnerUserId) is var n && n >= 0 ? n + 1 : (int?)null,
                frist = a.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            }),
        });
        return (new DraftQuestion(new DraftPrompt(Instructions, data, "kip_indsatser", Schema), answer => Read(c, agreements, answer)), null);
    }

    private static DraftProposal Read(DraftContext c, List<CaseTask> agreements, JsonElement answer)
    {
        var lines = new List<string>();
        foreach (var effort in answer.GetProperty("indsatser").EnumerateArray())
        {
            var no = effort.GetProperty("aftale").GetInt32();
            if (no < 1 || no > agreements.Count) throw new FormatException("unknown agreement");
            lines.Add($"{Cell(c, effort.GetProperty("titel"))} | {Cell(c, effort.GetProperty("maalOgIndsats"))} | {agreements[no - 1].OwnerName}");
        }
        if (lines.Count == 0) throw new FormatException("no efforts");
        return new DraftProposal(new Dictionary<string, string>(c.Values) { [KipForm.Indsatser] = string.Join("\n", lines) }, []);
    }
}
