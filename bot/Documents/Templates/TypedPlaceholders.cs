using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace TeamsCoordinator.Documents.Templates;

/// <summary>
/// Turns <c>{felt}</c> typed by hand into an organisation's own template into content controls tagged <c>felt</c>,
/// so one fill path serves both kinds of template and the result can be refreshed by the add-in like ours.
/// Word often splits what was typed as one word over several runs (spell check, editing sessions, language);
/// the runs of a paragraph are read as one text and the placeholder is gathered back into one run first.
/// </summary>
internal static class TypedPlaceholders
{
    /// <summary>Paragraph children that take no room in the text and may sit between the pieces of a split placeholder.</summary>
    private static bool IsZeroWidth(OpenXmlElement element) =>
        element is ProofError or BookmarkStart or BookmarkEnd or PermStart or PermEnd
            or CommentRangeStart or CommentRangeEnd;

    private readonly record struct Piece(Text Text, int Start);

    private readonly record struct Found(int Start, int End, string Name); // End is the index of '}'

    public static void Convert(OpenXmlCompositeElement root, Func<uint> nextSdtId, List<string> flaws)
    {
        foreach (var paragraph in root.Descendants<Paragraph>().ToList())
        {
            if (!paragraph.InnerText.AsSpan().ContainsAny('{', '}')) continue;
            ConvertRunsOf(paragraph, nextSdtId, flaws);
            foreach (var hyperlink in paragraph.Elements<Hyperlink>().ToList()) ConvertRunsOf(hyperlink, nextSdtId, flaws);
        }
    }

    private static void ConvertRunsOf(OpenXmlCompositeElement container, Func<uint> nextSdtId, List<string> flaws)
    {
        var sequence = new List<Run>();
        foreach (var child in container.ChildElements.ToList())
        {
            if (child is Run run) sequence.Add(run);
            else if (!IsZeroWidth(child))
            {
                ConvertSequence(sequence, nextSdtId, flaws);
                sequence = [];
            }
        }
        ConvertSequence(sequence, nextSdtId, flaws);
    }

    private static void ConvertSequence(List<Run> runs, Func<uint> nextSdtId, List<string> flaws)
    {
        if (runs.Count == 0) return;
        var pieces = new List<Piece>();
        var text = new System.Text.StringBuilder();
        foreach (var run in runs)
            foreach (var t in run.Elements<Text>())
            {
                pieces.Add(new Piece(t, text.Length));
                text.Append(t.Text);
            }
        var all = text.ToString();
        if (!all.AsSpan().ContainsAny('{', '}')) return;

        var found = Scan(all, flaws);
        // Right to left: rewriting one placeholder never moves the text of those before it.
        for (var i = found.Count - 1; i >= 0; i--) Gather(pieces, found[i], nextSdtId);
    }

    private static List<Found> Scan(string text, List<string> flaws)
    {
        var found = new List<Found>();
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf('{', i);
            var strayClose = text.IndexOf('}', i);
            if (strayClose >= 0 && (open < 0 || strayClose < open))
            {
                flaws.Add($"»}}« uden et »{{« foran i teksten »{Excerpt(text, strayClose)}«.");
                i = strayClose + 1;
                continue;
            }
            if (open < 0) break;
            var close = text.IndexOf('}', open + 1);
            var nextOpen = text.IndexOf('{', open + 1);
            if (close < 0 || (nextOpen >= 0 && nextOpen < close))
            {
                flaws.Add($"»{{« uden et afsluttende »}}« i teksten »{Excerpt(text, open)}«.");
                i = nextOpen >= 0 ? nextOpen : text.Length;
                continue;
            }
            var name = text[(open + 1)..close].Trim();
            if (name.Length == 0) flaws.Add($"En tom pladsholder »{{}}« i teksten »{Excerpt(text, open)}«.");
            else if (!TemplateTag.IsValidName(name))
                flaws.Add($"Pladsholderen »{{{text[(open + 1)..close]}}}« har et ugyldigt navn: brug kun bogstaver, tal, _ og - (ingen mellemrum).");
            else found.Add(new Found(open, close, name));
            i = close + 1;
        }
        return found;
    }

    private static string Excerpt(string text, int at)
    {
        var start = Math.Max(0, at - 20);
        var end = Math.Min(text.Length, at + 20);
        return (start > 0 ? "…" : "") + text[start..end] + (end < text.Length ? "…" : "");
    }

    /// <summary>Moves the placeholder's characters into the text where it starts, splits that run around it and wraps it in a content control.</summary>
    private static void Gather(List<Piece> pieces, Found found, Func<uint> nextSdtId)
    {
        var first = pieces.FindIndex(p => Holds(p, found.Start));
        var last = pieces.FindIndex(p => Holds(p, found.End));
        var startText = pieces[first].Text;
        var startOffset = found.Start - pieces[first].Start;
        var endOffset = found.End - pieces[last].Start;
        var original = startText.Text;

        string after;
        if (first == last)
        {
            after = original[(endOffset + 1)..];
        }
        else
        {
            for (var k = first + 1; k < last; k++) pieces[k].Text.Text = "";
            var lastText = pieces[last].Text;
            after = "";
            lastText.Text = lastText.Text[(endOffset + 1)..];
        }
        var before = original[..startOffset];
        var placeholderText = "{" + found.Name + "}";

        var run = (Run)startText.Parent!;
        var runProperties = run.RunProperties;

        // Everything in the run after the start text moves to a new run after the content control.
        var tail = new Run();
        if (runProperties is not null) tail.AppendChild(runProperties.CloneNode(true));
        if (after.Length > 0) tail.AppendChild(WordText.TextElement(after));
        foreach (var sibling in startText.ElementsAfter().ToList())
        {
            sibling.Remove();
            tail.AppendChild(sibling);
        }

        var placeholderRun = new Run();
        if (runProperties is not null) placeholderRun.AppendChild(runProperties.CloneNode(true));
        placeholderRun.AppendChild(WordText.TextElement(placeholderText));
        var control = new SdtRun(
            new SdtProperties(
                new Tag { Val = found.Name },
                new SdtId { Val = (int)nextSdtId() },
                new ShowingPlaceholder()),
            new SdtContentRun(placeholderRun));

        startText.Text = before;
        if (before.Length > 0) startText.Space = SpaceProcessingModeValues.Preserve;
        else startText.Remove();
        run.InsertAfterSelf(control);
        if (tail.ChildElements.Any(c => c is not RunProperties)) control.InsertAfterSelf(tail);
        RemoveIfEmpty(run);
        for (var k = first + 1; k <= last; k++)
        {
            var piece = pieces[k].Text;
            if (piece.Text.Length == 0 && piece.Parent is Run owner)
            {
                piece.Remove();
                RemoveIfEmpty(owner);
            }
        }
    }

    private static bool Holds(Piece piece, int position) =>
        piece.Start <= position && position < piece.Start + piece.Text.Text.Length;

    private static void RemoveIfEmpty(Run run)
    {
        if (run.Parent is not null && !run.ChildElements.Any(c => c is not RunProperties)) run.Remove();
    }
}
