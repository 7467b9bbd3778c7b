using System.Text.RegularExpressions;
using TeamsCoordinator.Cases;

namespace TeamsCoordinator.Drafting;

/// <summary>
/// Who is who in a forløb, kept from the language model: before a text goes out every identity string the forløb
/// knows (the citizen's name and its parts, CPR number, address, phone, e-mail; each team member's and relative's
/// name, its parts and e-mail; the forløb's label) becomes a placeholder, and every CPR-shaped string is removed.
/// After the answer the placeholders become the form's values again: a member's name, the label, and for the citizen
/// "borgeren" (the card may never show the citizen's identity, <see cref="CitizenPrivacy"/>).
/// </summary>
public sealed partial class Pseudonyms
{
    public const string Citizen = "[BORGER]";
    public static string Participant(int no) => $"[DELTAGER {no}]";

    private readonly List<(Regex Pattern, string Placeholder, int Length)> _hide = [];
    private readonly Dictionary<string, string> _show = new(StringComparer.OrdinalIgnoreCase);
    private readonly CitizenIdentity _identity;
    private readonly List<string> _known;

    /// <param name="participants">The team as numbered for the model: the first is [DELTAGER 1].</param>
    public Pseudonyms(CitizenCase c, IReadOnlyList<CaseMember> participants)
    {
        _identity = new CitizenIdentity(c.Citizen, null);
        var citizen = c.Citizen;
        Value(citizen.FullName, Citizen, "borgeren");
        Value(citizen.Address, "[BORGERENS ADRESSE]", "borgerens adresse");
        Value(citizen.Email, "[BORGERENS E-MAIL]", "borgerens e-mail");
        Digits(citizen.Phone, "[BORGERENS TELEFON]", "borgerens telefon");
        var citizenParts = Parts(citizen.FullName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var part in citizenParts) Word(part, Citizen, "borgeren", ignoreCase: true);

        // Everyone who was ever on the team (a removed member may still be named in the notes), the listed ones first.
        var everyone = participants.Concat(c.Members.Where(m => !participants.Contains(m))).ToList();
        _known = [.. everyone.Select(m => m.DisplayName).Append(c.Label).Append(c.CaseNumber).Where(n => n.Trim().Length >= 3)];
        var parts = everyone.SelectMany(m => Parts(m.DisplayName).Distinct(StringComparer.OrdinalIgnoreCase))
            .GroupBy(p => p, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var shared = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < everyone.Count; i++)
        {
            var m = everyone[i];
            var placeholder = Participant(i + 1);
            Value(m.DisplayName, placeholder, m.DisplayName);
            Value(m.Email, $"[DELTAGER {i + 1} E-MAIL]", m.Email ?? "");
            foreach (var part in Parts(m.DisplayName).Where(p => !citizenParts.Contains(p)))
                // "Lars" is Lars Nielsen when he is the only Lars; a surname two people share becomes a name of its own.
                if (parts[part] == 1) Word(part, placeholder, m.DisplayName, ignoreCase: true);
                else if (!shared.ContainsKey(part)) Word(part, shared[part] = $"[NAVN {shared.Count + 1}]", part, ignoreCase: true);
        }

        Value(c.Label, "[FORLØB]", c.Label);
        Value(c.CaseNumber, "[FORLØB]", c.Label);
        Word(c.Initials, "[FORLØB]", c.Label, ignoreCase: false);
        // Longest first: a full name before its parts, an e-mail before the name inside it.
        _hide.Sort((a, b) => b.Length.CompareTo(a.Length));
    }

    /// <summary>The text as it may go to the model.</summary>
    public string Hide(string? text)
    {
        var hidden = text ?? "";
        foreach (var (pattern, placeholder, _) in _hide) hidden = pattern.Replace(hidden, placeholder);
        return CaseLabel.WithoutCpr(hidden);
    }

    /// <summary>The model's text with the placeholders it was given turned back into the form's values.</summary>
    public string Show(string text) => Placeholders().Replace(text, m => _show.TryGetValue(m.Value, out var v) ? v : m.Value);

    /// <summary>
    /// The last look before anything leaves: false when the text still holds something the forløb knows as identity
    /// (the same test the cards use, <see cref="CitizenIdentity"/>) or a member's name. Then nothing is sent.
    /// </summary>
    public bool IsClean(string outgoing) =>
        !_identity.IsIn(outgoing) && !_known.Any(n => outgoing.Contains(n, StringComparison.OrdinalIgnoreCase));

    private void Value(string? value, string placeholder, string shown)
    {
        if (value?.Trim() is not { Length: >= 3 } v) return;
        _hide.Add((new Regex(Regex.Escape(v), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), placeholder, v.Length));
        _show.TryAdd(placeholder, shown);
    }

    /// <summary>A phone number however it is typed: its digits with any spaces, dashes or dots between them.</summary>
    private void Digits(string? phone, string placeholder, string shown)
    {
        var digits = new string((phone ?? "").Where(char.IsDigit).ToArray());
        if (digits.Length < 6) { Value(phone, placeholder, shown); return; }
        _hide.Add((new Regex(string.Join(@"[\s\-.]*", digits.Select(d => d.ToString())), RegexOptions.CultureInvariant), placeholder, phone!.Length));
        _show.TryAdd(placeholder, shown);
    }

    private void Word(string? word, string placeholder, string shown, bool ignoreCase)
    {
        if (word?.Trim() is not { Length: >= 2 } w) return;
        var options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        _hide.Add((new Regex($@"(?<!\w){Regex.Escape(w)}(?!\w)", options), placeholder, w.Length));
        _show.TryAdd(placeholder, shown);
    }

    /// <summary>The parts of a name that identify (three letters or more), as <see cref="CitizenIdentity"/> counts them.</summary>
    private static IEnumerable<string> Parts(string? name) =>
        (name ?? "").Split(' ', '-', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(p => p.Length >= 3);

    [GeneratedRegex(@"\[[A-ZÆØÅ][A-ZÆØÅ0-9 \-]*\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Placeholders();
}
