using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace TeamsCoordinator.Documents.Templates;

/// <summary>
/// Keeps a part valid for Word after blocks were removed: a table needs a row, and a table cell must end with a
/// paragraph (or a content control around one), or Word calls the file damaged.
/// </summary>
internal static class WordStructure
{
    public static void Repair(OpenXmlCompositeElement root)
    {
        foreach (var table in root.Descendants<Table>().ToList())
            if (!table.Descendants<TableRow>().Any()) table.Remove();

        foreach (var cell in root.Descendants<TableCell>().ToList())
            if (cell.LastChild is not (Paragraph or SdtBlock)) cell.AppendChild(new Paragraph());
    }
}
