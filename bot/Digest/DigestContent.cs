namespace TeamsCoordinator.Digest;

/// <summary>The kinds of line, in the order the glossary lists them (the order within one urgency).</summary>
public enum DigestItemKind { BatonNotAccepted, DischargeNotLanded, TaskDue, KipReview, MeetingWithoutMinutes, ConsentExpiring }

/// <summary>
/// One line of the overview: what waits, whether it is already late, and the button that opens the card where it is
/// dealt with. Never the citizen's name, CPR number or any free text a team wrote (titles, messages).
/// </summary>
public sealed record DigestLine(DigestItemKind Kind, bool Overdue, DateOnly When, string Text, string ButtonTitle, string Verb,
    IReadOnlyDictionary<string, string> Data);

/// <summary>One forløb's lines, by its label only.</summary>
public sealed record DigestCase(long CaseId, string Label, IReadOnlyList<DigestLine> Lines);

/// <summary>A person's overview: forløb with the most urgent line first, and within each forløb its lines by urgency.</summary>
public sealed record DigestContent(string UserId, IReadOnlyList<DigestCase> Cases)
{
    public int Items => Cases.Sum(c => c.Lines.Count);

    /// <summary>Late before due, then the earliest date first, then the glossary's order.</summary>
    public static readonly Comparison<DigestLine> Urgency = (a, b) =>
        a.Overdue != b.Overdue ? (a.Overdue ? -1 : 1) : a.When != b.When ? a.When.CompareTo(b.When) : a.Kind.CompareTo(b.Kind);

    public static DigestContent Of(string userId, IEnumerable<(long CaseId, string Label, DigestLine Line)> lines)
    {
        var cases = lines.GroupBy(l => (l.CaseId, l.Label))
            .Select(g =>
            {
                var sorted = g.Select(x => x.Line).ToList();
                sorted.Sort(Urgency);
                return new DigestCase(g.Key.CaseId, g.Key.Label, sorted);
            })
            .ToList();
        cases.Sort((a, b) => Urgency(a.Lines[0], b.Lines[0]) is var c && c != 0 ? c : string.CompareOrdinal(a.Label, b.Label));
        return new DigestContent(userId, cases);
    }
}
