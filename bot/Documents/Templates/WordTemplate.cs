using System.IO.Compression;
using System.IO.Packaging;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace TeamsCoordinator.Documents.Templates;

/// <summary>
/// A Word template, read once and filled many times. Fields are content controls tagged with the field name
/// (<c>Navn</c>, <c>repeat:Indsatser</c>, <c>if:Paaroerende</c>) or <c>{felt}</c> typed into the text.
/// Filling is thread-safe: each fill works on its own copy of the parts that hold text.
/// </summary>
/// <remarks>
/// Why a fill does not open the package: the template's package is read once, here. A fill clones the parsed parts
/// that hold text (body, headers, footers) instead of parsing their XML again, and writes a new package: those parts
/// serialized straight into the zip, every other part copied as the template has it. Opening a copy of the package
/// for update instead re-parsed the XML, buffered every rewritten part uncompressed and copied the whole archive on
/// save: twice the time of the fill itself (bench/documents).
/// </remarks>
public sealed class WordTemplate
{
    private readonly uint firstFreeSdtId;
    private readonly PackageEntry[] entries;
    private readonly OpenXmlPartRootElement[] roots;

    private WordTemplate(byte[] package, uint firstFreeSdtId, IReadOnlyList<TemplateField> fields, IReadOnlyList<string> flaws)
    {
        this.firstFreeSdtId = firstFreeSdtId;
        (entries, roots) = Read(package);
        Fields = fields;
        Flaws = flaws;
    }

    /// <summary>A zip entry of the template: its bytes as they are, or the index of the text part written in its place.</summary>
    private sealed record PackageEntry(string Name, byte[] Content, int Root);

    /// <summary>Every tagged place in the template, nested as in the document (body, then headers and footers).</summary>
    public IReadOnlyList<TemplateField> Fields { get; }

    /// <summary>What is wrong with the template itself (malformed placeholders), as Danish sentences.</summary>
    public IReadOnlyList<string> Flaws { get; }

