using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Documents.Templates;
using static TeamsCoordinator.TemplateBuilder.Layout;

namespace TeamsCoordinator.TemplateBuilder;

/// <summary>
/// Network-meeting minutes in the sector's shape: who took part (by sector), the citizen's own wishes, follow-up on
/// last time's agreements, numbered agenda items, the agreements as a table, the next meeting, approval.
/// </summary>
public static class ReferatTemplate
{
    public const string Title = "Referat af netværksmøde";

    public static byte[] Build(FieldMarkup markup)
    {
        var schema = ReferatForm.Schema;
        FieldSpec F(string name) => schema.Find(name)!;
        var participants = F(ReferatForm.Deltagere);
        var absent = F(ReferatForm.Afbud);
        var agenda = F(ReferatForm.Dagsorden);
        var followUps = agenda.ItemFields.First(i => i.Name == ReferatForm.Opfoelgning);
        var agreements = F(ReferatForm.Aftaler);
        FieldSpec Item(FieldSpec list, string name) => list.ItemFields.First(i => i.Name == name);

        TableRow PersonRow(FieldSpec list) => Row(
            Cell(markup.Inline(Item(list, ReferatForm.Navn))),
            Cell(markup.Inline(Item(list, ReferatForm.Rolle))),
            Cell(markup.Inline(Item(list, ReferatForm.Sektor))));

        var body = new List<OpenXmlElement>
        {
            Layout.Title(Title),
            Table([25, 75],
                LabelRow("Forløb", markup.Inline(F(ReferatForm.Forloeb))),
                LabelRow("Dato", markup.Inline(F(ReferatForm.MoedeDato))),
                LabelRow("Tidspunkt", markup.Inline(F(ReferatForm.Tidspunkt), "kl. 00.00–00.00")),
                LabelRow("Sted", markup.Inline(F(ReferatForm.Sted)))),
        };
        body.AddRange(markup.Conditional(FieldRole.If, ReferatForm.OnlineLink, "Vises når mødet også holdes online",
            [Line("Online: ", markup.Inline(F(ReferatForm.OnlineLink), "Link til mødet"))]));

        body.Add(Heading1("Deltagere"));
        body.Add(Table([35, 40, 25], HeaderRow("Navn", "Rolle og organisation", "Sektor"), markup.RepeatRow(participants, PersonRow(participants))));
        body.AddRange(markup.Conditional(FieldRole.If, ReferatForm.Afbud, "Vises når nogen har meldt afbud",
        [
            Heading2("Afbud"),
            Table([35, 40, 25], HeaderRow("Navn", "Rolle og organisation", "Sektor"), markup.RepeatRow(absent, PersonRow(absent))),
        ]));
        body.AddRange(markup.Conditional(FieldRole.If, ReferatForm.Stedfortraeder, "Vises når borgeren har en stedfortræder",
            [Line("Borgerens stedfortræder: ", markup.Inline(F(ReferatForm.Stedfortraeder)))]));

        body.Add(Heading1("Formål med mødet"));
        body.Add(markup.Block(F(ReferatForm.Formaal)));
        body.Add(Heading1("Borgerens egne ønsker"));
        body.Add(markup.Block(F(ReferatForm.BorgerensOensker)));
        body.Add(Heading1("Opfølgning på aftaler fra sidste møde"));
        body.Add(markup.Block(F(ReferatForm.OpfoelgningPaaAftaler)));

        body.Add(Heading1("Dagsorden og referat"));
        body.AddRange(markup.RepeatBlocks(agenda,
        [
            Styled("Heading2", markup.Inline(Item(agenda, ReferatForm.Nr), "1"), new Run(new Text(". ") { Space = SpaceProcessingModeValues.Preserve }), markup.Inline(Item(agenda, ReferatForm.Titel), "Punkt")),
            FieldLabel("Baggrund"),
            markup.Block(Item(agenda, ReferatForm.Baggrund)),
            FieldLabel("Drøftelse"),
            markup.Block(Item(agenda, ReferatForm.Droeftelse)),
            FieldLabel("Beslutning"),
            markup.Block(Item(agenda, ReferatForm.Beslutning)),
            FieldLabel("Opfølgning"),
            .. markup.RepeatBlocks(followUps,
                [Styled("ListBullet", markup.Inline(followUps.ItemFields[0], "Fx »Sendes til …« eller »På næste dagsorden«"))]),
        ]));

        body.Add(Heading1("Aftaler"));
        body.Add(Table([40, 22, 16, 22],
            HeaderRow("Hvad", "Hvem", "Sektor", "Hvornår"),
            markup.RepeatRow(agreements, Row(
                Cell(markup.Inline(Item(agreements, ReferatForm.Hvad))),
                Cell(markup.Inline(Item(agreements, ReferatForm.Hvem))),
                Cell(markup.Inline(Item(agreements, ReferatForm.Sektor))),
                Cell(markup.Inline(Item(agreements, ReferatForm.Frist)))))));

        body.Add(Heading1("Næste møde"));
        body.Add(Table([30, 70],
            LabelRow("Dato", markup.Inline(F(ReferatForm.NaesteMoedeDato))),
            LabelRow("Sted", markup.Inline(F(ReferatForm.NaesteMoedeSted)))));

        body.Add(Heading1("Referent og godkendelse"));
        body.Add(Table([30, 70],
            LabelRow("Referent", markup.Inline(F(ReferatForm.Referent))),
            LabelRow("Godkendt af", markup.Inline(F(ReferatForm.GodkendtAf))),
            LabelRow("Godkendt den", markup.Inline(F(ReferatForm.GodkendtDato)))));

        return FormPackage.Create(Title, body, [new Run(new Text("Referat, forløb ") { Space = SpaceProcessingModeValues.Preserve }), markup.Inline(F(ReferatForm.Forloeb))]);
    }
}
