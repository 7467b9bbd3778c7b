using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Documents.Templates;

namespace TeamsCoordinator.TemplateBuilder;

/// <summary>
/// Realistic, fictitious Danish data for the three templates (æøå, long texts, characters XML must escape),
/// shared by the tests and the benchmark. No real person: names and numbers are made up.
/// </summary>
public static class SampleDocuments
{
    public const string LongStatus =
        "Bolig: Søren bor alene i en 2-værelses lejlighed i Aarhus C. Han er bagud med huslejen (ca. 14.500 kr.) og har fået et påkrav fra boligselskabet.\n" +
        "Økonomi: Kontanthjælp; ønsker hjælp til budget og til at søge førtidspension.\n" +
        "Familie og netværk: Tæt kontakt til sin mor, Ingrid, der bor i Skødstrup. Søsteren Åse bor i Odense. En ven fra løbeklubben ringer en gang om ugen.\n" +
        "\n" +
        "Arbejde: Har tidligere arbejdet som lagermedarbejder. Ønsker at komme i et virksomhedspraktikforløb på 10 timer om ugen.\n" +
        "\n" +
        "Borgerens ønsker for fremtiden: »Jeg vil gerne blive boende i min lejlighed, have en fast hverdag og undgå at blive indlagt igen.« " +
        "Han ønsker, at alle kender kriseplanen, og at man ringer til hans mor, hvis han ikke åbner døren to dage i træk.";

    private static readonly string[] EffortThemes =
    [
        "Bolig – bevare lejligheden", "Økonomi – budget og gæld", "Medicin – stabil behandling", "Misbrug – nedtrapning af hash",
        "Netværk – samvær med familien", "Beskæftigelse – praktik", "Fysisk sundhed – søvn og motion", "Kriseplan – opdatering",
        "Hverdagsstruktur – ugeplan", "Tandlæge og egen læge",
    ];

    private static readonly string[] Owners =
    [
        "Mette Kjær, koordinator (kommune)", "Overlæge Lars Højgaard (region)", "Støttekontaktperson Jonas Ølgaard (kommune)",
        "Sagsbehandler Birgitte Søndergaard (jobcenter)", "Misbrugskonsulent Ali Hansen (kommune)", "Praktiserende læge Jens Ålund (almen praksis)",
    ];

