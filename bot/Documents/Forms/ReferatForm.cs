using TeamsCoordinator.Documents.Templates;

namespace TeamsCoordinator.Documents.Forms;

/// <summary>
/// Network-meeting minutes (netværksmøde referat) in the sector's fixed shape: participants by sector, the citizen's
/// wishes, follow-up on last time's agreements, numbered agenda items, agreements as a table, next meeting.
/// </summary>
public static class ReferatForm
{
    public const string Forloeb = "Forloeb";
    public const string MoedeDato = "MoedeDato";
    public const string Tidspunkt = "Tidspunkt";
    public const string Sted = "Sted";
    public const string OnlineLink = "OnlineLink";
    public const string Deltagere = "Deltagere";
    public const string Afbud = "Afbud";
    public const string Navn = "Navn";
    public const string Rolle = "Rolle";
    public const string Sektor = "Sektor";
    public const string Stedfortraeder = "Stedfortraeder";
    public const string Formaal = "Formaal";
    public const string BorgerensOensker = "BorgerensOensker";
    public const string OpfoelgningPaaAftaler = "OpfoelgningPaaAftaler";
    public const string Dagsorden = "Dagsorden";
    public const string Nr = "Nr";
    public const string Titel = "Titel";
    public const string Baggrund = "Baggrund";
    public const string Droeftelse = "Droeftelse";
    public const string Beslutning = "Beslutning";
    public const string Opfoelgning = "Opfoelgning";
    public const string Tekst = "Tekst";
    public const string Aftaler = "Aftaler";
    public const string Hvad = "Hvad";
    public const string Hvem = "Hvem";
    public const string Frist = "Frist";
    public const string NaesteMoedeDato = "NaesteMoedeDato";
    public const string NaesteMoedeSted = "NaesteMoedeSted";
    public const string Referent = "Referent";
    public const string GodkendtAf = "GodkendtAf";
    public const string GodkendtDato = "GodkendtDato";

    private static IReadOnlyList<FieldSpec> Person(string who) =>
    [
        new(Navn, FieldType.Text, "Navn", $"{who}s navn.", Required: true),
        new(Rolle, FieldType.Text, "Rolle", "Rolle og organisation, fx »Kontaktperson, Distriktspsykiatrien Vest«."),
        new(Sektor, FieldType.Text, "Sektor", "Region, kommune, almen praksis eller pårørende/netværk."),
    ];

    public static readonly TemplateSchema Schema = new("referatet", "Netvaerksmoede-referat.docx",
    [
        new(Forloeb, FieldType.Text, "Forløb", "Forløbets initialer og sagsnummer (aldrig cpr-nummer).", Required: true),
        new(MoedeDato, FieldType.Date, "Dato", "Mødets dato.", Required: true),
        new(Tidspunkt, FieldType.Text, "Tidspunkt", "Fx »kl. 13.00–14.30«."),
        new(Sted, FieldType.Text, "Sted", "Mødested."),
        new(OnlineLink, FieldType.Text, "Online", "Link til onlinemødet; linjen vises kun, når der er et link."),
        new(Deltagere, FieldType.List, "Deltagere", "Hvem deltog, med rolle og sektor.", Required: true, Items: Person("Deltager")),
        new(Afbud, FieldType.List, "Afbud", "Hvem meldte afbud; afsnittet vises kun, når listen ikke er tom.", Items: Person("Den fraværende")),
        new(Stedfortraeder, FieldType.Text, "Borgerens stedfortræder", "Den, borgeren har valgt til at tale på sine vegne; linjen vises kun, når der er en."),
        new(Formaal, FieldType.LongText, "Formål med mødet", "Hvorfor mødet holdes.", Required: true),
        new(BorgerensOensker, FieldType.LongText, "Borgerens egne ønsker", "Borgerens ønsker med egne ord.", Required: true),
        new(OpfoelgningPaaAftaler, FieldType.LongText, "Opfølgning på aftaler fra sidste møde", "Gennemgang af aftalerne fra sidste møde."),
        new(Dagsorden, FieldType.List, "Dagsorden", "Nummererede punkter; sidste punkt er normalt »Eventuelt«.", Required: true, Items:
        [
            new(Nr, FieldType.Text, "Nr.", "Punktets nummer.", Required: true),
            new(Titel, FieldType.Text, "Punkt", "Punktets overskrift.", Required: true),
            new(Baggrund, FieldType.LongText, "Baggrund", "Baggrunden for punktet."),
            new(Droeftelse, FieldType.LongText, "Drøftelse", "Hvad der blev sagt."),
            new(Beslutning, FieldType.LongText, "Beslutning", "Hvad der blev besluttet."),
            new(Opfoelgning, FieldType.List, "Opfølgning", "Fx »Sendes til …«, »På næste dagsorden«.", Items:
            [
                new(Tekst, FieldType.Text, "Opfølgning", "Én opfølgning.", Required: true),
            ]),
        ]),
        new(Aftaler, FieldType.List, "Aftaler", "Hvad, hvem, sektor og hvornår; bliver til opgaver med ejere.", Required: true, Items:
        [
            new(Hvad, FieldType.Text, "Hvad", "Hvad der skal gøres.", Required: true),
            new(Hvem, FieldType.Text, "Hvem", "Navngiven ansvarlig.", Required: true),
            new(Sektor, FieldType.Text, "Sektor", "Den ansvarliges sektor.", Required: true),
            new(Frist, FieldType.Date, "Hvornår", "Frist.", Required: true),
        ]),
        new(NaesteMoedeDato, FieldType.Date, "Næste møde", "Dato for næste møde.", Required: true),
        new(NaesteMoedeSted, FieldType.Text, "Sted for næste møde", "Hvor næste møde holdes."),
        new(Referent, FieldType.Text, "Referent", "Hvem skrev referatet.", Required: true),
        new(GodkendtAf, FieldType.Text, "Godkendt af", "Hvem godkendte referatet (borgeren eller stedfortræderen)."),
        new(GodkendtDato, FieldType.Date, "Godkendt den", "Hvornår referatet blev godkendt."),
    ]) { Conditions = ["if:" + OnlineLink, "if:" + Afbud, "if:" + Stedfortraeder] };
}
