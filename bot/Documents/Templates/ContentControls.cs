using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Office2013.Word;
using DocumentFormat.OpenXml.Wordprocessing;

namespace TeamsCoordinator.Documents.Templates;

/// <summary>Reading and writing Word content controls (<c>w:sdt</c>) at any of their four levels.</summary>
internal static class ContentControls
{
    public static OpenXmlCompositeElement? Content(SdtElement sdt) => sdt switch
    {
        SdtBlock b => b.SdtContentBlock,
        SdtRun r => r.SdtContentRun,
        SdtCell c => c.SdtContentCell,
        SdtRow r => r.SdtContentRow,
        _ => null,
    };

    public static string? RawTag(SdtElement sdt) => sdt.SdtProperties?.GetFirstChild<Tag>()?.Val?.Value;

    public static string? Alias(SdtElement sdt) => sdt.SdtProperties?.GetFirstChild<SdtAlias>()?.Val?.Value;

    public static bool IsRepeatingSectionItem(OpenXmlElement element) =>
        element is SdtElement sdt && sdt.SdtProperties?.GetFirstChild<SdtRepeatedSectionItem>() is not null;

    public static ControlKind Kind(SdtElement sdt)
    {
        var pr = sdt.SdtProperties;
        if (pr is null) return ControlKind.Text;
        if (pr.GetFirstChild<SdtContentDate>() is not null) return ControlKind.Date;
        if (pr.GetFirstChild<SdtContentDropDownList>() is not null) return ControlKind.DropDown;
        if (pr.GetFirstChild<SdtContentComboBox>() is not null) return ControlKind.ComboBox;
        return ControlKind.Text;
    }

    public static IReadOnlyList<string> Choices(SdtElement sdt)
    {
        var pr = sdt.SdtProperties;
        OpenXmlElement? list = (OpenXmlElement?)pr?.GetFirstChild<SdtContentDropDownList>() ?? pr?.GetFirstChild<SdtContentComboBox>();
        return list is null ? [] : [.. list.Elements<ListItem>().Select(i => i.DisplayText?.Value ?? i.Value?.Value ?? "")];
    }

    /// <summary>Word's built-in placeholder style, under its English and Danish style ids.</summary>
    public static bool IsPlaceholderStyle(string? styleId) =>
        styleId is not null && (styleId.Contains("Placeholder", StringComparison.OrdinalIgnoreCase)
                                || styleId.Contains("Pladsholder", StringComparison.OrdinalIgnoreCase));
}
