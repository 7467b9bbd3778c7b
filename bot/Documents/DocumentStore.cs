using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Documents;

/// <summary>A document to keep with a forløb; the store gives it the next version number of its kind.</summary>
public sealed record NewDocument(CitizenCase Case, DocumentKind Kind, byte[] Content, string CreatedBy, DateTimeOffset CreatedAt)
{
    /// <summary>The form that asked for it: a second submit of the same form finds this version instead of making another.</summary>
    public string? RequestId { get; init; }

    /// <summary>Called with the version's row before it is first saved, so that what belongs to the version (the referat's tasks) is saved with it.</summary>
    public Action<StoredFile>? WithRow { get; init; }
}

/// <summary>One kept version. <see cref="WebUrl"/> is where Microsoft 365 shows it; null when the bot's own file store holds it.</summary>
public sealed record KeptDocument(long FileId, string DocumentKey, int Version, string FileName, string? WebUrl)
{
    /// <summary>Set when the version is safe in the bot's store but not yet in the channel's files: why, in Danish.</summary>
    public string? UploadPending { get; init; }
}

/// <summary>Microsoft 365 refused the document for good (no access, …): <see cref="Exception.Message"/> says why in Danish; nothing was kept.</summary>
public sealed class DocumentNotKeptException(string reason, Exception? inner = null) : Exception(reason, inner);

/// <summary>
/// Where the forløb's documents are kept. Every version stays: a new one never replaces an older one. The local
/// store (the default) keeps them in the database behind short-lived signed links; the Graph store uploads them
/// to the forløb channel's files folder, where Teams' own permissions apply.
/// </summary>
public interface IDocumentStore
{
    /// <summary>Keeps the document as the next version of its kind; <see cref="DocumentNotKeptException"/> when it could not be.</summary>
    Task<KeptDocument> KeepAsync(NewDocument document, CancellationToken ct);

    /// <summary>A link for one member to open the version now: a fresh link signed for them, or the Microsoft 365 address.</summary>
    string LinkFor(KeptDocument document, LinkHolder holder);
}

/// <summary>The bot's own file store: the database's stored_files, downloaded through <c>/files/{id}</c> with a 5-minute link signed for one person.</summary>
public sealed class LocalDocumentStore(CoordinatorDb db, SignedLinks links, PublicBaseUrl baseUrl) : IDocumentStore
{
    public const string WordContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public async Task<KeptDocument> KeepAsync(NewDocument document, CancellationToken ct)
    {
        var file = await SaveVersionAsync(db, document, document.Content, webUrl: null, ct);
        return new KeptDocument(file.Id, file.DocumentKey, file.Version, file.FileName, null);
    }

    public string LinkFor(KeptDocument document, LinkHolder holder) => document.WebUrl ?? links.Create(baseUrl.Value, document.FileId, holder);

    /// <summary>
    /// Saves the next version's row now (its id makes the link). Two people saving the same kind at once: the unique
    /// index (forløb, key, version) lets one through, and the other tries again with the next number.
    /// </summary>
    internal static async Task<StoredFile> SaveVersionAsync(CoordinatorDb db, NewDocument document, byte[] content, string? webUrl, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var file = await AddVersionAsync(db, document, content, webUrl, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                return file;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                db.Entry(file).State = EntityState.Detached;
            }
        }
    }

    private static async Task<StoredFile> AddVersionAsync(CoordinatorDb db, NewDocument document, byte[] content, string? webUrl, CancellationToken ct)
    {
        var c = document.Case;
        var key = document.Kind.Key;
        var version = (await db.Set<StoredFile>().Where(f => f.CaseId == c.Id && f.DocumentKey == key).MaxAsync(f => (int?)f.Version, ct) ?? 0) + 1;
        var file = new StoredFile
        {
            CaseId = c.Id, DocumentKey = key, Version = version, FileName = document.Kind.FileName(c, version),
            ContentType = WordContentType, Content = DocumentProperties.Stamp(content, c.Id, key, version), WebUrl = webUrl, RequestId = document.RequestId, CreatedAt = document.CreatedAt, CreatedBy = document.CreatedBy,
        };
        db.Add(file);
        document.WithRow?.Invoke(file);
        return file;
    }
}
