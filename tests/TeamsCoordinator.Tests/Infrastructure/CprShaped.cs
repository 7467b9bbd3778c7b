using System.Text.RegularExpressions;

namespace TeamsCoordinator.Tests.Infrastructure;

/// <summary>
/// The privacy scans' CPR detector: ten digits (ddmmyy-xxxx) bounded by letters as well as digits, because the bot's
/// own hex ids (a form's id in a card's data) may hold ten digits in a row by chance. The bot's own check
/// (<c>CaseLabel.LooksLikeCpr</c>) is stricter on purpose: it refuses such text where a person typed it.
/// </summary>
public static partial class CprShaped
{
    /// <summary>The first CPR-shaped number in the text, or null.</summary>
    public static string? In(string text) => Pattern().Match(text) is { Success: true } m ? m.Value : null;

    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{6}[\s\-]?\d{4}(?![0-9A-Za-z])")]
    private static partial Regex Pattern();
}
