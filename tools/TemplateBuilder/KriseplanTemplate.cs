using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Documents.Templates;
using static TeamsCoordinator.TemplateBuilder.Layout;

namespace TeamsCoordinator.TemplateBuilder;

/// <summary>The crisis plan: the citizen's signs and wishes first, then whom to call in which order, then emergency.</summary>
public static class KriseplanTemplate
{
    public const string Title = "Kriseplan";

    public static byte[] Build(FieldMarkup markup)
    {
        var schema = KriseplanForm.Schema;
        FieldSpec F(string name) => schema.Find(name)!;
        var relatives = F(KriseplanForm.Paaroerende);
        var contacts = F(KriseplanForm.Kontakter);
        FieldSpec Item(FieldSpec list, string name) => list.ItemFields.First(i => i.Name == name);

        var body = new List<OpenXmlElement>
        {
            Layout.Title("Min kriseplan"),
            Line("Navn: ", markup.Inline(F(KriseplanForm.Navn)), "    Nr.: ", markup.Inline(F(KriseplanForm.Nr), "Nr.")),
            Heading1("Mine tidlige advarselstegn"),
            markup.Block(F(KriseplanForm.AdvarselsTegn)),
            Heading1("Det kan udløse en krise hos mig"),
            markup.Block(F(KriseplanForm.Udloesere)),
            Heading1("Det hjælper mig"),
            markup.Block(F(KriseplanForm.DetHjaelperMig)),
            Heading1("Det kan jeg selv gøre"),
            markup.Block(F(KriseplanForm.DetKanJegSelvGoere)),
            Heading1("Det vil jeg gerne have, at andre gør"),
            markup.Block(F(KriseplanForm.DetSkalAndreGoere)),
            Heading1("Det vil jeg ikke have, at andre gør"),
            markup.Block(F(KriseplanForm.DetSkalAndreIkkeGoere)),
        };

        body.AddRange(markup.Conditional(FieldRole.If, KriseplanForm.Paaroerende, "Vises når der er pårørende på teamet",
        [
            Heading1("Mine pårørende"),
            Table([40, 25, 35],
                HeaderRow("Navn", "Relation", "Telefon"),
                markup.RepeatRow(relatives, Row(
                    Cell(markup.Inline(Item(relatives, KriseplanForm.Navn))),
                    Cell(markup.Inline(Item(relatives, KriseplanForm.Relation))),
                    Cell(markup.Inline(Item(relatives, KriseplanForm.Telefon)))))),
            Heading2("Det kan mine pårørende gøre"),
            markup.Block(F(KriseplanForm.DetKanPaaroerendeGoere)),
        ]));

        body.Add(Heading1("Hvem skal kontaktes – i denne rækkefølge"));
        body.Add(Table([8, 26, 26, 16, 24],
            HeaderRow("Nr.", "Navn", "Rolle", "Telefon", "Hvornår"),
            markup.RepeatRow(contacts, Row(
                Cell(markup.Inline(Item(contacts, KriseplanForm.Raekkefoelge), "1")),
                Cell(markup.Inline(Item(contacts, KriseplanForm.Navn))),
                Cell(markup.Inline(Item(contacts, KriseplanForm.Rolle))),
                Cell(markup.Inline(Item(contacts, KriseplanForm.Telefon))),
                Cell(markup.Inline(Item(contacts, KriseplanForm.Hvornaar)))))));

        body.Add(Heading1("Akut hjælp"));
        body.Add(Line("Psykiatrisk akutmodtagelse: ", markup.Inline(F(KriseplanForm.Akutmodtagelse), "Navn og telefon")));
        body.Add(Notice(new Run(new Text("Ved livsfare: ring 112."))));

        body.Add(Heading1("Aftale"));
        body.Add(Table([40, 60],
            LabelRow("Planen er aftalt med", markup.Inline(F(KriseplanForm.AftaltMed))),
            LabelRow("Aftalt den", markup.Inline(F(KriseplanForm.AftaltDato))),
            LabelRow("Revideres senest", markup.Inline(F(KriseplanForm.RevisionsDato)))));

        return FormPackage.Create(Title, body, [new Run(new Text("Kriseplan nr. ") { Space = SpaceProcessingModeValues.Preserve }), markup.Inline(F(KriseplanForm.Nr), "Nr.")]);
    }
}