    public static DocumentData Kip(int efforts = 50)
    {
        var people = new (string Name, string Place, string Phone)[]
        {
            ("Socialrådgiver Mette Kjær", "Aarhus Kommune, Socialpsykiatrien Syd", "+45 41 85 20 01"),
            ("Overlæge Lars Højgaard", "AUH Psykiatrien, Distriktspsykiatrien Aarhus", "+45 78 47 10 10"),
            ("Læge Sanne Ødegaard", "Substitutionscentret, Aarhus Kommune", "+45 41 85 33 40"),
            ("Misbrugskonsulent Ali Hansen", "Center for Misbrug, Aarhus Kommune", "+45 41 85 62 70"),
            ("Pædagog Trine Bæk", "Socialpsykiatrien Syd, Aarhus Kommune", "+45 41 85 20 17"),
            ("Ingrid Østergård (mor)", "—", "+45 22 33 44 55"),
            ("Praktiserende læge Jens Ålund", "Lægerne i Viby", "+45 86 14 00 00"),
            ("Visitator Hanne Lund", "Visitationen, Aarhus Kommune", "+45 41 85 40 00"),
            ("Sagsbehandler Birgitte Søndergaard", "Jobcenter Aarhus", "+45 41 85 50 00"),
            ("Støttekontaktperson Jonas Ølgaard", "Aarhus Kommune, SKP-teamet", "+45 41 85 20 44"),
            ("Pædagog Karina Friis", "Bostedet Åbjerg", "+45 41 85 70 70"),
            ("Sygeplejerske Peter Mørk", "Distriktspsykiatrien Aarhus", "+45 78 47 10 22"),
            ("Psykolog Rasmus Holm", "Retspsykiatrisk team, AUH", "+45 78 47 30 30"),
            ("Sygeplejerske Line Due", "Medicinsk afdeling, AUH", "+45 78 45 00 00"),
            ("Sygeplejerske Ole Bech", "Afsnit P2, AUH Psykiatrien", "+45 78 47 21 00"),
            ("Kriminalforsorgsmedarbejder Emma Kragh", "Kriminalforsorgen Aarhus", "+45 72 55 00 00"),
        };
        var contacts = KipForm.ContactFunctions.Select((function, i) => new DocumentData()
            .Text(KipForm.Funktion, function)
            .Text(KipForm.TitelOgNavn, people[i].Name)
            .Text(KipForm.Arbejdssted, people[i].Place)
            .Text(KipForm.Telefon, people[i].Phone)
            .Text(KipForm.Email, $"kontakt{i + 1}@example.dk"));

        return new DocumentData()
            .Text(KipForm.Nr, "KIP-2026-0147")
            .Text(KipForm.Navn, "Søren Æbelø Østergård")
            .Text(KipForm.CprNr, "010203-0405")
            .Text(KipForm.Adresse, "Åboulevarden 12, 2. th., 8000 Aarhus C")
            .Text(KipForm.Telefon, "+45 20 30 40 50")
            .Text(KipForm.Email, "soeren.oestergaard@example.dk")
            .Text(KipForm.Handlekommune, "Aarhus Kommune")
            .Text(KipForm.Betalingskommune, "Favrskov Kommune")
            .YesNo(KipForm.SamtykkeFraBorger, true)
            .List(KipForm.Kontaktpersoner, contacts)
            .Date(KipForm.KoordinationsmoedeDato, new DateOnly(2026, 11, 23))
            .Text(KipForm.Tilstede, "Søren Østergård (borger)\nIngrid Østergård (mor)\nMette Kjær, koordinator\nLars Højgaard, overlæge\nJonas Ølgaard, støttekontaktperson")
            .Text(KipForm.Afbud, "Jens Ålund, praktiserende læge")
            .Text(KipForm.PsykiskLidelse, "Paranoid skizofreni (DF20.0) & periodisk depression; tidligere <3 indlæggelser pr. år> – seneste udskrivning 2. november 2026.")
            .Text(KipForm.Misbrug, "Dagligt hashforbrug (ca. 2 g). Ønsker nedtrapning; tilknyttet Center for Misbrug siden august 2026.")
            .Text(KipForm.AktuelStatus, LongStatus)
            .List(KipForm.Indsatser, Efforts(efforts))
            .Date(KipForm.NaesteMoedeDato, new DateOnly(2027, 2, 22))
            .Text(KipForm.NaesteMoedeSted, "Distriktspsykiatrien Aarhus, mødelokale Ø")
            .YesNo(KipForm.PlanGodkendtAfBorger, true)
            .Text(KipForm.Referent, "Mette Kjær");
    }

    public static IEnumerable<DocumentData> Efforts(int count) => Enumerable.Range(1, count).Select(i => new DocumentData()
        .Text(KipForm.Titel, $"Indsats {i}: {EffortThemes[(i - 1) % EffortThemes.Length]}")
        .Text(KipForm.MaalOgIndsats,
            $"Mål: Søren oplever større tryghed i hverdagen (delmål {i}).\n" +
            $"Indsats: Ugentligt besøg af støttekontaktpersonen; opfølgning på aftaler fra koordinationsmødet. " +
            $"Tidsplan: uge {(i % 52) + 1} – uge {((i + 8) % 52) + 1}, derefter evaluering på næste koordinationsmøde.")
        .Text(KipForm.Ansvarlig, Owners[(i - 1) % Owners.Length]));

