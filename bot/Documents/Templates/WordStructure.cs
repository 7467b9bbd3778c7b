using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace TeamsCoordinator.Documents.Templates;

/// <summary>
/// Keeps a part valid for Word after blocks were removed: a table needs a row, and a table cell must end with a
/// paragraph (or a content control around one), or Word calls the file damaged.
/// </summary>
internal static class WordStructure
{
    public static void Repair(OpenXmlCompositeElement root) => Repair(root, out _);

    /// <summary>One walk, children before their parent; <paramref name="hasRow"/>: a table row is left somewhere below.</summary>
    private static void Repair(OpenXmlElement element, out bool hasRow)
    {
        hasRow = false;
        var child = element.FirstChild;
        while (child is not null)
        {
            var next = child.NextSibling();
            if (child is not (OpenXmlLeafElement or Text))
            {
                Repair(child, out var rowBelow);
                if (child is Table && !rowBelow) child.Remove();
                else hasRow |= rowBelow || child is TableRow;
            }
            child = next;
        }
        if (element is TableCell cell && cell.LastChild is not (Paragraph or SdtBlock)) cell.AppendChild(new Paragraph());
    }
}
