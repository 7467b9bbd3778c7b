using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;

namespace TeamsCoordinator.Tests.Documents;

/// <summary>Reading filled documents back in tests.</summary>
internal static class Docx
{
    /// <summary>Every schema or semantic error OpenXmlValidator finds, described well enough to fix.</summary>
    public static IReadOnlyList<string> ValidationErrors(byte[] docx, FileFormatVersions version = FileFormatVersions.Microsoft365)
    {
        using var stream = new MemoryStream(docx);
        using var document = WordprocessingDocument.Open(stream, false);
        return [.. new OpenXmlValidator(version).Validate(document)
            .Select(e => $"{e.ErrorType} {e.Part?.Uri} {e.Path?.XPath}: {e.Description}")];
    }

    public static void AssertValid(byte[] docx)
    {
        var errors = ValidationErrors(docx);
        Assert.True(errors.Count == 0, "OpenXmlValidator:\n" + string.Join("\n", errors.Take(20)));
    }

    public static T Read<T>(byte[] docx, Func<WordprocessingDocument, T> read)
    {
        using var stream = new MemoryStream(docx);
        using var document = WordprocessingDocument.Open(stream, false);
        return read(document);
    }

    /// <summary>The body's text, paragraph by paragraph (w:br as '\n', w:tab as '\t').</summary>
    public static IReadOnlyList<string> Paragraphs(byte[] docx) => Read(docx, d =>
        (IReadOnlyList<string>)[.. d.MainDocumentPart!.Document.Body!.Descendants<Paragraph>().Select(ParagraphText)]);

    public static string BodyText(byte[] docx) => string.Join("\n", Paragraphs(docx));

    public static string FooterText(byte[] docx) => Read(docx, d =>
        string.Join("\n", d.MainDocumentPart!.FooterParts.SelectMany(f => f.Footer.Descendants<Paragraph>()).Select(ParagraphText)));

    public static string ParagraphText(Paragraph paragraph) => string.Concat(paragraph.Descendants().Select(e => e switch
    {
        Text t => t.Text,
        Break => "\n",
        TabChar => "\t",
        _ => "",
    }));

    /// <summary>Content controls with the tag, in document order (body, headers, footers).</summary>
    public static IReadOnlyList<SdtElement> ControlsTagged(WordprocessingDocument document, string tag)
    {
        var main = document.MainDocumentPart!;
        IEnumerable<OpenXmlElement> roots = [main.Document.Body!, .. main.HeaderParts.Select(h => h.Header), .. main.FooterParts.Select(f => f.Footer)];
        return [.. roots.SelectMany(r => r.Descendants<SdtElement>())
            .Where(s => string.Equals(s.SdtProperties?.GetFirstChild<Tag>()?.Val?.Value, tag, StringComparison.OrdinalIgnoreCase))];
    }
}
