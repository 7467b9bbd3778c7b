using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace TeamsCoordinator.TemplateBuilder;

/// <summary>
/// The package around a form: A4 page, Danish language, real Word styles (Titel, Overskrift 1–2, Tabelgitter,
/// Pladsholdertekst, Opstilling med punkttegn), a header marking the document confidential and a footer with
/// the document's number and page numbers. Deterministic: the same body gives the same XML.
/// </summary>
public static class FormPackage
{
    public const int PageWidth = 11906;   // A4 in twentieths of a point
    public const int PageHeight = 16838;
    public const int Margin = 1134;       // 2 cm
    public const int TextWidth = PageWidth - 2 * Margin;
    public const int BulletNumberingId = 1;

    public static byte[] Create(string title, IEnumerable<OpenXmlElement> body, IEnumerable<OpenXmlElement> footerContent)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            AddStyles(main);
            AddSettings(main);
            AddNumbering(main);

            var header = main.AddNewPart<HeaderPart>("rIdHeader");
            header.Header = new Header(
                new Paragraph(
                    new ParagraphProperties(new ParagraphStyleId { Val = "Header" }),
                    new Run(new Text("Fortroligt – indeholder personoplysninger")),
                    new Run(new TabChar()),
                    new Run(new Text(title))));
            WithNamespaces(header.Header);

            var footer = main.AddNewPart<FooterPart>("rIdFooter");
            footer.Footer = new Footer(
                new Paragraph(new OpenXmlElement[] { new ParagraphProperties(new ParagraphStyleId { Val = "Footer" }) }
                    .Concat(footerContent).Append(new Run(new TabChar()))
                        .Append(new Run(new Text("Side ") { Space = SpaceProcessingModeValues.Preserve }))
                        .Append(new SimpleField(new Run(new Text("1"))) { Instruction = " PAGE " })
                        .Append(new Run(new Text(" af ") { Space = SpaceProcessingModeValues.Preserve }))
                        .Append(new SimpleField(new Run(new Text("1"))) { Instruction = " NUMPAGES " })));
            WithNamespaces(footer.Footer);

            main.Document = new Document(new Body(body.Append(new SectionProperties(
                new HeaderReference { Type = HeaderFooterValues.Default, Id = "rIdHeader" },
                new FooterReference { Type = HeaderFooterValues.Default, Id = "rIdFooter" },
                new PageSize { Width = PageWidth, Height = PageHeight },
                new PageMargin { Top = Margin, Bottom = Margin, Left = (uint)Margin, Right = (uint)Margin, Header = 567, Footer = 567, Gutter = 0 }))));
            WithNamespaces(main.Document);

