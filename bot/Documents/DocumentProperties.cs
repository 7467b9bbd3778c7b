using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.CustomProperties;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.VariantTypes;

namespace TeamsCoordinator.Documents;

/// <summary>
/// The custom document properties every kept version carries, so the Word add-in knows which forløb, kind and
/// version an open document is (Word: File → Info → Properties → Advanced → Custom). Ids only, never the citizen.
/// </summary>
public static class DocumentProperties
{
    public const string CaseId = "TeamsCoordinator.CaseId";
    public const string Kind = "TeamsCoordinator.DocumentKind";
    public const string Version = "TeamsCoordinator.Version";

    /// <summary>The format id Office uses for user-defined properties.</summary>
    private const string UserDefinedFormatId = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}";

    /// <summary>The document with the three properties set (replacing earlier values, keeping any other property).</summary>
    public static byte[] Stamp(byte[] docx, long caseId, string kind, int version)
    {
        using var stream = new MemoryStream();
        stream.Write(docx);
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            var part = document.CustomFilePropertiesPart ?? document.AddCustomFilePropertiesPart();
            part.Properties ??= new Properties();
            var properties = part.Properties;
            Set(properties, CaseId, caseId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Set(properties, Kind, kind);
            Set(properties, Version, version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            properties.Save();
        }
        return stream.ToArray();
    }

    /// <summary>The three properties as the document has them (null where missing).</summary>
    public static (string? CaseId, string? Kind, string? Version) Read(byte[] docx)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx, writable: false), false);
        var properties = document.CustomFilePropertiesPart?.Properties;
        string? Get(string name) => properties?.Elements<CustomDocumentProperty>().FirstOrDefault(p => p.Name?.Value == name)?.InnerText;
        return (Get(CaseId), Get(Kind), Get(Version));
    }

    private static void Set(Properties properties, string name, string value)
    {
        properties.Elements<CustomDocumentProperty>().FirstOrDefault(p => p.Name?.Value == name)?.Remove();
        // Property ids start at 2 and must be unique in the part.
        var next = properties.Elements<CustomDocumentProperty>().Select(p => p.PropertyId?.Value ?? 1).DefaultIfEmpty(1).Max() + 1;
        properties.AppendChild(new CustomDocumentProperty(new VTLPWSTR(value)) { FormatId = UserDefinedFormatId, PropertyId = next, Name = name });
    }
}
