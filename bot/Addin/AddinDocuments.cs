using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Documents.Templates;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Addin;

/// <summary>
/// What the Word add-in reads and writes of a forløb's documents: the fields the forløb owns as the bot would fill
/// them now (the same document data the forms build), the open agreements, and a new version saved from Word.
/// </summary>
public sealed class AddinDocuments(DocumentWork work, ConsentPolicy consent, IDocumentStore store, Outbox outbox, AuditLog audit, TimeProvider time)
{
    /// <summary>field name → its text as the document shows it, or for a list the records (field name → text).</summary>
    public async Task<JsonObject> FieldsAsync(CitizenCase c, DocumentKind kind, AddinCaller caller, CancellationToken ct)
    {
        var facts = await work.FactsAsync(c, caller.UserId, caller.Name ?? "", ct);
        var form = DocumentForm.For(kind);
        // The form's answers as the card would pre-fill them from the forløb, so nothing is computed twice.
        var defaults = form.Inputs(facts).Where(i => i.Value is not null).ToDictionary(i => i.Id, i => i.Value!);
        var data = form.Data(facts, new FormValues(defaults));
        var fields = new JsonObject();
        foreach (var name in form.FromForloeb)
        {
            var spec = kind.Schema.Find(name)!;
            if (name == KipForm.NaesteMoedeDato && kind == DocumentKind.Kip)
            {
                // The forløb's review date, when one is set; the form's default (in three months) is no fact of the forløb.
                if (c.NextReviewDate is { } review) fields[name] = DanishFormat.Date(review);
                continue;
            }
            fields[name] = Json(spec, data[name]);
        }
        audit.Record("addin.fields", c.Id, kind.Key);
        return new JsonObject
        {
            ["caseId"] = c.Id, ["label"] = c.Label, ["kind"] = kind.Key, ["title"] = kind.Title,
            ["labels"] = new JsonObject(form.FromForloeb.Select(n => KeyValuePair.Create(n, (JsonNode?)(kind.Schema.Find(n)!.Label)))),
            ["fields"] = fields,
        };
    }

    public async Task<JsonArray> AgreementsAsync(CitizenCase c, AddinCaller caller, CancellationToken ct)
    {
        var facts = await work.FactsAsync(c, caller.UserId, caller.Name ?? "", ct);
        audit.Record("addin.agreements", c.Id, $"{facts.OpenAgreements.Count} åbne");
        return new JsonArray([.. facts.OpenAgreements.Select(a => (JsonNode)new JsonObject
        {
            ["what"] = a.What, ["who"] = a.Who, ["sector"] = a.Sector, ["due"] = a.Due,
        })]);
    }

    /// <summary>Keeps the uploaded .docx as the kind's next version and posts its card in the forløb's channel.</summary>
    public async Task<KeptDocument> SaveVersionAsync(CitizenCase c, DocumentKind kind, byte[] docx, AddinCaller caller, string? requestId, CancellationToken ct)
    {
        var kept = await store.KeepAsync(new NewDocument(c, kind, docx, caller.UserId, time.GetUtcNow()) { RequestId = requestId }, ct);
        if (kind == DocumentKind.Kip && ReviewDate(docx) is { } review && review != c.NextReviewDate)
        {
            c.NextReviewDate = review;
            c.Version++;
        }
        audit.Record("document.upload", c.Id, $"{kept.DocumentKey} v{kept.Version} (fil {kept.FileId}) fra Word");
        if (c.ChannelId is not null && c.ServiceUrl is not null)
        {
            // The team's card: a button that gives each member their own link, never a link for everyone.
            var card = DocumentCards.Kept(c, kind, kept, link: null, [], ownTemplate: null);
            var key = $"document:{kept.FileId}:card";
            outbox.Enqueue(OutboxKind.NewChannelThread, c.ServiceUrl, Activity.Message(attachments: [card.ToAttachment()]), key,
                conversationId: c.ChannelId, tenantId: c.TenantId, correlationKey: key);
        }
        return kept;
    }

    /// <summary>A link for the add-in's user alone (signed for them; the download checks their rights again).</summary>
    public string LinkFor(KeptDocument document, AddinCaller caller) => store.LinkFor(document, new LinkHolder(caller.UserId, caller.TenantId));

    public Task<bool> CoversAsync(CitizenCase c, CaseMember member, DocumentKind kind, CancellationToken ct) =>
        consent.CoversAsync(c, member.OrganisationId, kind.Information, ct);

    /// <summary>Null when the bytes are a Word document; else why not, in Danish.</summary>
    public static string? NotAWordDocument(byte[] docx)
    {
        if (docx.Length == 0) return "Dokumentet er tomt.";
        try
        {
            using var document = WordprocessingDocument.Open(new MemoryStream(docx, writable: false), false);
            return document.MainDocumentPart?.Document?.Body is null ? "Filen er ikke et Word-dokument med indhold." : null;
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or InvalidDataException or System.Xml.XmlException or InvalidOperationException)
        {
            return "Filen kan ikke åbnes som Word-dokument (.docx).";
        }
    }

    /// <summary>The KIP's "Dato for næste koordinationsmøde" as Word's date picker stored it, if set.</summary>
    private static DateOnly? ReviewDate(byte[] docx)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx, writable: false), false);
        var picker = document.MainDocumentPart?.Document?.Body?.Descendants<DocumentFormat.OpenXml.Wordprocessing.SdtElement>()
            .FirstOrDefault(s => s.SdtProperties?.GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.Tag>()?.Val?.Value == KipForm.NaesteMoedeDato)
            ?.SdtProperties?.GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.SdtContentDate>();
        return picker?.FullDate?.Value is { } full ? DateOnly.FromDateTime(full) : null;
    }

    private static JsonNode? Json(FieldSpec spec, FieldValue? value) => value switch
    {
        ListValue list => new JsonArray([.. list.Items.Select(item => (JsonNode)new JsonObject(
            spec.ItemFields.Where(f => f.Type != FieldType.List)
                .Select(f => KeyValuePair.Create(f.Name, (JsonNode?)(item[f.Name] is { } v ? TemplateFiller.Render(v) : "")))))]),
        null when spec.Type == FieldType.List => new JsonArray(),
        null => "",
        _ => TemplateFiller.Render(value),
    };
}
