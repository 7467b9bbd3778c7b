using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Documents.Templates;
using static TeamsCoordinator.Documents.InputKind;

namespace TeamsCoordinator.Documents;

/// <summary>
/// A document kind's form: what the card asks (pre-filled from the forløb), and how the answers and the forløb
/// become the template's data. The citizen's identity goes into the data only, never onto the card.
/// </summary>
public abstract class DocumentForm
{
    public abstract DocumentKind Kind { get; }
    public abstract IReadOnlyList<FormInput> Inputs(CaseFacts facts);
    public abstract DocumentData Data(CaseFacts facts, FormValues values);

    /// <summary>The document's data and what else the answers agree on (the referat's agreements, which become tasks).</summary>
    public virtual FormAnswers Read(CaseFacts facts, FormValues values) => new(Data(facts, values), []);

    /// <summary>The date the digest should warn about, when this kind has one (the KIP's next coordination meeting).</summary>
    public virtual DateOnly? ReviewDate(DocumentData data) => null;

    /// <summary>
    /// The fields the forløb owns (team, coordinator, consent, agreements, open tasks): what the Word add-in refreshes
    /// in an open document. Everything else is what people wrote, and the add-in leaves it alone. The citizen's
    /// identity is not among them: it never changes through the add-in and so never travels to it.
    /// </summary>
    public abstract IReadOnlyList<string> FromForloeb { get; }

    public static readonly IReadOnlyList<DocumentForm> All = [new KipDocumentForm(), new KriseplanDocumentForm(), new ReferatDocumentForm()];

    public static DocumentForm For(DocumentKind kind) => All.First(f => f.Kind == kind);

    protected static string Label(TemplateSchema schema, string name) => schema.Find(name)?.Label ?? name;

    protected static string JoinLines(IEnumerable<string> lines) => string.Join("\n", lines);

    protected static string Day(DateOnly day) => day.ToString("yyyy-MM-dd");
}

/// <summary>What a submitted form gives: the template's data, and the agreements that become the forløb's tasks.</summary>
public sealed record FormAnswers(DocumentData Data, IReadOnlyList<Tasks.SubmittedAgreement> Agreements);

public sealed class KipDocumentForm : DocumentForm
{
    private static readonly string[] EffortColumns = [KipForm.Titel, KipForm.MaalOgIndsats, KipForm.Ansvarlig];

    public override DocumentKind Kind => DocumentKind.Kip;

    public override IReadOnlyList<string> FromForloeb { get; } =
        [KipForm.Nr, KipForm.Handlekommune, KipForm.Betalingskommune, KipForm.SamtykkeFraBorger, KipForm.Kontaktpersoner, KipForm.NaesteMoedeDato];

    public override IReadOnlyList<FormInput> Inputs(CaseFacts f)
    {
        var s = Kind.Schema;
        return
        [
            new(KipForm.KoordinationsmoedeDato, Label(s, KipForm.KoordinationsmoedeDato), Date, Day(f.Today), Required: true),
            new(KipForm.Tilstede, Label(s, KipForm.Tilstede), LongText, JoinLines(f.Team.Select(m => $"{m.DisplayName}, {f.Role(m)}"))),
            new(KipForm.Afbud, Label(s, KipForm.Afbud), LongText),
            new(KipForm.PsykiskLidelse, Label(s, KipForm.PsykiskLidelse), LongText),
            new(KipForm.Misbrug, Label(s, KipForm.Misbrug), LongText),
            new(KipForm.AktuelStatus, Label(s, KipForm.AktuelStatus), LongText, Required: true,
                Placeholder: "Bolig, økonomi, familie, netværk, arbejde; borgerens ønsker for fremtiden"),
            new(KipForm.Indsatser, Label(s, KipForm.Indsatser), Lines,
                JoinLines(f.OpenTasks.Select(t => $"{t.TaskTitle} |  | {CaseFacts.TaskOwner(t)}")), Required: true,
                Columns: ["Titel", "Mål og indsats inkl. tidsplan", "Ansvarlig"]),
            new(KipForm.NaesteMoedeDato, Label(s, KipForm.NaesteMoedeDato), Date, Day(f.Today.AddMonths(3)), Required: true),
            new(KipForm.NaesteMoedeSted, Label(s, KipForm.NaesteMoedeSted), Text),
            new(KipForm.PlanGodkendtAfBorger, Label(s, KipForm.PlanGodkendtAfBorger), YesNo),
            new(KipForm.Referent, Label(s, KipForm.Referent), Text, f.UserName),
        ];
    }

