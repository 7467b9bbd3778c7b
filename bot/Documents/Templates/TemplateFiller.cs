using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace TeamsCoordinator.Documents.Templates;

/// <summary>
/// One fill of one template: walks a part's XML, fills tagged content controls from the data, repeats and drops
/// sections, and keeps every content control so the Word add-in can find and refresh it later.
/// </summary>
internal sealed class TemplateFiller(DocumentData data, uint firstFreeSdtId)
{
    private readonly FillUsage usage = new();
    private readonly ProblemCollector problems = new();
    private readonly FillScope top = FillScope.Top(data);
    private uint nextSdtId = firstFreeSdtId;
    private bool removedSomething;

    public void Fill(OpenXmlCompositeElement root)
    {
        removedSomething = false;
        ProcessChildren(root, top);
        if (removedSomething) WordStructure.Repair(root);
    }

    public IReadOnlyList<TemplateProblem> Finish()
    {
        ReportUnplacedData(data, "", "", "");
        return problems.ToProblems();
    }

    private void ProcessChildren(OpenXmlElement parent, FillScope scope)
    {
        var child = parent.FirstChild;
        while (child is not null)
        {
            var next = child.NextSibling();
            ProcessElement(child, scope);
            child = next;
        }
    }

    private void ProcessElement(OpenXmlElement element, FillScope scope)
    {
        switch (element)
        {
            case SdtElement sdt:
                ProcessContentControl(sdt, scope);
                return;
            // Nothing below these can hold a content control: skip them for speed.
            case Run or OpenXmlLeafElement or ParagraphProperties or RunProperties or TableProperties or TableGrid
                or TableRowProperties or TableCellProperties or SectionProperties:
                return;
        }
        if (element.HasChildren) ProcessChildren(element, scope);
    }

    private void ProcessContentControl(SdtElement sdt, FillScope scope)
    {
        var content = ContentControls.Content(sdt);
        if (content is null) return;
        if (TemplateTag.Parse(ContentControls.RawTag(sdt)) is not { } tag)
        {
            ProcessChildren(content, scope);
            return;
        }
        var label = ContentControls.Alias(sdt) is { Length: > 0 } alias ? alias : tag.Name;
        switch (tag.Role)
        {
            case FieldRole.Repeat:
                Repeat(content, tag.Name, label, scope);
                break;
            case FieldRole.If or FieldRole.IfNot:
                var value = scope.Lookup(tag.Name, usage);
                if (value is null) problems.ConditionWithoutData(scope, tag.Name, kept: tag.Role == FieldRole.IfNot);
                var truthy = value?.IsTruthy ?? false;
                if (truthy == (tag.Role == FieldRole.If)) ProcessChildren(content, scope);
                else
                {
                    sdt.Remove();
                    removedSomething = true;
                }
                break;
            default:
                FillField(sdt, content, tag.Name, label, scope);
                break;
        }
    }

    private void Repeat(OpenXmlCompositeElement content, string name, string label, FillScope scope)
    {
        var value = scope.Lookup(name, usage);
        if (value is null)
        {
            // The blank item stays so the user can fill it in Word; its fields are not reported one by one.
            problems.ListWithoutData(scope, name, label);
            return;
        }
        if (value is not ListValue list)
        {
            problems.ValueDoesNotFit(scope, name, $"»{label}« er en gentagelse i skabelonen og skal have en liste, men fik {Describe(value)}.");
            return;
        }
        if (list.Items.Count == 0) return; // an empty list leaves one blank item to fill in Word

        // A template saved after someone pressed "+" in Word holds several items: the first is the pattern.
        var pattern = content.ChildElements.FirstOrDefault(ContentControls.IsRepeatingSectionItem) is { } item
            ? [item]
            : content.ChildElements.ToArray();
        content.RemoveAllChildren();
        var number = 0;
        foreach (var record in list.Items)
        {
            number++;
            var itemScope = scope.Item(name, label, number, record);
            problems.CountItem(itemScope.ListPath);
            foreach (var element in pattern)
            {
                if (element is BookmarkStart or BookmarkEnd) continue; // a clone keeps no bookmarks
                var clone = element.CloneNode(true);
                content.AppendChild(clone);
                MakeCloneUnique(clone);
                ProcessElement(clone, itemScope);
            }
        }
    }

    private void FillField(SdtElement sdt, OpenXmlCompositeElement content, string name, string label, FillScope scope)
    {
        var value = scope.Lookup(name, usage);
        if (value is null || value.IsMissing)
        {
            problems.FieldWithoutData(scope, name, label);
            return;
        }
        if (value is ListValue)
        {
            problems.ValueDoesNotFit(scope, name, $"Feltet »{label}« er et enkelt felt, men fik en liste.");
            return;
        }

        var properties = sdt.SdtProperties!;
        string text;
        if (properties.GetFirstChild<SdtContentDate>() is { } datePicker)
        {
            (text, var date) = value switch
            {
                DateValue d => (DanishFormat.Date(d.Date), d.Date),
                MomentValue m => (DanishFormat.Date(DateOnly.FromDateTime(DanishFormat.LocalDateTime(m.Moment))),
                    DateOnly.FromDateTime(DanishFormat.LocalDateTime(m.Moment))),
                _ => (Render(value), (DateOnly?)null),
            };
            datePicker.FullDate = date is { } day ? new DateTime(day.Year, day.Month, day.Day, 0, 0, 0, DateTimeKind.Utc) : null;
        }
        else if (properties.GetFirstChild<SdtContentDropDownList>() is { } dropDown)
        {
            text = Render(value);
            if (FindChoice(dropDown, text) is not { } choice)
            {
                var choices = DanishFormat.Enumeration([.. dropDown.Elements<ListItem>().Select(i => i.DisplayText?.Value ?? i.Value?.Value ?? "")]);
                problems.ValueDoesNotFit(scope, name, $"Feltet »{label}« kan kun være {choices.Replace(" og ", " eller ")}, men fik »{text}«.");
                return;
            }
            text = choice.DisplayText?.Value ?? choice.Value?.Value ?? text;
            dropDown.LastValue = choice.Value?.Value ?? text;
        }
        else if (properties.GetFirstChild<SdtContentComboBox>() is { } comboBox)
        {
            text = Render(value);
            if (FindChoice(comboBox, text) is { } choice) text = choice.DisplayText?.Value ?? text;
            comboBox.LastValue = text;
        }
        else
        {
            text = Render(value);
            if (properties.GetFirstChild<SdtContentText>() is { } plain && text.Contains('\n')) plain.MultiLine = true;
        }

        if (!WriteText(content, text, TemplateRunProperties(properties, content)))
        {
            problems.TemplateFlaw(scope, name, $"Feltet »{label}« omslutter en række eller en tabel og kan ikke udfyldes; sæt feltet i et afsnit eller en celle.");
            return;
        }
        properties.RemoveAllChildren<ShowingPlaceholder>();
    }

