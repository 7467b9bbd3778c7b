using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Documents.Templates;
using static TeamsCoordinator.TemplateBuilder.Layout;

namespace TeamsCoordinator.TemplateBuilder;

/// <summary>The regional KIP form, field by field, in the form's order.</summary>
public static class KipTemplate
{
    public const string Title = "Koordinerende indsatsplan (KIP)";

    public static byte[] Build(FieldMarkup markup)
    {
        var schema = KipForm.Schema;
        FieldSpec F(string name) => schema.Find(name)!;
        var contacts = F(KipForm.Kontaktpersoner);
        var efforts = F(KipForm.Indsatser);
        FieldSpec Item(FieldSpec list, string name) => list.ItemFields.First(i => i.Name == name);

        var body = new List<OpenXmlElement>
        {
            Layout.Title(Title),
            Line("Nr.: ", markup.Inline(F(KipForm.Nr), "Nr.")),
        };
        body.AddRange(markup.Conditional(FieldRole.IfNot, KipForm.SamtykkeFraBorger, "Vises når borgeren ikke har givet samtykke",
        [
            Notice(new Run(new Text("Borgeren har ikke givet samtykke. Planen må kun deles med de parter og i det omfang, borgeren har sagt ja til."))),
        ]));

        body.Add(Heading1("Borger"));
        body.Add(Table([30, 70],
            LabelRow("Navn", markup.Inline(F(KipForm.Navn))),
            LabelRow("Cpr. nr.", markup.Inline(F(KipForm.CprNr), "DDMMÅÅ-XXXX")),
            LabelRow("Adresse", markup.Inline(F(KipForm.Adresse))),
            LabelRow("Tlf. nr.", markup.Inline(F(KipForm.Telefon))),
            LabelRow("E-mail", markup.Inline(F(KipForm.Email))),
            LabelRow("Handlekommune", markup.Inline(F(KipForm.Handlekommune))),
            LabelRow("Betalingskommune", markup.Inline(F(KipForm.Betalingskommune))),
            LabelRow("Samtykke fra borger", markup.Inline(F(KipForm.SamtykkeFraBorger)))));

        body.Add(Heading1("Kontaktpersoner"));
        body.Add(Table([26, 20, 20, 14, 20],
            HeaderRow("Funktion", "Titel og navn", "Arbejdssted", "Telefon nr.", "E-mail"),
            markup.RepeatRow(contacts, Row(
                Cell(markup.Inline(Item(contacts, KipForm.Funktion))),
                Cell(markup.Inline(Item(contacts, KipForm.TitelOgNavn))),
                Cell(markup.Inline(Item(contacts, KipForm.Arbejdssted))),
                Cell(markup.Inline(Item(contacts, KipForm.Telefon), "Telefon")),
                Cell(markup.Inline(Item(contacts, KipForm.Email)))))));

        body.Add(Heading1("Koordinationsmødet"));
        body.Add(Table([30, 70],
            LabelRow("Dato", markup.Inline(F(KipForm.KoordinationsmoedeDato))),
            LabelRow("Tilstede", markup.Block(F(KipForm.Tilstede), "Navn og funktion, én pr. linje")),
            LabelRow("Afbud", markup.Block(F(KipForm.Afbud), "Navn og funktion, én pr. linje"))));

        body.Add(Heading1("Psykisk lidelse"));
        body.Add(markup.Block(F(KipForm.PsykiskLidelse)));
        body.Add(Heading1("Misbrug"));
        body.Add(markup.Block(F(KipForm.Misbrug)));
        body.Add(Heading1("Kort aktuel status inkl. ønsker og behov for støtte og behandling"));
        body.Add(markup.Block(F(KipForm.AktuelStatus),
            "Bolig, økonomi, familie, netværk og arbejde. Borgerens ønsker for fremtiden og behov for støtte og behandling."));

        body.Add(Heading1("Konkrete indsatser"));
        body.Add(Table([22, 56, 22],
            HeaderRow("Titel", "Beskrivelse af mål og indsats inkl. tidsplan", "Ansvarlig"),
            markup.RepeatRow(efforts, Row(
                Cell(markup.Inline(Item(efforts, KipForm.Titel))),
                Cell(markup.Block(Item(efforts, KipForm.MaalOgIndsats), "Mål, indsats og tidsplan")),
                Cell(markup.Inline(Item(efforts, KipForm.Ansvarlig), "Navn og sektor"))))));

        body.Add(Heading1("Næste koordinationsmøde og godkendelse"));
        body.Add(Table([40, 60],
            LabelRow("Dato for næste koordinationsmøde", markup.Inline(F(KipForm.NaesteMoedeDato))),
            LabelRow("Sted", markup.Inline(F(KipForm.NaesteMoedeSted))),
            LabelRow("Plan godkendt af borger", markup.Inline(F(KipForm.PlanGodkendtAfBorger))),
            LabelRow("Referent", markup.Inline(F(KipForm.Referent)))));
        body.Add(Text("KIP er et koordineringsværktøj. Hver part fører sine egne journaler og planer i egne systemer."));

        return FormPackage.Create(Title, body, [new Run(new Text("KIP nr. ") { Space = SpaceProcessingModeValues.Preserve }), markup.Inline(F(KipForm.Nr), "Nr.")]);
    }
}
