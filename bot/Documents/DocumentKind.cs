using TeamsCoordinator.Cases;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Documents.Templates;

namespace TeamsCoordinator.Documents;

/// <summary>
/// A kind of document the bot makes for a forløb. <see cref="Key"/> is the stored files' document key: every
/// version of a kind in a forløb shares it, and the version number counts per key.
/// </summary>
public sealed record DocumentKind(string Key, string Title, InformationKind Information, TemplateSchema Schema)
{
    public static readonly DocumentKind Kip = new("kip", "KIP", InformationKind.Plans, KipForm.Schema);
    public static readonly DocumentKind Kriseplan = new("kriseplan", "Kriseplan", InformationKind.CrisisPlan, KriseplanForm.Schema);
    /// <summary>The forløb's own referat; a meeting's referat (a later feature) gets the key "referat:{meeting id}".</summary>
    public static readonly DocumentKind Referat = new("referat", "Referat", InformationKind.Minutes, ReferatForm.Schema);

    public static readonly IReadOnlyList<DocumentKind> All = [Kip, Kriseplan, Referat];

    public static DocumentKind? ByKey(string? key) => All.FirstOrDefault(k => string.Equals(k.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>"KIP AB F-2026-0042 v3.docx": the forløb's label, never the citizen's name.</summary>
    public string FileName(CitizenCase c, int version)
    {
        var label = string.Concat($"{c.Initials} {c.CaseNumber}".Select(ch => Path.GetInvalidFileNameChars().Contains(ch) || ch is '/' or '\\' or ':' ? '-' : ch));
        return $"{Title} {label} v{version}.docx";
    }
}