            document.PackageProperties.Title = title;
            document.PackageProperties.Creator = "TeamsCoordinator";
            document.PackageProperties.Language = "da-DK";
        }
        return stream.ToArray();
    }

    /// <summary>w14/w15 are declared ignorable so Word 2007 and LibreOffice open the file without complaint.</summary>
    private static void WithNamespaces(OpenXmlPartRootElement root)
    {
        root.AddNamespaceDeclaration("w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
        root.AddNamespaceDeclaration("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
        root.AddNamespaceDeclaration("mc", "http://schemas.openxmlformats.org/markup-compatibility/2006");
        root.AddNamespaceDeclaration("w14", "http://schemas.microsoft.com/office/word/2010/wordml");
        root.AddNamespaceDeclaration("w15", "http://schemas.microsoft.com/office/word/2012/wordml");
        root.MCAttributes = new MarkupCompatibilityAttributes { Ignorable = "w14 w15" };
    }

    private static void AddStyles(MainDocumentPart main)
    {
        var part = main.AddNewPart<StyleDefinitionsPart>();
        part.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri", EastAsia = "Calibri", ComplexScript = "Calibri" },
                    new FontSize { Val = "22" },
                    new FontSizeComplexScript { Val = "22" },
                    new Languages { Val = "da-DK", EastAsia = "en-US", Bidi = "ar-SA" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                    new SpacingBetweenLines { After = "120", Line = "264", LineRule = LineSpacingRuleValues.Auto }))),
            ParagraphStyle("Normal", "Normal", isDefault: true),
            ParagraphStyle("Title", "Title", basedOn: "Normal", next: "Normal",
                paragraph: new StyleParagraphProperties(new SpacingBetweenLines { After = "240" }),
                run: new StyleRunProperties(new Bold(), new Color { Val = "1F3864" }, new FontSize { Val = "40" }, new FontSizeComplexScript { Val = "40" })),
            ParagraphStyle("Heading1", "heading 1", basedOn: "Normal", next: "Normal",
                paragraph: new StyleParagraphProperties(new KeepNext(), new KeepLines(),
                    new SpacingBetweenLines { Before = "360", After = "120" }, new OutlineLevel { Val = 0 }),
                run: new StyleRunProperties(new Bold(), new Color { Val = "1F3864" }, new FontSize { Val = "28" }, new FontSizeComplexScript { Val = "28" })),
            ParagraphStyle("Heading2", "heading 2", basedOn: "Normal", next: "Normal",
                paragraph: new StyleParagraphProperties(new KeepNext(), new KeepLines(),
                    new SpacingBetweenLines { Before = "240", After = "80" }, new OutlineLevel { Val = 1 }),
                run: new StyleRunProperties(new Bold(), new Color { Val = "2F5496" }, new FontSize { Val = "24" }, new FontSizeComplexScript { Val = "24" })),
            ParagraphStyle("Header", "header", basedOn: "Normal",
                paragraph: new StyleParagraphProperties(
                    new Tabs(new TabStop { Val = TabStopValues.Right, Position = TextWidth }),
                    new SpacingBetweenLines { After = "0" }),
                run: new StyleRunProperties(new Color { Val = "595959" }, new FontSize { Val = "18" }, new FontSizeComplexScript { Val = "18" })),
            ParagraphStyle("Footer", "footer", basedOn: "Header"),
            ParagraphStyle("ListBullet", "List Bullet", basedOn: "Normal",
                paragraph: new StyleParagraphProperties(
                    new NumberingProperties(new NumberingId { Val = BulletNumberingId }),
                    new SpacingBetweenLines { After = "60" })),
            ParagraphStyle("Notice", "Notice", basedOn: "Normal", custom: true,
                paragraph: new StyleParagraphProperties(
                    new ParagraphBorders(new LeftBorder { Val = BorderValues.Single, Size = 24, Space = 4, Color = "C00000" }),
                    new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = "FBE4E4" }),
                run: new StyleRunProperties(new Bold())),
            ParagraphStyle("FieldLabel", "Field Label", basedOn: "Normal", custom: true,
                paragraph: new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { After = "0" }),
                run: new StyleRunProperties(new Bold())),
            new Style(
                new StyleName { Val = "Default Paragraph Font" }, new UIPriority { Val = 1 }, new SemiHidden(), new UnhideWhenUsed())
            { Type = StyleValues.Character, StyleId = "DefaultParagraphFont", Default = true },
            new Style(
                new StyleName { Val = "Placeholder Text" }, new BasedOn { Val = "DefaultParagraphFont" },
                new UIPriority { Val = 99 }, new SemiHidden(),
                new StyleRunProperties(new Color { Val = "808080" }))
            { Type = StyleValues.Character, StyleId = "PlaceholderText" },
            new Style(
                new StyleName { Val = "Normal Table" }, new UIPriority { Val = 99 }, new SemiHidden(), new UnhideWhenUsed(),
                new StyleTableProperties(
                    new TableIndentation { Width = 0, Type = TableWidthUnitValues.Dxa },
                    new TableCellMarginDefault(
                        new TopMargin { Width = "0", Type = TableWidthUnitValues.Dxa },
                        new TableCellLeftMargin { Width = 108, Type = TableWidthValues.Dxa },
                        new BottomMargin { Width = "0", Type = TableWidthUnitValues.Dxa },
                        new TableCellRightMargin { Width = 108, Type = TableWidthValues.Dxa })))
            { Type = StyleValues.Table, StyleId = "TableNormal", Default = true },
            new Style(
                new StyleName { Val = "Table Grid" }, new BasedOn { Val = "TableNormal" }, new UIPriority { Val = 39 },
                new StyleParagraphProperties(new SpacingBetweenLines { Before = "40", After = "40", Line = "240", LineRule = LineSpacingRuleValues.Auto }),
                new StyleTableProperties(new TableBorders(
                    new TopBorder { Val = BorderValues.Single, Size = 4, Space = 0, Color = "A6A6A6" },
                    new LeftBorder { Val = BorderValues.Single, Size = 4, Space = 0, Color = "A6A6A6" },
                    new BottomBorder { Val = BorderValues.Single, Size = 4, Space = 0, Color = "A6A6A6" },
                    new RightBorder { Val = BorderValues.Single, Size = 4, Space = 0, Color = "A6A6A6" },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4, Space = 0, Color = "A6A6A6" },
                    new InsideVerticalBorder { Val = BorderValues.Single, Size = 4, Space = 0, Color = "A6A6A6" })))
            { Type = StyleValues.Table, StyleId = "TableGrid" });
    }

    private static Style ParagraphStyle(
        string id, string name, bool isDefault = false, string? basedOn = null, string? next = null, bool custom = false,
        StyleParagraphProperties? paragraph = null, StyleRunProperties? run = null)
    {
        var style = new Style { Type = StyleValues.Paragraph, StyleId = id };
        if (isDefault) style.Default = true;
        if (custom) style.CustomStyle = true;
        style.AppendChild(new StyleName { Val = name });
        if (basedOn is not null) style.AppendChild(new BasedOn { Val = basedOn });
        if (next is not null) style.AppendChild(new NextParagraphStyle { Val = next });
        style.AppendChild(new PrimaryStyle());
        if (paragraph is not null) style.AppendChild(paragraph);
        if (run is not null) style.AppendChild(run);
        return style;
    }

    private static void AddSettings(MainDocumentPart main)
    {
        var part = main.AddNewPart<DocumentSettingsPart>();
        part.Settings = new Settings(
            new DefaultTabStop { Val = 1304 },
            new CharacterSpacingControl { Val = CharacterSpacingValues.DoNotCompress },
            new Compatibility(new CompatibilitySetting
            {
                Name = CompatSettingNameValues.CompatibilityMode,
                Uri = "http://schemas.microsoft.com/office/word",
                Val = "15",
            }),
            new ThemeFontLanguages { Val = "da-DK" },
            new DecimalSymbol { Val = "," },
            new ListSeparator { Val = ";" });
    }

    private static void AddNumbering(MainDocumentPart main)
    {
        var part = main.AddNewPart<NumberingDefinitionsPart>();
        part.Numbering = new Numbering(
            new AbstractNum(
                new MultiLevelType { Val = MultiLevelValues.SingleLevel },
                new Level(
                    new StartNumberingValue { Val = 1 },
                    new NumberingFormat { Val = NumberFormatValues.Bullet },
                    new LevelText { Val = "•" },
                    new LevelJustification { Val = LevelJustificationValues.Left },
                    new PreviousParagraphProperties(new Indentation { Left = "360", Hanging = "360" }))
                { LevelIndex = 0 })
            { AbstractNumberId = 1 },
            new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = BulletNumberingId });
    }
}