    public static DocumentData Kriseplan(bool withRelatives = true) => new DocumentData()
        .Text(KriseplanForm.Nr, "KP-2026-0147")
        .Text(KriseplanForm.Navn, "Søren Æbelø Østergård")
        .Text(KriseplanForm.AdvarselsTegn, "Jeg sover mindre end 4 timer om natten.\nJeg trækker mig fra min mor og svarer ikke på telefonen.\nJeg hører stemmer, der siger, at naboerne overvåger mig.")
        .Text(KriseplanForm.Udloesere, "Breve fra kommunen om penge. Larm fra naboerne om natten. Når min medicin bliver ændret.")
        .Text(KriseplanForm.DetHjaelperMig, "At gå en tur ved Aarhus Å. At min mor kommer forbi. Musik i høretelefoner. At nogen hjælper mig med at åbne posten.")
        .Text(KriseplanForm.DetKanJegSelvGoere, "Ringe til Jonas (støttekontaktperson) eller til min mor. Tage min pn-medicin som aftalt med lægen.")
        .Text(KriseplanForm.DetSkalAndreGoere, "Tale roligt til mig og give mig tid. Komme hjem til mig, hvis jeg ikke svarer i to dage.")
        .Text(KriseplanForm.DetSkalAndreIkkeGoere, "Ikke komme flere personer på én gang. Ikke tale om mig, som om jeg ikke er der.")
        .List(KriseplanForm.Paaroerende, withRelatives
            ? [new DocumentData().Text(KriseplanForm.Navn, "Ingrid Østergård").Text(KriseplanForm.Relation, "Mor").Text(KriseplanForm.Telefon, "+45 22 33 44 55"),
               new DocumentData().Text(KriseplanForm.Navn, "Åse Østergård").Text(KriseplanForm.Relation, "Søster").Text(KriseplanForm.Telefon, "+45 26 77 88 99")]
            : [])
        .Text(KriseplanForm.DetKanPaaroerendeGoere, withRelatives ? "Min mor må ringe til distriktspsykiatrien og sige, at hun er bekymret." : null)
        .List(KriseplanForm.Kontakter,
        [
            new DocumentData().Text(KriseplanForm.Raekkefoelge, "1").Text(KriseplanForm.Navn, "Jonas Ølgaard").Text(KriseplanForm.Rolle, "Støttekontaktperson").Text(KriseplanForm.Telefon, "+45 41 85 20 44").Text(KriseplanForm.Hvornaar, "Hverdage 8–15"),
            new DocumentData().Text(KriseplanForm.Raekkefoelge, "2").Text(KriseplanForm.Navn, "Peter Mørk").Text(KriseplanForm.Rolle, "Kontaktperson i distriktspsykiatrien").Text(KriseplanForm.Telefon, "+45 78 47 10 22").Text(KriseplanForm.Hvornaar, "Hverdage 8–15.30"),
            new DocumentData().Text(KriseplanForm.Raekkefoelge, "3").Text(KriseplanForm.Navn, "Psykiatriens akuttelefon").Text(KriseplanForm.Rolle, "Døgnåben rådgivning").Text(KriseplanForm.Telefon, "+45 78 47 04 00").Text(KriseplanForm.Hvornaar, "Hele døgnet"),
        ])
        .Text(KriseplanForm.Akutmodtagelse, "Psykiatrisk Akutmodtagelse, AUH, tlf. +45 78 47 04 00")
        .Text(KriseplanForm.AftaltMed, "Søren, Ingrid Østergård, Peter Mørk og Mette Kjær")
        .Date(KriseplanForm.AftaltDato, new DateOnly(2026, 11, 23))
        .Date(KriseplanForm.RevisionsDato, new DateOnly(2027, 5, 23));