    public override DocumentData Data(CaseFacts f, FormValues v)
    {
        var c = f.Case;
        var s = Kind.Schema;
        return new DocumentData()
            .Text(KipForm.Nr, c.CaseNumber)
            .Text(KipForm.Navn, c.Citizen.FullName)
            .Text(KipForm.CprNr, c.Citizen.Cpr)
            .Text(KipForm.Adresse, c.Citizen.Address)
            .Text(KipForm.Telefon, c.Citizen.Phone)
            .Text(KipForm.Email, c.Citizen.Email)
            .Text(KipForm.Handlekommune, c.HandlekommuneId is null ? null : f.OrgName(c.HandlekommuneId))
            .Text(KipForm.Betalingskommune, f.OrgName(c.BetalingskommuneId ?? c.HandlekommuneId))
            .YesNo(KipForm.SamtykkeFraBorger, f.Consent is not null)
            .List(KipForm.Kontaktpersoner, f.Team.Select(m => new DocumentData()
                .Text(KipForm.Funktion, m.UserId == c.CoordinatorUserId ? "Koordinator" : m.Function ?? "Medlem af teamet")
                .Text(KipForm.TitelOgNavn, m.UserId == c.CoordinatorUserId && m.Function is { Length: > 0 } fn ? $"{m.DisplayName} ({fn})" : m.DisplayName)
                .Text(KipForm.Arbejdssted, f.OrgName(m.OrganisationId))
                .Text(KipForm.Email, m.Email)))
            .Date(KipForm.KoordinationsmoedeDato, v.Date(KipForm.KoordinationsmoedeDato, Label(s, KipForm.KoordinationsmoedeDato)))
            .Text(KipForm.Tilstede, v.Text(KipForm.Tilstede))
            .Text(KipForm.Afbud, v.Text(KipForm.Afbud))
            .Text(KipForm.PsykiskLidelse, v.Text(KipForm.PsykiskLidelse))
            .Text(KipForm.Misbrug, v.Text(KipForm.Misbrug))
            .Text(KipForm.AktuelStatus, v.Text(KipForm.AktuelStatus))
            .List(KipForm.Indsatser, v.Lines(KipForm.Indsatser, Label(s, KipForm.Indsatser), EffortColumns))
            .Date(KipForm.NaesteMoedeDato, v.Date(KipForm.NaesteMoedeDato, Label(s, KipForm.NaesteMoedeDato)))
            .Text(KipForm.NaesteMoedeSted, v.Text(KipForm.NaesteMoedeSted))
            .YesNo(KipForm.PlanGodkendtAfBorger, v.YesNo(KipForm.PlanGodkendtAfBorger))
            .Text(KipForm.Referent, v.Text(KipForm.Referent));
    }

    public override DateOnly? ReviewDate(DocumentData data) => data[KipForm.NaesteMoedeDato] is DateValue d ? d.Date : null;
}

public sealed class KriseplanDocumentForm : DocumentForm
{
    private static readonly string[] ContactColumns = [KriseplanForm.Navn, KriseplanForm.Rolle, KriseplanForm.Telefon, KriseplanForm.Hvornaar];

    public override DocumentKind Kind => DocumentKind.Kriseplan;

    public override IReadOnlyList<string> FromForloeb { get; } = [KriseplanForm.Nr, KriseplanForm.Paaroerende];

