using System.Globalization;
using System.Text;

namespace TeamsCoordinator.Tenants;

/// <summary>
/// Finds staff by name or e-mail across the organisations' directories, for the forms that pick people ("ny borger",
/// "tilføj"). A form cannot list a region's thousands of staff, so it offers what a search found. One organisation
/// whose Microsoft 365 does not answer is named and left out; the others' results still show. The query is staff
/// names, but it is still what someone typed: it is never logged or audited.
/// </summary>
public sealed class PeopleSearch(ICollaborationTenants tenants, ILogger<PeopleSearch> log)
{
    /// <summary>Longer than any name or e-mail prefix worth typing; the card's text box has the same limit.</summary>
    public const int MaxQueryLength = 64;
    public const int MinQueryLength = 2;
    /// <summary>People resolved for one form (its chosen members): each may cost a directory call.</summary>
    public const int MaxChosen = 25;

    /// <summary>Danish collation: Æ, Ø, Å after Z, and "Aa" with Å, as Danish staff lists are sorted.</summary>
    public static readonly StringComparer DanishNames = StringComparer.Create(CultureInfo.GetCultureInfo("da-DK"), ignoreCase: true);

    /// <summary>The text to search for: trimmed, control characters dropped, inner spaces collapsed.</summary>
    public static string Normalize(string? query)
    {
        var text = new StringBuilder();
        foreach (var ch in (query ?? "").Trim())
        {
            if (char.IsControl(ch)) continue;
            if (char.IsWhiteSpace(ch)) { if (text.Length > 0 && text[^1] != ' ') text.Append(' '); }
            else text.Append(ch);
        }
        return text.ToString();
    }

    /// <summary>Why a (normalized) query is not searched, in Danish; null when it is fine.</summary>
    public static string? Problem(string query) => query.Length switch
    {
        < MinQueryLength => $"Skriv mindst {MinQueryLength} tegn af personens navn eller e-mailadresse for at søge.",
        > MaxQueryLength => $"Søgningen må højst være {MaxQueryLength} tegn. Skriv begyndelsen af navnet eller e-mailadressen.",
        _ => null,
    };

    /// <summary>
    /// Everyone in the organisations whose name or e-mail starts with the query (empty: each directory's first page),
    /// sorted the Danish way. Organisations are asked one at a time: the embedded directory shares the turn's database
    /// context, which allows no parallel queries.
    /// </summary>
    public async Task<PeopleFound> FindAsync(IEnumerable<Organisation> organisations, string query, CancellationToken ct)
    {
        var people = new List<DirectoryPerson>();
        var unavailable = new List<Organisation>();
        foreach (var org in organisations)
        {
            try { people.AddRange(await tenants.FindPeopleAsync(org.Id, query, ct)); }
            catch (CollaborationTenantException e)
            {
                // The organisation and the kind of failure only: never the query.
                log.LogWarning("Directory of {Organisation} could not be searched (transient: {Transient})", org.Id, e.IsTransient);
                unavailable.Add(org);
            }
        }
        return new PeopleFound(Sorted(people.DistinctBy(Key)), unavailable);
    }

    /// <summary>
    /// The people behind chosen values ("organisation|user"), at most <see cref="MaxChosen"/>. Values that name nobody
    /// are left out; so are the people of an organisation whose directory did not answer, which is named instead.
    /// </summary>
    public async Task<PeopleFound> ResolveAsync(IEnumerable<string> values, IReadOnlyList<Organisation> organisations, CancellationToken ct)
    {
        var people = new List<DirectoryPerson>();
        var unavailable = new List<Organisation>();
        foreach (var (orgId, userId) in values.Distinct().Take(MaxChosen).Select(ParseKey).OfType<(string, string)>())
        {
            if (organisations.FirstOrDefault(o => o.Id == orgId) is not { } org || unavailable.Contains(org)) continue;
            try
            {
                if (await tenants.GetPersonAsync(org.Id, userId, ct) is { } person) people.Add(person);
            }
            catch (CollaborationTenantException e)
            {
                log.LogWarning("Directory of {Organisation} could not be read (transient: {Transient})", org.Id, e.IsTransient);
                unavailable.Add(org);
            }
        }
        return new PeopleFound(people, unavailable);
    }

    /// <summary>How a person is named in a choice: "organisation|user", unique across tenants.</summary>
    public static string Key(DirectoryPerson p) => $"{p.OrganisationId}|{p.UserId}";

    public static (string OrganisationId, string UserId)? ParseKey(string value) =>
        value.Split('|') is [{ Length: > 0 } org, { Length: > 0 } user] ? (org, user) : null;

    public static List<DirectoryPerson> Sorted(IEnumerable<DirectoryPerson> people) =>
        people.OrderBy(p => p.DisplayName, DanishNames).ThenBy(p => p.Email, DanishNames).ToList();
}

/// <summary>What a search found, and the organisations whose directory did not answer.</summary>
public sealed record PeopleFound(IReadOnlyList<DirectoryPerson> People, IReadOnlyList<Organisation> Unavailable)
{
    public static PeopleFound None { get; } = new([], []);
}
