using TeamsCoordinator.Documents.Templates;

namespace TeamsCoordinator.Documents.Forms;

/// <summary>
/// The koordinerende indsatsplan (KIP), field by field as the regional KIP form has them
/// (see "Documents" in the glossary). Field names are the template tags.
/// </summary>
public static class KipForm
{
    public const string Nr = "Nr";
    public const string Navn = "Navn";
    public const string CprNr = "CprNr";
    public const string Adresse = "Adresse";
    public const string Telefon = "Telefon";
    public const string Email = "Email";
    public const string Handlekommune = "Handlekommune";
    public const string Betalingskommune = "Betalingskommune";
    public const string SamtykkeFraBorger = "SamtykkeFraBorger";
    public const string Kontaktpersoner = "Kontaktpersoner";
    public const string Funktion = "Funktion";
    public const string TitelOgNavn = "TitelOgNavn";
    public const string Arbejdssted = "Arbejdssted";
    public const string KoordinationsmoedeDato = "KoordinationsmoedeDato";
    public const string Tilstede = "Tilstede";
    public const string Afbud = "Afbud";
    public const string PsykiskLidelse = "PsykiskLidelse";
    public const string Misbrug = "Misbrug";
    public const string AktuelStatus = "AktuelStatus";
    public const string Indsatser = "Indsatser";
    public const string Titel = "Titel";
    public const string MaalOgIndsats = "MaalOgIndsats";
    public const string Ansvarlig = "Ansvarlig";
    public const string NaesteMoedeDato = "NaesteMoedeDato";
    public const string NaesteMoedeSted = "NaesteMoedeSted";
    public const string PlanGodkendtAfBorger = "PlanGodkendtAfBorger";
    public const string Referent = "Referent";

    /// <summary>The rows of the form's Kontaktpersoner table, in the form's order.</summary>
    public static readonly IReadOnlyList<string> ContactFunctions =
    [
        "Koordinator",
        "Ansvarlig for den medicinske behandling (psykiatrisk)",
        "Ansvarlig for den medicinske behandling (substitution)",
        "Ansvarlig for misbrugsbehandling",
        "Socialpsykiatrien",
        "Pårørende",
        "Praktiserende læge",
        "Visitator",
        "Sagsbehandler fra Jobcenteret",
        "Støttekontaktperson",
        "Medarbejder på bosted",
        "Kontaktperson i distriktspsykiatrien",
        "Retspsykiatrisk team",
        "Medarbejder i somatikken",
        "Medarbejder på afsnit",
        "Medarbejder i Kriminalforsorgen",
    ];

    public static readonly TemplateSchema Schema = new("KIP", "KIP.docx",
    [
        new(Nr, FieldType.Text, "Nr.", "KIP'ens nummer; forløbets sagsnummer.", Required: true),
        new(Navn, FieldType.Text, "Navn", "Borgerens fulde navn.", Required: true),
        new(CprNr, FieldType.Text, "Cpr. nr.", "Borgerens cpr-nummer (kun i dokumentet, aldrig i kanaler eller beskeder).", Required: true),
        new(Adresse, FieldType.Text, "Adresse", "Borgerens adresse."),
        new(Telefon, FieldType.Text, "Tlf. nr.", "Borgerens telefonnummer."),
        new(Email, FieldType.Text, "E-mail", "Borgerens e-mail."),
        new(Handlekommune, FieldType.Text, "Handlekommune", "Den kommune, der handler i sagen.", Required: true),
        new(Betalingskommune, FieldType.Text, "Betalingskommune", "Den kommune, der betaler."),
        new(SamtykkeFraBorger, FieldType.YesNo, "Samtykke fra borger", "Har borgeren givet samtykke til, at planen deles mellem parterne? Nej viser en advarsel øverst i planen.", Required: true),
        new(Kontaktpersoner, FieldType.List, "Kontaktpersoner", "Én række pr. funktion (Koordinator, Praktiserende læge, …).", Required: true, Items:
        [
            new(Funktion, FieldType.Text, "Funktion", "Funktionen i formularens rækkefølge, fx »Koordinator«.", Required: true),
            new(TitelOgNavn, FieldType.Text, "Titel og navn", "Kontaktpersonens titel og navn."),
            new(Arbejdssted, FieldType.Text, "Arbejdssted", "Organisation og afdeling."),
            new(Telefon, FieldType.Text, "Telefon nr.", "Kontaktpersonens telefonnummer."),
            new(Email, FieldType.Text, "E-mail", "Kontaktpersonens e-mail."),
        ]),
        new(KoordinationsmoedeDato, FieldType.Date, "Koordinationsmødet, dato", "Dato for koordinationsmødet, hvor planen blev lavet eller revideret.", Required: true),
        new(Tilstede, FieldType.LongText, "Tilstede", "Deltagere i koordinationsmødet (navn og funktion), én pr. linje."),
        new(Afbud, FieldType.LongText, "Afbud", "Hvem meldte afbud, én pr. linje."),
        new(PsykiskLidelse, FieldType.LongText, "Psykisk lidelse", "Diagnose(r) og kort beskrivelse af den psykiske lidelse."),
        new(Misbrug, FieldType.LongText, "Misbrug", "Misbrug og behandling af det."),
        new(AktuelStatus, FieldType.LongText, "Kort aktuel status inkl. ønsker og behov for støtte og behandling", "Bolig, økonomi, familie, netværk, arbejde; borgerens ønsker for fremtiden.", Required: true),
        new(Indsatser, FieldType.List, "Konkrete indsatser", "Én række pr. indsats i prioriteret rækkefølge.", Required: true, Items:
        [
            new(Titel, FieldType.Text, "Titel", "Indsatsens titel.", Required: true),
            new(MaalOgIndsats, FieldType.LongText, "Beskrivelse af mål og indsats inkl. tidsplan", "Målet, hvad der gøres, og hvornår.", Required: true),
            new(Ansvarlig, FieldType.Text, "Ansvarlig", "Navngiven ansvarlig og sektor; aldrig bare koordinatoren som standard.", Required: true),
        ]),
        new(NaesteMoedeDato, FieldType.Date, "Dato for næste koordinationsmøde", "Planens næste revision; bruges af den daglige oversigt.", Required: true),
        new(NaesteMoedeSted, FieldType.Text, "Sted", "Hvor næste koordinationsmøde holdes (adresse eller online)."),
        new(PlanGodkendtAfBorger, FieldType.YesNo, "Plan godkendt af borger", "Har borgeren (eller stedfortræderen) godkendt planen?"),
        new(Referent, FieldType.Text, "Referent", "Hvem skrev planen."),
    ]) { Conditions = ["ifnot:" + SamtykkeFraBorger] };
}