    public override IReadOnlyList<FormInput> Inputs(CaseFacts f)
    {
        var s = Kind.Schema;
        FormInput Long(string name, bool required = false, string? placeholder = null) => new(name, Label(s, name), LongText, Required: required, Placeholder: placeholder);
        return
        [
            Long(KriseplanForm.AdvarselsTegn, true, "Med borgerens egne ord"),
            Long(KriseplanForm.Udloesere),
            Long(KriseplanForm.DetHjaelperMig, true),
            Long(KriseplanForm.DetKanJegSelvGoere),
            Long(KriseplanForm.DetSkalAndreGoere),
            Long(KriseplanForm.DetSkalAndreIkkeGoere),
            Long(KriseplanForm.DetKanPaaroerendeGoere),
            new(KriseplanForm.Kontakter, Label(s, KriseplanForm.Kontakter), Lines,
                JoinLines(f.Team.Where(m => !f.Relatives.Contains(m)).Select(m => $"{m.DisplayName} | {f.Role(m)} |  | ")), Required: true,
                Columns: ["Navn", "Rolle", "Telefon", "Hvornår"]),
            new(KriseplanForm.Akutmodtagelse, Label(s, KriseplanForm.Akutmodtagelse), Text, Required: true, Placeholder: "Navn og telefonnummer"),
            new(KriseplanForm.AftaltMed, Label(s, KriseplanForm.AftaltMed), Text, f.Coordinator is { } co ? $"Borgeren og {co.DisplayName}" : null),
            new(KriseplanForm.AftaltDato, Label(s, KriseplanForm.AftaltDato), Date, Day(f.Today), Required: true),
            new(KriseplanForm.RevisionsDato, Label(s, KriseplanForm.RevisionsDato), Date, Day(f.Today.AddMonths(3)), Required: true),
        ];
    }

    public override DocumentData Data(CaseFacts f, FormValues v)
    {
        var s = Kind.Schema;
        var data = new DocumentData()
            .Text(KriseplanForm.Nr, f.Case.CaseNumber)
            .Text(KriseplanForm.Navn, f.Case.Citizen.FullName)
            .List(KriseplanForm.Paaroerende, f.Relatives.Select(m => new DocumentData()
                .Text(KriseplanForm.Navn, m.DisplayName).Text(KriseplanForm.Relation, m.Function)))
            .List(KriseplanForm.Kontakter, v.Lines(KriseplanForm.Kontakter, Label(s, KriseplanForm.Kontakter), ContactColumns, numbered: KriseplanForm.Raekkefoelge))
            .Text(KriseplanForm.Akutmodtagelse, v.Text(KriseplanForm.Akutmodtagelse))
            .Text(KriseplanForm.AftaltMed, v.Text(KriseplanForm.AftaltMed))
            .Date(KriseplanForm.AftaltDato, v.Date(KriseplanForm.AftaltDato, Label(s, KriseplanForm.AftaltDato)))
            .Date(KriseplanForm.RevisionsDato, v.Date(KriseplanForm.RevisionsDato, Label(s, KriseplanForm.RevisionsDato)));
        foreach (var name in new[] { KriseplanForm.AdvarselsTegn, KriseplanForm.Udloesere, KriseplanForm.DetHjaelperMig, KriseplanForm.DetKanJegSelvGoere,
                     KriseplanForm.DetSkalAndreGoere, KriseplanForm.DetSkalAndreIkkeGoere, KriseplanForm.DetKanPaaroerendeGoere })
            data.Text(name, v.Text(name));
        return data;
    }
}

public sealed class ReferatDocumentForm : DocumentForm
{
    private static readonly string[] PersonColumns = [ReferatForm.Navn, ReferatForm.Rolle, ReferatForm.Sektor];
    private static readonly string[] AgendaColumns = [ReferatForm.Titel, ReferatForm.Baggrund, ReferatForm.Droeftelse, ReferatForm.Beslutning];

    public override DocumentKind Kind => DocumentKind.Referat;

    public override IReadOnlyList<string> FromForloeb { get; } =
        [ReferatForm.Forloeb, ReferatForm.Deltagere, ReferatForm.Stedfortraeder, ReferatForm.OpfoelgningPaaAftaler];

