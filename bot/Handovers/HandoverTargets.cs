using TeamsCoordinator.Cases;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Handovers;

/// <summary>Whom a baton can be offered to: an organisation of the team, or one person in it.</summary>
public sealed record HandoverTarget(string Key, string Title, string OrganisationId, string OrganisationName, Sector Sector, string? UserId = null, string? UserName = null)
{
    public static HandoverTarget Organisation(Organisation o) =>
        new($"org:{o.Id}", $"{o.Name} ({CaseCards.SectorName(o.Sector)})", o.Id, o.Name, o.Sector);

    public static HandoverTarget Person(CaseMember m, Organisation o) =>
        new($"person:{m.UserId}", $"{m.DisplayName}, {m.Function ?? "medlem"} ({o.Name})", o.Id, o.Name, o.Sector, m.UserId, m.DisplayName);
}

/// <summary>
/// Reads "stafet til …": an organisation ("Aalborg Kommune"), a sector ("kommunen", "regionen", "egen læge"), a
/// unit or function ("distriktspsykiatrien") or a member's name, case- and accent-tolerant. Only people of the
/// forløb's team who can use Teams can receive a baton (they must be able to click Accepter); never the sender.
/// </summary>
public static class HandoverTargets
{
    private static readonly HashSet<string> StopWords = ["til", "i", "pa", "paa", "hos", "den", "det", "de", "en", "et", "to"];

    private static readonly (Sector Sector, string[] Words)[] SectorWords =
    [
        (Sector.Kommune, ["kommune", "kommunen", "kommunerne", "municipality"]),
        (Sector.Region, ["region", "regionen", "psykiatrien", "hospitalet", "sygehuset", "hospital"]),
        (Sector.AlmenPraksis, ["laege", "laegen", "egen laege", "almen praksis", "praktiserende laege", "gp"]),
        (Sector.Netvaerk, ["paaroerende", "netvaerk", "netvaerket", "familien"]),
    ];

    /// <summary>Everyone and every organisation the sender could hand the baton to, organisations first.</summary>
    public static List<HandoverTarget> Candidates(CitizenCase c, IReadOnlyList<Organisation> organisations, string senderUserId)
    {
        var byId = organisations.ToDictionary(o => o.Id);
        var sender = c.ActiveMember(senderUserId);
        var reachable = c.ActiveMembers
            .Where(m => m.UserId != senderUserId && m.Channel != ChannelMembership.EmailOnly && byId.ContainsKey(m.OrganisationId))
            .ToList();
        var orgs = reachable.Select(m => m.OrganisationId).Distinct()
            .Where(id => id != sender?.OrganisationId)
            .Select(id => byId[id]).OrderBy(o => o.Sector).ThenBy(o => o.Name)
            .Select(HandoverTarget.Organisation);
        var people = reachable.OrderBy(m => m.Sector).ThenBy(m => m.DisplayName)
            .Select(m => HandoverTarget.Person(m, byId[m.OrganisationId]));
        return [.. orgs, .. people];
    }

    /// <summary>The candidates the text names; several means "ask which one", none means "ask among all".</summary>
    public static List<HandoverTarget> Match(string text, IReadOnlyList<HandoverTarget> candidates, CitizenCase c, string? handlekommuneId = null)
    {
        var q = Words(text);
        if (q.Count == 0) return [];
        var phrase = string.Join(' ', q);
        var people = candidates.Where(t => t.UserId is not null).ToList();
        var orgs = candidates.Where(t => t.UserId is null).ToList();

        // 1. A person by full name, or by first or last name.
        var byName = people.Where(t => Same(Words(t.UserName!), q) || q.Count == 1 && Words(t.UserName!).Any(w => Same(w, phrase))).ToList();
        if (byName.Count > 0) return byName;

        // 2. An organisation by (the start of) its name: "Aalborg Kommune", "aalborg", "Bronderslev".
        var byOrg = orgs.Where(t => q.All(w => Words(t.OrganisationName).Any(n => StartsWith(n, w)))).ToList();
        if (byOrg.Count > 0) return byOrg;

        // 3. A sector: "kommunen" is the team's municipality (the handlekommune when there are several).
        foreach (var (sector, words) in SectorWords)
        {
            if (!words.Any(w => Undigraph(w) == Undigraph(phrase))) continue;
            var inSector = orgs.Where(t => t.Sector == sector).ToList();
            if (inSector.Count > 1 && inSector.FirstOrDefault(t => t.OrganisationId == handlekommuneId) is { } handlekommune) return [handlekommune];
            if (inSector.Count > 0) return inSector;
            return people.Where(t => t.Sector == sector).ToList();
        }

        // 4. A unit or function: "distriktspsykiatrien" finds "Kontaktperson i distriktspsykiatrien".
        var functions = c.ActiveMembers.ToDictionary(m => m.UserId, m => Fold(m.Function ?? ""));
        var stems = Stems(phrase);
        var byFunction = people.Where(t => functions.TryGetValue(t.UserId!, out var f) && f.Length > 0 && stems.Any(s => f.Contains(s))).ToList();
        if (byFunction.Count > 0) return byFunction;

        // 5. A typo in a name: at most one wrong letter in four.
        var tolerance = Math.Max(1, phrase.Length / 4);
        return candidates.Where(t => TextFolding.Distance(phrase, string.Join(' ', Words(t.UserName ?? t.OrganisationName))) <= tolerance ||
                                     Words(t.UserName ?? t.OrganisationName).Any(w => w.Length > 3 && TextFolding.Distance(phrase, w) <= tolerance)).ToList();
    }

    private static List<string> Words(string text) =>
        text.Split([' ', ',', '.', '/', '(', ')', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => Fold(w)).Where(w => w.Length > 0 && !StopWords.Contains(w)).ToList();

    private static string Fold(string s, bool digraphs = true) => TextFolding.Fold(s, digraphs);

    private static bool Same(IReadOnlyList<string> a, IReadOnlyList<string> b) => a.Count == b.Count && a.Zip(b).All(p => Same(p.First, p.Second));

    /// <summary>"brønderslev" typed as "bronderslev" or "broenderslev" is the same word.</summary>
    private static bool Same(string folded, string typed) => folded == typed || Undigraph(folded) == Undigraph(typed);

    private static bool StartsWith(string folded, string typed) =>
        typed.Length >= 3 && (folded.StartsWith(typed, StringComparison.Ordinal) || Undigraph(folded).StartsWith(Undigraph(typed), StringComparison.Ordinal)) ||
        Same(folded, typed);

    private static string Undigraph(string s) => s.Replace("ae", "a").Replace("oe", "o").Replace("aa", "a");

    /// <summary>The word without a Danish definite ending: "distriktspsykiatrien" → "distriktspsykiatri", "sengeafsnittet" → "sengeafsnit".</summary>
    private static List<string> Stems(string phrase)
    {
        var stems = new List<string> { phrase };
        foreach (var ending in new[] { "erne", "tet", "et", "en", "n" })
            if (phrase.Length > ending.Length + 4 && phrase.EndsWith(ending, StringComparison.Ordinal))
                stems.Add(phrase[..^ending.Length]);
        return stems;
    }
}
