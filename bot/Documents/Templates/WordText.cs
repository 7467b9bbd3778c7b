using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace TeamsCoordinator.Documents.Templates;

/// <summary>
/// Text into WordprocessingML: line breaks become <c>w:br</c>, tabs <c>w:tab</c>, a blank line a new paragraph.
/// The SDK escapes &lt; &gt; &amp; itself; characters XML cannot hold at all are dropped here.
/// </summary>
internal static class WordText
{
    public static Run Run(string text, RunProperties? runProperties)
    {
        var run = new Run();
        if (runProperties is not null) run.AppendChild(runProperties.CloneNode(true));
        var lines = Clean(text).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) run.AppendChild(new Break());
            var pieces = lines[i].Split('\t');
            for (var j = 0; j < pieces.Length; j++)
            {
                if (j > 0) run.AppendChild(new TabChar());
                if (pieces[j].Length > 0) run.AppendChild(TextElement(pieces[j]));
            }
        }
        return run;
    }

    public static Text TextElement(string text)
    {
        var element = new Text(text);
        if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])))
            element.Space = SpaceProcessingModeValues.Preserve;
        return element;
    }

    /// <summary>Replaces the paragraphs of a block with one paragraph per text paragraph, keeping the first one's layout.</summary>
    public static void ReplaceParagraphs(OpenXmlCompositeElement container, Paragraph? pattern, string text, RunProperties? runProperties)
    {
        var paragraphProperties = (ParagraphProperties?)pattern?.ParagraphProperties?.CloneNode(true);
        if (paragraphProperties?.ParagraphMarkRunProperties?.GetFirstChild<RunStyle>() is { } markStyle
            && ContentControls.IsPlaceholderStyle(markStyle.Val?.Value))
            markStyle.Remove();
        container.RemoveAllChildren<Paragraph>();
        foreach (var chunk in Paragraphs(Clean(text)))
        {
            var paragraph = new Paragraph();
            if (paragraphProperties is not null) paragraph.AppendChild(paragraphProperties.CloneNode(true));
            paragraph.AppendChild(Run(chunk, runProperties));
            container.AppendChild(paragraph);
        }
    }

    /// <summary>Splits at blank lines; single line breaks stay inside a paragraph.</summary>
    private static IEnumerable<string> Paragraphs(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            var j = i + 1;
            while (j < text.Length && text[j] is ' ' or '\t') j++;
            if (j < text.Length && text[j] == '\n')
            {
                yield return text[start..i];
                while (j < text.Length && text[j] is '\n' or ' ' or '\t') j++;
                start = j;
                i = j - 1;
            }
        }
        yield return text[start..];
    }

    /// <summary>Normalises line endings and drops characters that XML 1.0 cannot carry (control characters, lone surrogates).</summary>
    public static string Clean(string text)
    {
        var needsWork = false;
        foreach (var c in text)
        {
            if (c == '\r' || (c < 0x20 && c is not '\n' and not '\t') || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
            {
                needsWork = true;
                break;
            }
        }
        if (!needsWork) return text;

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                builder.Append('\n');
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if ((c >= 0x20 || c is '\n' or '\t') && !char.IsSurrogate(c) && c is not '\uFFFE' and not '\uFFFF')
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