    public static WordTemplate Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new TemplateException($"Skabelonen »{Path.GetFileName(path)}« kan ikke læses: {e.Message}");
        }
        return Load(bytes, Path.GetFileName(path));
    }

    public static WordTemplate Load(byte[] docx, string name = "skabelonen")
    {
        var flaws = new List<string>();
        var created = new HashSet<SdtElement>(ReferenceEqualityComparer.Instance);
        using var stream = new MemoryStream();
        stream.Write(docx);
        stream.Position = 0;
        List<TemplateField> fields;
        uint nextId;
        try
        {
            using var document = WordprocessingDocument.Open(stream, true);
            if (document.MainDocumentPart?.Document?.Body is null)
                throw new TemplateException($"»{name}« er ikke et Word-dokument med indhold.");
            if (document.DocumentType != WordprocessingDocumentType.Document)
                document.ChangeDocumentType(WordprocessingDocumentType.Document);

            var roots = Roots(document).ToList();
            nextId = FirstFreeId(roots);
            var id = nextId;
            foreach (var root in roots)
            {
                var before = root.Descendants<SdtRun>().ToHashSet();
                TypedPlaceholders.Convert(root, () => id++, flaws);
                foreach (var sdt in root.Descendants<SdtRun>()) if (!before.Contains(sdt)) created.Add(sdt);
            }
            nextId = id;
            fields = [.. roots.SelectMany(root => Collect(root, created))];
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or InvalidDataException
                                      or System.Xml.XmlException or InvalidOperationException)
        {
            throw new TemplateException($"»{name}« kan ikke åbnes som Word-dokument (.docx): filen er beskadiget eller har et andet format.");
        }
        return new WordTemplate(stream.ToArray(), nextId, fields, flaws);
    }

    /// <summary>Fills a copy of the template. Never throws for data that does not fit: that goes into the problems.</summary>
    public FillResult Fill(DocumentData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var filler = new TemplateFiller(data, firstFreeSdtId);
        var filled = new OpenXmlPartRootElement[roots.Length];
        for (var i = 0; i < roots.Length; i++)
        {
            filled[i] = (OpenXmlPartRootElement)roots[i].CloneNode(true);
            filler.Fill(filled[i] is Document document ? document.Body! : filled[i]);
        }

        var output = new MemoryStream(16 * 1024);
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                using var stream = zip.CreateEntry(entry.Name, CompressionLevel.Fastest).Open();
                if (entry.Root >= 0) filled[entry.Root].Save(stream);
                else stream.Write(entry.Content);
            }
        }
        return new FillResult(output.ToArray(), filler.Finish());
    }

    /// <summary>The template's zip entries, and its text parts parsed (in <see cref="Roots"/> order) to be cloned by every fill.</summary>
    private static (PackageEntry[], OpenXmlPartRootElement[]) Read(byte[] package)
    {
        var roots = new List<OpenXmlPartRootElement>();
        var rootEntries = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var document = WordprocessingDocument.Open(new MemoryStream(package, writable: false), false))
        {
            var main = document.MainDocumentPart!;
            void Add(OpenXmlPart part, OpenXmlPartRootElement root)
            {
                // Parsed through now: elements parse their children lazily, and fills clone them from many threads.
                foreach (var _ in root.Descendants()) { }
                rootEntries[part.Uri.OriginalString.TrimStart('/')] = roots.Count;
                roots.Add(root);
            }
            Add(main, main.Document);
            foreach (var header in main.HeaderParts) Add(header, header.Header);
            foreach (var footer in main.FooterParts) Add(footer, footer.Footer);
        }

        using var zip = new ZipArchive(new MemoryStream(package, writable: false), ZipArchiveMode.Read);
        var entries = zip.Entries.Select(e =>
        {
            if (rootEntries.TryGetValue(e.FullName, out var root)) return new PackageEntry(e.FullName, [], root);
            using var content = new MemoryStream();
            using (var stream = e.Open()) stream.CopyTo(content);
            return new PackageEntry(e.FullName, content.ToArray(), -1);
        }).ToArray();
        if (entries.Count(e => e.Root >= 0) != roots.Count) throw new InvalidDataException("A part that holds text was not found in the package.");
        return (entries, [.. roots]);
    }

    /// <summary>The parts that hold text: body first, so problems are reported in reading order.</summary>
    internal static IEnumerable<OpenXmlCompositeElement> Roots(WordprocessingDocument document)
    {
        var main = document.MainDocumentPart!;
        yield return main.Document.Body!;
        foreach (var header in main.HeaderParts) yield return header.Header;
        foreach (var footer in main.FooterParts) yield return footer.Footer;
    }

    private static uint FirstFreeId(IEnumerable<OpenXmlCompositeElement> roots)
    {
        var max = 0;
        foreach (var root in roots)
            foreach (var id in root.Descendants<SdtId>())
                if (id.Val?.Value is { } value && value > max) max = value;
        return max >= int.MaxValue - 100_000 ? 1u : (uint)max + 1;
    }

    private static IEnumerable<TemplateField> Collect(OpenXmlElement parent, HashSet<SdtElement> typed)
    {
        foreach (var child in parent.ChildElements)
        {
            if (child is SdtElement sdt)
            {
                var content = ContentControls.Content(sdt);
                var inner = content is null ? [] : Collect(content, typed).ToList();
                if (TemplateTag.Parse(ContentControls.RawTag(sdt)) is { } tag)
                {
                    var kind = typed.Contains(sdt) ? ControlKind.TypedPlaceholder : ContentControls.Kind(sdt);
                    yield return new TemplateField(tag.Role, tag.Name, ContentControls.Alias(sdt), kind, ContentControls.Choices(sdt), inner);
                }
                else
                {
                    foreach (var field in inner) yield return field;
                }
            }
            else if (child is not (Run or OpenXmlLeafElement) && child.HasChildren)
            {
                foreach (var field in Collect(child, typed)) yield return field;
            }
        }
    }
}

/// <summary>A template that cannot be used at all; the message is Danish and meant for the user.</summary>
public sealed class TemplateException(string message) : Exception(message);
