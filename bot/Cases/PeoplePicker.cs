using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Documents.Templates;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Cases;

/// <summary>
/// The people a form offers as choices: those already chosen on it, plus a search's matches or, before any search,
/// each directory's first page. <see cref="Searched"/>: a search ran and found <see cref="People"/> beyond the chosen.
/// </summary>
public sealed record PeopleOffered(IReadOnlyList<DirectoryPerson> People, IReadOnlyList<Organisation> Unavailable, bool Searched = false, bool FoundAny = true);

/// <summary>
/// People search on a card, the Adaptive Cards 1.5 way: a text box and a "Søg" button (Action.Execute) that answers
/// with the same form, its values kept and the matches as choices. Teams' dynamic typeahead (Input.ChoiceSet
/// "choices.data" Data.Query, invoke "application/search") would be nicer, but it is an Adaptive Cards 1.6 property:
/// Microsoft's adaptivecards renderer at Teams' bot-card version 1.5 reports it as unsupported, so it is not used.
/// </summary>
public static class PeoplePicker
{
    public const string QueryInput = "personQuery";

    /// <summary>
    /// What a form offers: the chosen people (resolved, so their names show) and the matches for <paramref name="rawQuery"/>
    /// (null: not a search; each directory's first page). A query that cannot be searched gives a Danish problem.
    /// </summary>
    public static async Task<(PeopleOffered Offered, string? Problem)> OfferAsync(PeopleSearch search, IReadOnlyList<Organisation> organisations,
        IEnumerable<string> chosenKeys, string? rawQuery, CancellationToken ct)
    {
        var chosen = await search.ResolveAsync(chosenKeys, organisations, ct);
        var query = rawQuery is null ? "" : PeopleSearch.Normalize(rawQuery);
        var problem = rawQuery is null ? null : PeopleSearch.Problem(query);
        var found = await search.FindAsync(organisations, problem is null ? query : "", ct);
        var searched = rawQuery is not null && problem is null;
        var people = PeopleSearch.Sorted(chosen.People.Concat(found.People).DistinctBy(PeopleSearch.Key));
        return (new PeopleOffered(people, [.. chosen.Unavailable.Union(found.Unavailable)], searched, found.People.Count > 0), problem);
    }

    /// <summary>The search box, its "Søg" button (all the form's inputs go along, so nothing typed is lost) and what it found.</summary>
    public static IEnumerable<CardElement> SearchBox(string verb, Dictionary<string, string> data, string? query, PeopleOffered offered)
    {
        yield return new TextInput
        {
            Id = QueryInput, Label = "Søg efter person", MaxLength = PeopleSearch.MaxQueryLength, Value = query,
            Placeholder = "Begyndelsen af for- eller efternavn eller e-mail, fx Mette",
        };
        yield return new ActionSet([new ExecuteAction("Søg", verb, data)]);
        yield return TextBlock.Subtle(!offered.Searched
            ? "Listerne viser de første personer fra hver organisation. Søg for at finde andre."
            : offered.FoundAny
                ? "Søgeresultatet kan vælges herunder."
                : "Ingen personer fundet. Prøv med begyndelsen af for- eller efternavnet eller e-mailadressen.");
        if (offered.Unavailable.Count > 0)
            yield return new Container([new TextBlock(
                $"{DanishFormat.Enumeration([.. offered.Unavailable.Select(o => o.Name)])} kunne ikke søges i lige nu, fordi organisationens Microsoft 365 ikke svarer. " +
                "Personer fra de andre organisationer vises; prøv igen om lidt.") { Color = "Warning" }]) { Style = "warning" };
    }

    /// <summary>
    /// The list of people to choose from, or (when a search found nobody to offer) a line saying so: Adaptive Cards
    /// do not allow a choice set without choices.
    /// </summary>
    public static CardElement ListOrNobody(ChoiceSetInput list) =>
        list.Choices.Count > 0 ? list : TextBlock.Subtle($"{list.Label}: ingen at vælge imellem. Søg efter personen herover.");

    /// <summary>The chosen values (comma-separated) that are still among the choices; null when none is.</summary>
    public static string? StillChoosable(string? chosen, IReadOnlyList<Choice> choices)
    {
        var kept = (chosen ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(v => choices.Any(c => c.Value == v)).Distinct().ToList();
        return kept.Count == 0 ? null : string.Join(',', kept);
    }

    public static string Title(DirectoryPerson p, IReadOnlyDictionary<string, string> organisationNames) =>
        $"{p.DisplayName} ({organisationNames.GetValueOrDefault(p.OrganisationId, p.OrganisationId)})";
}