    private static ListItem? FindChoice(OpenXmlElement list, string text)
    {
        var wanted = text.Trim();
        return list.Elements<ListItem>().FirstOrDefault(i =>
            string.Equals(i.DisplayText?.Value?.Trim(), wanted, StringComparison.OrdinalIgnoreCase)
            || string.Equals(i.Value?.Value?.Trim(), wanted, StringComparison.OrdinalIgnoreCase));
    }

    internal static string Render(FieldValue value) => value switch
    {
        TextValue t => t.Text,
        DateValue d => DanishFormat.Date(d.Date),
        MomentValue m => DanishFormat.Moment(m.Moment),
        YesNoValue y => DanishFormat.YesNo(y.Answer),
        _ => "",
    };

    private static string Describe(FieldValue value) => value switch
    {
        TextValue => "en tekst",
        DateValue or MomentValue => "en dato",
        YesNoValue => "et Ja/Nej",
        _ => "en liste",
    };

    /// <summary>The formatting the template gives the field's text, without Word's grey placeholder style.</summary>
    private static RunProperties? TemplateRunProperties(SdtProperties properties, OpenXmlCompositeElement content)
    {
        var source = properties.GetFirstChild<RunProperties>() ?? content.Descendants<Run>().FirstOrDefault()?.RunProperties;
        if (source is null) return null;
        var runProperties = (RunProperties)source.CloneNode(true);
        if (ContentControls.IsPlaceholderStyle(runProperties.RunStyle?.Val?.Value)) runProperties.RunStyle = null;
        return runProperties.HasChildren ? runProperties : null;
    }

    /// <summary>Replaces the control's content with the text; false when the control wraps something text cannot replace.</summary>
    private static bool WriteText(OpenXmlCompositeElement content, string text, RunProperties? runProperties)
    {
        switch (content)
        {
            case SdtContentRun:
                content.RemoveAllChildren();
                content.AppendChild(WordText.Run(text, runProperties));
                return true;
            case SdtContentBlock:
                if (content.ChildElements.Any(c => c is not Paragraph)) return false;
                WordText.ReplaceParagraphs(content, content.GetFirstChild<Paragraph>(), text, runProperties);
                return true;
            case SdtContentCell when content.GetFirstChild<TableCell>() is { } cell:
                var first = cell.GetFirstChild<Paragraph>();
                var cellProperties = cell.TableCellProperties?.CloneNode(true);
                cell.RemoveAllChildren();
                if (cellProperties is not null) cell.AppendChild(cellProperties);
                WordText.ReplaceParagraphs(cell, first, text, runProperties);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Ids and bookmarks must stay unique in Word; a clone gets fresh content-control ids and no bookmarks.</summary>
    private void MakeCloneUnique(OpenXmlElement element)
    {
        // A walk by hand: this runs for every repeated row, and Descendants() allocates an enumerator and a stack.
        switch (element)
        {
            case SdtId id:
                id.Val = (int)nextSdtId++;
                return;
            case Paragraph paragraph:
                paragraph.ParagraphId = null;
                paragraph.TextId = null;
                break;
            case TableRow row:
                row.ParagraphId = null;
                row.TextId = null;
                break;
            case Text or RunProperties or ParagraphProperties or TableCellProperties or TableRowProperties:
                return; // nothing in these needs a change
        }
        var child = element.FirstChild;
        while (child is not null)
        {
            var next = child.NextSibling();
            if (child is BookmarkStart or BookmarkEnd) child.Remove();
            else MakeCloneUnique(child);
            child = next;
        }
    }

    private void ReportUnplacedData(DocumentData record, string listPath, string listLabel, string itemLabel)
    {
        foreach (var (name, value) in record.Fields)
        {
            if (!usage.IsUsed(record, name))
            {
                // Nothing is lost when an empty list or blank text has no place.
                if (value.IsMissing || value is ListValue { Items.Count: 0 }) continue;
                problems.DataWithoutPlace(listPath, listLabel, name, itemLabel);
                continue;
            }
            if (value is not ListValue list) continue;
            var number = 0;
            foreach (var item in list.Items)
            {
                number++;
                var path = listPath.Length == 0 ? name : $"{listPath}.{name}";
                var label = itemLabel.Length == 0 ? $"{number}" : $"{itemLabel}.{number}";
                ReportUnplacedData(item, path, name, label);
            }
        }
    }
}
