using System.Text.RegularExpressions;

namespace TeamsCoordinator.Cases;

/// <summary>
/// The only way a citizen is named outside documents: initials and a case number ("AB · F-2026-0042").
/// Anything that looks like a CPR number or a full name is refused where a label belongs.
/// </summary>
public static partial class CaseLabel
{
    public static string Format(string initials, string caseNumber) => $"{initials} · {caseNumber}";

    /// <summary>Null when valid, else a Danish explanation.</summary>
    public static string? Problem(string? initials, string? caseNumber)
    {
        initials = initials?.Trim() ?? "";
        caseNumber = caseNumber?.Trim() ?? "";
        if (LooksLikeCpr(initials) || LooksLikeCpr(caseNumber))
            return "Et CPR-nummer må ikke bruges som initialer eller sagsnummer. Brug borgerens initialer og et sagsnummer.";
        if (!Initials().IsMatch(initials))
            return "Initialer skal være 2-4 bogstaver (fx \"AB\"), ikke borgerens navn.";
        if (!CaseNumber().IsMatch(caseNumber))
            return "Sagsnummeret må kun indeholde bogstaver, tal og bindestreg (højst 20 tegn), fx \"F-2026-0042\".";
        return null;
    }

    /// <summary>Ten digits, optionally with a dash or space after the sixth (ddmmyy-xxxx), anywhere in the text.</summary>
    public static bool LooksLikeCpr(string text) => Cpr().IsMatch(text);

    /// <summary>The text with every string <see cref="LooksLikeCpr"/> finds taken out (what may go to a language model).</summary>
    public static string WithoutCpr(string text) => Cpr().Replace(text, "");

    [GeneratedRegex(@"^[A-ZÆØÅa-zæøå]{2,4}$")]
    private static partial Regex Initials();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9\-]{0,19}$")]
    private static partial Regex CaseNumber();

    [GeneratedRegex(@"(?<!\d)\d{6}[\s\-]?\d{4}(?!\d)")]
    private static partial Regex Cpr();
}
