namespace TeamsCoordinator.Conversation;

public sealed record ParsedCommand(Command? Command, Language Language, string Arguments, Command? Suggestion);

/// <summary>
/// Finds the command at the start of what the user typed: the longest phrase that matches word by word,
/// case- and accent-tolerant; the rest of the text (as typed) is the arguments. Unknown text gets the
/// nearest command as a suggestion.
/// </summary>
public sealed class CommandParser(IReadOnlyList<Command> commands)
{
    // Each phrase's words also folded both ways once, here, rather than on every message.
    private readonly List<(Command Command, Language Lang, string[] Words, string[] Folded, string[] Plain)> _phrases =
        commands.SelectMany(c => c.Danish.Select(p => (c, Language.Da, p)).Concat(c.English.Select(p => (c, Language.En, p))))
            .Select(x => (x.c, x.Item2, Words(x.p)))
            .Select(x => (x.c, x.Item2, x.Item3, x.Item3.Select(w => TextFolding.Fold(w)).ToArray(), x.Item3.Select(w => TextFolding.Fold(w, digraphs: false)).ToArray()))
            .OrderByDescending(x => x.Item3.Length)
            .ToList();

    public ParsedCommand Parse(string text)
    {
        var raw = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Each typed word that a phrase could cover is folded once (both ways), not once per phrase it is compared with.
        var n = Math.Min(raw.Length, _phrases.Count == 0 ? 0 : _phrases[0].Words.Length); // the longest phrase comes first
        var folded = new string[n];
        var plain = new string[n];
        for (var i = 0; i < n; i++) (folded[i], plain[i]) = (TextFolding.Fold(raw[i]), TextFolding.Fold(raw[i], digraphs: false));
        foreach (var (command, lang, words, phraseFolded, phrasePlain) in _phrases)
        {
            if (raw.Length < words.Length) continue;
            var same = true;
            for (var i = 0; same && i < words.Length; i++) same = phraseFolded[i] == folded[i] || phrasePlain[i] == plain[i];
            if (same) return new ParsedCommand(command, lang, string.Join(' ', raw.Skip(words.Length)), null);
        }
        return new ParsedCommand(null, Language.Da, text.Trim(), Nearest(raw));
    }

    private Command? Nearest(string[] raw)
    {
        if (raw.Length == 0) return null;
        Command? best = null;
        var bestScore = int.MaxValue;
        foreach (var (command, _, words, _, _) in _phrases)
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

    private static string[] Words(string phrase) => phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
