using System.Globalization;
using System.Text.Json;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Tasks;

namespace TeamsCoordinator.Drafting;

/// <summary>
/// »Lav udkast« on the referat form: from the minute-taker's rough notes, the agenda (titles, Baggrund, »Det
/// indstilles«) and the participants' roles, per agenda item Drøftelse and Beslutning, and the agreements as what,
/// who (a participant's number) and by when, in the agreement rows that are still empty.
/// </summary>
public sealed class ReferatDraft : DocumentDraft
{
    public const string Notes = "Noter";

    public override DocumentKind Kind => DocumentKind.Referat;
    public override string ButtonTitle => "Lav udkast";
    public override string BeforeInput => ReferatForm.Dagsorden;

    public override IReadOnlyList<FormInput> Inputs { get; } =
    [
        new(Notes, "Noter fra mødet", InputKind.LongText,
            Placeholder: "Dine stikord fra mødet. »Lav udkast« sender dem uden navne og CPR-numre til sprogmodellen; de gemmes ikke."),
    ];

    private const string Instructions =
        "Du hjælper referenten med et udkast til referatet af et netværksmøde i tværsektoriel psykiatri. Du får mødets dagsorden, " +
        "deltagernes roller (nummererede) og referentens rå noter. For hvert dagsordenspunkt (nr som givet): hvad der blev drøftet og " +
        "hvad der blev besluttet; en tom streng, når noterne intet siger om det. Aftaler: hvad der skal gøres, hvem (deltagerens nr. fra listen, " +
        "null når det ikke fremgår) og frist (ÅÅÅÅ-MM-DD, null når den ikke fremgår). " + Rules;

    private const string Schema = """
        {"type":"object","additionalProperties":false,"required":["punkter","aftaler"],"properties":{
          "punkter":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["nr","droeftelse","beslutning"],
            "properties":{"nr":{"type":"integer"},"droeftelse":{"type":"string"},"beslutning":{"type":"string"}}}},
          "aftaler":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["hvad","hvem","frist"],
            "properties":{"hvad":{"type":"string"},"hvem":{"type":["integer","null"]},"frist":{"type":["string","null"]}}}}}}
        """;

    public override Task<(DraftQuestion? Question, string? Problem)> AskAsync(DraftContext c, CancellationToken ct)
    {
        var notes = c.Value(Notes);
        if (notes.Length == 0)
            return Task.FromResult<(DraftQuestion?, string?)>((null, "Skriv dine noter fra mødet i »Noter fra mødet« først; udkastet laves ud fra dem."));
        var agenda = Agenda(c);
        var data = Serialize(new
        {
            dato = c.Value(ReferatForm.MoedeDato),
            deltagere = Team(c),
            dagsorden = agenda.Select((a, i) => new
            {
                nr = i + 1, titel = c.Names.Hide(a[0]), baggrund = c.Names.Hide(a[1]), droeftelse = c.Names.Hide(a[2]), beslutning = c.Names.Hide(a[3]),
            }),
            noter = c.Names.Hide(notes),
        });
        var question = new DraftQuestion(new DraftPrompt(Instructions, data, "referat_udkast", Schema), answer => Read(c, agenda, answer));
        return Task.FromResult<(DraftQuestion?, string?)>((question, null));
    }

    /// <summary>The agenda as the form holds it now: one item per line, the columns Punkt | Baggrund | Drøftelse | Beslutning.</summary>
    private static List<string[]> Agenda(DraftContext c) =>
        [.. c.Value(ReferatForm.Dagsorden).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)
            .Select(l => l.Split('|', 4, StringSplitOptions.TrimEntries).Concat(Enumerable.Repeat("", 4)).Take(4).ToArray())];

    private static DraftProposal Read(DraftContext c, List<string[]> agenda, JsonElement answer)
    {
        var values = new Dictionary<string, string>(c.Values);
        foreach (var item in answer.GetProperty("punkter").EnumerateArray())
        {
            var no = item.GetProperty("nr").GetInt32();
            if (no < 1 || no > agenda.Count) throw new FormatException("unknown agenda item");
            var (discussion, decision) = (Cell(c, item.GetProperty("droeftelse")), Cell(c, item.GetProperty("beslutning")));
            if (discussion.Length > 0) agenda[no - 1][2] = discussion;
            if (decision.Length > 0) agenda[no - 1][3] = decision;
        }
        values[ReferatForm.Dagsorden] = string.Join("\n", agenda.Select(a => string.Join(" | ", a)));

        // Only rows nobody has written in: what the user typed stays.
        var free = new Queue<int>(Enumerable.Range(1, AgreementRows.Count).Where(no =>
            new[] { AgreementRows.WhatId(no), AgreementRows.WhoId(no), AgreementRows.DueId(no) }.All(id => c.Value(id).Length == 0)));
        var left = 0;
        foreach (var agreement in answer.GetProperty("aftaler").EnumerateArray())
        {
            var what = c.Names.Show(agreement.GetProperty("hvad").GetString()!.Trim()).ReplaceLineEndings(" ");
            var who = c.Participant(agreement.GetProperty("hvem"));
            var due = agreement.GetProperty("frist") is { ValueKind: JsonValueKind.String } d
                ? DateOnly.ParseExact(d.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture) : (DateOnly?)null;
            if (what.Length == 0) continue;
            if (!free.TryDequeue(out var row)) { left++; continue; }
            values[AgreementRows.WhatId(row)] = what.Length > AgreementRows.MaxTitleLength ? what[..AgreementRows.MaxTitleLength] : what;
            if (who is not null) values[AgreementRows.WhoId(row)] = who.UserId;
            if (due is { } day) values[AgreementRows.DueId(row)] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        return new DraftProposal(values, left == 0 ? [] : [$"{left} aftale(r) fra udkastet fik ikke plads i aftalerækkerne; skriv dem selv, eller tøm en række og lav udkastet igen."]);
    }
}
