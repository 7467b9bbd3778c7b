using TeamsCoordinator.Documents.Templates;
using TeamsCoordinator.Documents.Forms;

namespace TeamsCoordinator.TemplateBuilder;

/// <summary>The three templates we ship, built from code so they can be reviewed, regenerated and compared.</summary>
public static class BuiltInTemplates
{
    public sealed record Built(string FileName, TemplateSchema Schema, Func<FieldMarkup, byte[]> Build);

    public static readonly IReadOnlyList<Built> All =
    [
        new(KipForm.Schema.FileName, KipForm.Schema, KipTemplate.Build),
        new(KriseplanForm.Schema.FileName, KriseplanForm.Schema, KriseplanTemplate.Build),
        new(ReferatForm.Schema.FileName, ReferatForm.Schema, ReferatTemplate.Build),
    ];

    /// <summary>The KIP in docxtemplater's syntax, for the side-by-side benchmark.</summary>
    public const string DocxtemplaterKipFileName = "KIP-docxtemplater.docx";
}
