using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace TeamsCoordinator.TemplateBuilder;

/// <summary>Paragraphs and tables with the styles of <see cref="FormPackage"/>.</summary>
public static class Layout
{
    public static Paragraph Title(string text) => Styled("Title", new Run(new Text(text)));
    public static Paragraph Heading1(string text) => Styled("Heading1", new Run(new Text(text)));
    public static Paragraph Heading2(string text) => Styled("Heading2", new Run(new Text(text)));
    public static Paragraph Notice(params OpenXmlElement[] content) => Styled("Notice", content);
    public static Paragraph FieldLabel(string text) => Styled("FieldLabel", new Run(new Text(text)));

    public static Paragraph Text(string text) => new(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    /// <summary>A paragraph mixing fixed text and inline fields: strings become runs.</summary>
    public static Paragraph Line(params object[] parts) => new(parts.Select(p => p switch
    {
        string s => new Run(new Text(s) { Space = SpaceProcessingModeValues.Preserve }),
        OpenXmlElement e => e,
        _ => throw new ArgumentException("Only text and elements", nameof(parts)),
    }));

    public static Paragraph Bold(string text) => new(new Run(new RunProperties(new DocumentFormat.OpenXml.Wordprocessing.Bold()), new Text(text)));

    public static Paragraph Styled(string style, params OpenXmlElement[] content) =>
        new(new OpenXmlElement[] { new ParagraphProperties(new ParagraphStyleId { Val = style }) }.Concat(content));

    /// <summary>A table over the full text width with fixed column widths (twentieths of a point) that add up to it.</summary>
    public static Table Table(int[] widths, params OpenXmlElement[] rows)
    {
        var scale = (double)FormPackage.TextWidth / widths.Sum();
        var columns = widths.Select(w => (int)Math.Round(w * scale)).ToArray();
        columns[^1] += FormPackage.TextWidth - columns.Sum();
        var table = new Table(
            new TableProperties(
                new TableStyle { Val = "TableGrid" },
                new TableWidth { Width = FormPackage.TextWidth.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
                new TableLayout { Type = TableLayoutValues.Fixed },
                new TableLook { Val = "04A0" }),
            new TableGrid(columns.Select(c => new GridColumn { Width = c.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        foreach (var row in rows) table.AppendChild(WithCellWidths(row, columns));
        return table;
    }

    /// <summary>A header row: bold, shaded, repeated at the top of every page.</summary>
    public static TableRow HeaderRow(params string[] titles) =>
        new(new OpenXmlElement[] { new TableRowProperties(new TableHeader(), new CantSplit()) }
            .Concat(titles.Select(t => Cell(shaded: true, new Paragraph(new Run(new RunProperties(new DocumentFormat.OpenXml.Wordprocessing.Bold()), new Text(t)))))));

    public static TableRow Row(params TableCell[] cells) => new(cells);

    /// <summary>A two-column row: a shaded label and a value cell.</summary>
    public static TableRow LabelRow(string label, params OpenXmlElement[] value) =>
        new(Cell(shaded: true, Bold(label)), Cell(shaded: false, value));

    public static TableCell Cell(params OpenXmlElement[] content) => Cell(false, content);

    public static TableCell Cell(bool shaded, params OpenXmlElement[] content)
    {
        var cell = new TableCell(new TableCellProperties(
            new TableCellWidth { Width = "0", Type = TableWidthUnitValues.Dxa }));
        if (shaded) cell.TableCellProperties!.AppendChild(new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = "E7EEF7" });
        foreach (var element in content)
            cell.AppendChild(element is Run or SdtRun ? new Paragraph(element) : element);
        if (cell.LastChild is not (Paragraph or SdtBlock)) cell.AppendChild(new Paragraph());
        return cell;
    }

    private static OpenXmlElement WithCellWidths(OpenXmlElement row, int[] columns)
    {
        foreach (var tableRow in row is TableRow r ? [r] : row.Descendants<TableRow>())
        {
            var i = 0;
            foreach (var cell in tableRow.Elements<TableCell>())
            {
                var width = cell.TableCellProperties!.TableCellWidth!;
                width.Width = columns[Math.Min(i++, columns.Length - 1)].ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return row;
    }
}
