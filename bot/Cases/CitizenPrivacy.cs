using System.Text.RegularExpressions;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Cases;

/// <summary>
/// What identifies the citizen, as text to keep off cards: anything shaped like a CPR number, and the citizen's
/// name (whole, or a part of three letters or more as a word), address, phone and e-mail, as the forløb holds them
/// or as someone just typed them into the identity fields of a form.
/// </summary>
public sealed class CitizenIdentity
{
    /// <summary>The identity fields of the "ny borger" form: what is typed there is the citizen's identity by definition.</summary>
    public static readonly IReadOnlyList<string> IdentityInputs = ["citizenName", "citizenCpr", "citizenAddress", "citizenPhone", "citizenEmail"];

    private readonly List<string> _values = [];
    private readonly List<Regex> _words = [];

    public CitizenIdentity(ProtectedCitizen? citizen, IReadOnlyDictionary<string, string>? typed)
    {
        foreach (var value in new[] { citizen?.FullName, citizen?.Cpr, citizen?.Address, citizen?.Phone, citizen?.Email }
                     .Concat(IdentityInputs.Select(i => typed?.GetValueOrDefault(i))))
            if (value?.Trim() is { Length: >= 3 } v) _values.Add(v);
        foreach (var name in new[] { citizen?.FullName, typed?.GetValueOrDefault("citizenName") })
            foreach (var part in (name ?? "").Split(' ', '-', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(p => p.Length >= 3))
                _words.Add(new Regex($@"(?<!\w){Regex.Escape(part)}(?!\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));
    }

    public bool IsIn(string? text) =>
        text is { Length: > 0 } && (CaseLabel.LooksLikeCpr(text) || _values.Any(v => text.Contains(v, StringComparison.OrdinalIgnoreCase)) || _words.Any(w => w.IsMatch(text)));
}

/// <summary>
/// The one place that keeps the citizen's identity off a form the bot shows again: a refused or searched form comes
/// back with what was typed, in a card Teams keeps in the conversation, and no field of it may then hold a CPR-shaped
/// value or the citizen's name, address, phone or e-mail. Those fields are emptied and the card says why, in Danish.
/// Applied to every card answering a click (<c>CoordinatorBot</c>), so every form that shows input again is covered.
/// </summary>
public sealed class CitizenPrivacy(CoordinatorDb db)
{
    public static string Cleared(IEnumerable<string> labels) =>
        $"Jeg har tømt {string.Join(", ", labels.Distinct().Select(l => $"»{l}«"))}, fordi de indeholdt et CPR-nummer eller borgerens navn, adresse, telefon eller e-mail. " +
        "Kortet bliver stående i Teams, så borgerens identitet vises ikke på det. Skriv det igen, hvis det skal med.";

    public async Task<AdaptiveCardInvokeResponse> ScrubAsync(AdaptiveCardInvokeResponse response, CardActionInvoke action, CancellationToken ct)
    {
        if (response.Value is not AdaptiveCard card) return response;
        // The forløb the card belongs to: usually tracked already by the handler, so no second query.
        var citizen = long.TryParse(action.Get("caseId"), out var caseId) ? (await db.Set<CitizenCase>().FindAsync([caseId], ct))?.Citizen : null;
        var scrubbed = Scrub(card, new CitizenIdentity(citizen, action.Data));
        return ReferenceEquals(scrubbed, card) ? response : response with { Value = scrubbed };
    }

    /// <summary>The card with every identifying input value emptied and a notice naming those fields; the same card when there is none.</summary>
    public static AdaptiveCard Scrub(AdaptiveCard card, CitizenIdentity identity)
    {
        var cleared = new List<string>();
        // Free text only: choices, dates and toggles hold the bot's own values (ids, which may contain ten digits in a row).
        var scrubbed = card.MapInputs(input =>
        {
            if (input is not TextInput text || !identity.IsIn(text.Value)) return input;
            cleared.Add(input.Label ?? input.Id ?? "et felt");
            return text with { Value = null };
        });
        if (cleared.Count == 0) return card;
        var notice = CaseCards.Problem(Cleared(cleared));
        var afterHeading = scrubbed.Body.Count > 0 && scrubbed.Body[0] is TextBlock { Style: "heading" } ? 1 : 0;
        return scrubbed with { Body = [.. scrubbed.Body.Take(afterHeading), .. notice, .. scrubbed.Body.Skip(afterHeading)] };
    }
}
