namespace TeamsCoordinator.Conversation;

public sealed record ParsedCommand(Command? Command, Language Language, string Arguments, Command? Suggestion);

/// <summary>
/// Finds the command at the start of what the user typed: the longest phrase that matches word by word,
/// case- and accent-tolerant; the rest of the text (as typed) is the arguments. Unknown text gets the
/// nearest command as a suggestion.
/// </summary>
public sealed class CommandParser(IReadOnlyList<Command> commands)
{
    private readonly List<(Command Command, Language Lang, string[] Words)> _phrases =
        commands.SelectMany(c => c.Danish.Select(p => (c, Language.Da, p)).Concat(c.English.Select(p => (c, Language.En, p))))
            .Select(x => (x.c, x.Item2, Words(x.p)))
            .OrderByDescending(x => x.Item3.Length)
            .ToList();

    public ParsedCommand Parse(string text)
    {
        var raw = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var (command, lang, words) in _phrases)
        {
            if (raw.Length < words.Length) continue;
            if (words.Select((w, i) => Same(w, raw[i])).All(x => x))
                return new ParsedCommand(command, lang, string.Join(' ', raw.Skip(words.Length)), null);
        }
        return new ParsedCommand(null, Language.Da, text.Trim(), Nearest(raw));
    }

    private Command? Nearest(string[] raw)
    {
        if (raw.Length == 0) return null;
        Command? best = null;
        var bestScore = int.MaxValue;
        foreach (var (command, _, words) in _phrases)
        {
            var typed = TextFolding.Fold(string.Join(' ', raw.Take(words.Length)));
            var phrase = TextFolding.Fold(string.Join(' ', words));
            var distance = TextFolding.Distance(typed, phrase);
            if (distance < bestScore) (best, bestScore) = (command, distance);
        }
        // Suggest only what is plausibly a typo: about one wrong letter in three.
        var tolerance = Math.Max(2, TextFolding.Fold(raw[0]).Length / 3);
        return bestScore <= tolerance ? best : null;
    }

    private static bool Same(string phraseWord, string typed) =>
        TextFolding.Fold(phraseWord) == TextFolding.Fold(typed) ||
        TextFolding.Fold(phraseWord, digraphs: false) == TextFolding.Fold(typed, digraphs: false);

    private static string[] Words(string phrase) => phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