    public static DocumentData Referat(bool absent = true, bool online = true) => new DocumentData()
        .Text(ReferatForm.Forloeb, "SØ · KIP-2026-0147")
        .Date(ReferatForm.MoedeDato, new DateOnly(2026, 11, 23))
        .Text(ReferatForm.Tidspunkt, "kl. 13.00–14.30")
        .Text(ReferatForm.Sted, "Socialpsykiatrien Syd, Åby Allé 3, 8260 Viby J")
        .Text(ReferatForm.OnlineLink, online ? "https://teams.example.dk/moede/kip-2026-0147" : null)
        .List(ReferatForm.Deltagere,
        [
            Person("Søren Østergård", "Borger", "Borger"),
            Person("Ingrid Østergård", "Mor, stedfortræder", "Pårørende/netværk"),
            Person("Mette Kjær", "Koordinator, Socialpsykiatrien Syd", "Kommune"),
            Person("Peter Mørk", "Kontaktperson, Distriktspsykiatrien Aarhus", "Region"),
            Person("Birgitte Søndergaard", "Sagsbehandler, Jobcenter Aarhus", "Kommune"),
        ])
        .List(ReferatForm.Afbud, absent ? [Person("Jens Ålund", "Praktiserende læge", "Almen praksis")] : [])
        .Text(ReferatForm.Stedfortraeder, "Ingrid Østergård (mor)")
        .Text(ReferatForm.Formaal, "Opfølgning på KIP efter udskrivning den 2. november 2026 og aftaler om praktik.")
        .Text(ReferatForm.BorgerensOensker, "»Jeg vil gerne i praktik, men ikke mere end 10 timer om ugen i starten.«")
        .Text(ReferatForm.OpfoelgningPaaAftaler, "Budgetmødet er holdt. Ansøgningen om førtidspension er endnu ikke sendt.")
        .List(ReferatForm.Dagsorden,
        [
            AgendaItem("1", "Status siden sidst", "Udskrevet 2. november.", "Søren fortæller, at det går bedre med søvnen.", "Kriseplanen fastholdes.",
                ["Sendes til egen læge", "Kriseplanen deles med bostedet"]),
            AgendaItem("2", "Praktik", "Søren ønsker praktik.", "Jobcentret har et tilbud hos en cykelforhandler i Viby.", "Det indstilles, at praktikken starter 4. januar 2027.",
                ["På næste dagsorden"]),
            AgendaItem("3", "Eventuelt", "", "Intet.", "", []),
        ])
        .List(ReferatForm.Aftaler,
        [
            Agreement("Sende ansøgning om førtidspension", "Birgitte Søndergaard", "Kommune", new DateOnly(2026, 12, 15)),
            Agreement("Opdatere kriseplanen med nye telefonnumre", "Mette Kjær", "Kommune", new DateOnly(2026, 12, 1)),
            Agreement("Medicingennemgang", "Peter Mørk", "Region", new DateOnly(2026, 12, 8)),
        ])
        .Date(ReferatForm.NaesteMoedeDato, new DateOnly(2027, 2, 22))
        .Text(ReferatForm.NaesteMoedeSted, "Distriktspsykiatrien Aarhus")
        .Text(ReferatForm.Referent, "Mette Kjær")
        .Text(ReferatForm.GodkendtAf, "Søren Østergård")
        .Date(ReferatForm.GodkendtDato, new DateOnly(2026, 11, 24));

    private static DocumentData Person(string name, string role, string sector) =>
        new DocumentData().Text(ReferatForm.Navn, name).Text(ReferatForm.Rolle, role).Text(ReferatForm.Sektor, sector);

    private static DocumentData AgendaItem(string nr, string title, string background, string discussion, string decision, string[] followUps)
    {
        var item = new DocumentData().Text(ReferatForm.Nr, nr).Text(ReferatForm.Titel, title)
            .Text(ReferatForm.Droeftelse, discussion)
            .List(ReferatForm.Opfoelgning, followUps.Select(f => new DocumentData().Text(ReferatForm.Tekst, f)));
        if (background.Length > 0) item.Text(ReferatForm.Baggrund, background);
        if (decision.Length > 0) item.Text(ReferatForm.Beslutning, decision);
        return item;
    }

    private static DocumentData Agreement(string what, string who, string sector, DateOnly by) => new DocumentData()
        .Text(ReferatForm.Hvad, what).Text(ReferatForm.Hvem, who).Text(ReferatForm.Sektor, sector).Date(ReferatForm.Frist, by);
}
