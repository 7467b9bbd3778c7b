using TeamsCoordinator.Documents.Templates;

namespace TeamsCoordinator.Documents.Forms;

/// <summary>The crisis plan (kriseplan), in the citizen's own words: signs, what helps, whom to call, in order.</summary>
public static class KriseplanForm
{
    public const string Nr = "Nr";
    public const string Navn = "Navn";
    public const string AdvarselsTegn = "AdvarselsTegn";
    public const string Udloesere = "Udloesere";
    public const string DetHjaelperMig = "DetHjaelperMig";
    public const string DetKanJegSelvGoere = "DetKanJegSelvGoere";
    public const string DetSkalAndreGoere = "DetSkalAndreGoere";
    public const string DetSkalAndreIkkeGoere = "DetSkalAndreIkkeGoere";
    public const string Paaroerende = "Paaroerende";
    public const string Relation = "Relation";
    public const string Telefon = "Telefon";
    public const string DetKanPaaroerendeGoere = "DetKanPaaroerendeGoere";
    public const string Kontakter = "Kontakter";
    public const string Raekkefoelge = "Raekkefoelge";
    public const string Rolle = "Rolle";
    public const string Hvornaar = "Hvornaar";
    public const string Akutmodtagelse = "Akutmodtagelse";
    public const string AftaltMed = "AftaltMed";
    public const string AftaltDato = "AftaltDato";
    public const string RevisionsDato = "RevisionsDato";

    public static readonly TemplateSchema Schema = new("kriseplanen", "Kriseplan.docx",
    [
        new(Nr, FieldType.Text, "Nr.", "Forløbets sagsnummer.", Required: true),
        new(Navn, FieldType.Text, "Navn", "Borgerens navn.", Required: true),
        new(AdvarselsTegn, FieldType.LongText, "Mine tidlige advarselstegn", "Hvad jeg og andre kan se, når det begynder at gå skævt.", Required: true),
        new(Udloesere, FieldType.LongText, "Det kan udløse en krise", "Situationer og belastninger, der kan udløse en krise."),
        new(DetHjaelperMig, FieldType.LongText, "Det hjælper mig", "Hvad der plejer at hjælpe.", Required: true),
        new(DetKanJegSelvGoere, FieldType.LongText, "Det kan jeg selv gøre", "Hvad borgeren selv gør, når tegnene viser sig."),
        new(DetSkalAndreGoere, FieldType.LongText, "Det vil jeg gerne have, at andre gør", "Hvad personale og netværk skal gøre."),
        new(DetSkalAndreIkkeGoere, FieldType.LongText, "Det vil jeg ikke have, at andre gør", "Hvad personale og netværk ikke skal gøre."),
        new(Paaroerende, FieldType.List, "Mine pårørende", "Pårørende på teamet; afsnittet om pårørende vises kun, når listen ikke er tom.", Items:
        [
            new(Navn, FieldType.Text, "Navn", "Den pårørendes navn.", Required: true),
            new(Relation, FieldType.Text, "Relation", "Fx mor, bror, ven."),
            new(Telefon, FieldType.Text, "Telefon", "Telefonnummer."),
        ]),
        new(DetKanPaaroerendeGoere, FieldType.LongText, "Det kan mine pårørende gøre", "Hvad de pårørende kan gøre i en krise."),
        new(Kontakter, FieldType.List, "Hvem skal kontaktes, i denne rækkefølge", "Netværk og fagfolk i den rækkefølge, de skal kontaktes.", Required: true, Items:
        [
            new(Raekkefoelge, FieldType.Text, "Nr.", "Rækkefølgen (1, 2, 3 …).", Required: true),
            new(Navn, FieldType.Text, "Navn", "Navn eller funktion.", Required: true),
            new(Rolle, FieldType.Text, "Rolle", "Fx kontaktperson i distriktspsykiatrien."),
            new(Telefon, FieldType.Text, "Telefon", "Telefonnummer.", Required: true),
            new(Hvornaar, FieldType.Text, "Hvornår", "Hvornår og hvordan de kan kontaktes (fx hverdage 8–15)."),
        ]),
        new(Akutmodtagelse, FieldType.Text, "Psykiatrisk akutmodtagelse", "Navn og telefonnummer på den psykiatriske akutmodtagelse.", Required: true),
        new(AftaltMed, FieldType.Text, "Planen er aftalt med", "Hvem planen er lavet sammen med."),
        new(AftaltDato, FieldType.Date, "Aftalt den", "Hvornår planen blev aftalt.", Required: true),
        new(RevisionsDato, FieldType.Date, "Revideres senest", "Dato for næste gennemgang af planen.", Required: true),
    ]) { Conditions = ["if:" + Paaroerende] };
}