    public override IReadOnlyList<FormInput> Inputs(CaseFacts f)
    {
        var s = Kind.Schema;
        FormInput Field(string name, InputKind kind, string? value = null, bool required = false, IReadOnlyList<string>? columns = null, string? placeholder = null) =>
            new(name, Label(s, name), kind, value, required, columns, placeholder);
        // Pre-filled from the forløb's meeting when there is one: when, where, who sent afbud, the agenda.
        var m = f.Meeting;
        var agenda = m is null ? ["Opfølgning på aftaler fra sidste møde", "Eventuelt"]
            : m.Agenda.Select(a => $"{a.Title} | {OneLine(a.Background)} |  | {(a.Proposal is { Length: > 0 } p ? "Det indstilles, at " + OneLine(p) : "")}");
        return
        [
            Field(ReferatForm.MoedeDato, Date, Day(m?.Date ?? f.Today), true),
            Field(ReferatForm.Tidspunkt, Text, m?.Time, placeholder: "fx kl. 13.00–14.30"),
            Field(ReferatForm.Sted, Text, m?.Place),
            Field(ReferatForm.OnlineLink, Text, m?.JoinUrl),
            Field(ReferatForm.Afbud, Lines, m is null ? null : JoinLines(f.Absent.Select(a => $"{a.DisplayName} | {f.Role(a)} | {Cases.CaseCards.SectorName(a.Sector)}")),
                columns: ["Navn", "Rolle", "Sektor"]),
            Field(ReferatForm.Formaal, LongText, m?.Purpose, required: true),
            Field(ReferatForm.BorgerensOensker, LongText, required: true, placeholder: "Med borgerens egne ord"),
            Field(ReferatForm.OpfoelgningPaaAftaler, LongText, JoinLines(f.OpenAgreements.Select(a => a.Line))),
            Field(ReferatForm.Dagsorden, Lines, JoinLines(agenda), true,
                ["Punkt", "Baggrund", "Drøftelse", "Beslutning"]),
            .. Tasks.AgreementRows.Inputs(f),
            Field(ReferatForm.NaesteMoedeDato, Date, Day(f.Today.AddMonths(3)), true),
            Field(ReferatForm.NaesteMoedeSted, Text),
            Field(ReferatForm.Referent, Text, f.UserName, true),
            Field(ReferatForm.GodkendtAf, Text),
            Field(ReferatForm.GodkendtDato, Date),
        ];
    }

    /// <summary>A text as one cell of a »|« list: line breaks become »; «, a »|« becomes »/«.</summary>
    internal static string OneLine(string? text) => (text ?? "").Replace("\n", "; ").Replace('|', '/').Replace("\r", "");

    public override DocumentData Data(CaseFacts f, FormValues v) => Read(f, v).Data;

    /// <summary>Each agreement in the document's table (name and sector of its owner) and as a task of its owner.</summary>
    public override FormAnswers Read(CaseFacts f, FormValues v)
    {
        var s = Kind.Schema;
        var meetingDay = v.Date(ReferatForm.MoedeDato, Label(s, ReferatForm.MoedeDato));
        var agreements = Tasks.AgreementRows.Read(f, v, meetingDay);
        var standIn = f.Team.FirstOrDefault(m => m.Role == Cases.MemberRole.StandIn);
        var data = new DocumentData()
            .Text(ReferatForm.Forloeb, f.Case.Label)
            .List(ReferatForm.Deltagere, f.Participants.Select(m => new DocumentData()
                .Text(ReferatForm.Navn, m.DisplayName).Text(ReferatForm.Rolle, f.Role(m)).Text(ReferatForm.Sektor, Cases.CaseCards.SectorName(m.Sector))))
            .Text(ReferatForm.Stedfortraeder, standIn?.DisplayName)
            .Date(ReferatForm.MoedeDato, meetingDay)
            .List(ReferatForm.Afbud, v.Lines(ReferatForm.Afbud, Label(s, ReferatForm.Afbud), PersonColumns))
            .List(ReferatForm.Dagsorden, v.Lines(ReferatForm.Dagsorden, Label(s, ReferatForm.Dagsorden), AgendaColumns, numbered: ReferatForm.Nr))
            .List(ReferatForm.Aftaler, agreements.Select(a => new DocumentData()
                .Text(ReferatForm.Hvad, a.What).Text(ReferatForm.Hvem, a.Owner.DisplayName)
                .Text(ReferatForm.Sektor, Cases.CaseCards.SectorName(a.Sector)).Date(ReferatForm.Frist, a.Due)))
            .Date(ReferatForm.NaesteMoedeDato, v.Date(ReferatForm.NaesteMoedeDato, Label(s, ReferatForm.NaesteMoedeDato)))
            .Date(ReferatForm.GodkendtDato, v.Date(ReferatForm.GodkendtDato, Label(s, ReferatForm.GodkendtDato)));
        foreach (var name in new[] { ReferatForm.Tidspunkt, ReferatForm.Sted, ReferatForm.OnlineLink, ReferatForm.Formaal, ReferatForm.BorgerensOensker,
                     ReferatForm.OpfoelgningPaaAftaler, ReferatForm.NaesteMoedeSted, ReferatForm.Referent, ReferatForm.GodkendtAf })
            data.Text(name, v.Text(name));
        return new FormAnswers(data, agreements);
    }
}
