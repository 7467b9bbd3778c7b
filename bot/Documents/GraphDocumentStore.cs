using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Documents;

/// <summary>
/// Documents:Store = Graph: every version goes to the forløb channel's files folder, in the tenant that owns the
/// channel, and the card links to the file's webUrl, where SharePoint applies the channel's own permissions.
/// The version's row is saved first with the bytes, so nothing is lost whatever Microsoft 365 answers: once
/// uploaded, the row keeps only the webUrl; while Microsoft 365 is throttling or down, the row is the durable
/// retry entry (<see cref="DocumentUploadRetryWorker"/>) and the signed link serves the bytes meanwhile; when it
/// refuses (403: the app lacks the permission), the version is kept just the same and the user told, in Danish, what
/// the administrator must do. A version is never dropped. A group chat has no files folder: its documents stay in the bot's store.
/// </summary>
public sealed class GraphDocumentStore(CoordinatorDb db, LocalDocumentStore local, IChannelFiles files, ILogger<GraphDocumentStore> log) : IDocumentStore
{
    public const string Pending = "Microsoft 365 tager ikke imod filer lige nu. Dokumentet er gemt i Koordinator og lægges i kanalens filer automatisk, så snart det kan.";
    public const string KeptMeanwhile = "Dokumentet er gemt i Koordinator (linket herover) og lægges i kanalens filer, så snart Microsoft 365 tager imod det.";

    public async Task<KeptDocument> KeepAsync(NewDocument document, CancellationToken ct)
    {
        if (ChannelOf(document.Case) is not { } channel) return await local.KeepAsync(document, ct);

        var file = await LocalDocumentStore.SaveVersionAsync(db, document, document.Content, webUrl: null, ct);
        try
        {
            await UploadAsync(db, files, file, channel, ct);
            return Kept(file);
        }
        catch (CollaborationTenantException e) when (e.IsTransient)
        {
            log.LogWarning("Document {Key} v{Version} of case {CaseId} kept locally until the channel takes it: {Reason}", file.DocumentKey, file.Version, file.CaseId, e.Message);
            return Kept(file) with { UploadPending = Pending };
        }
        catch (CollaborationTenantException e)
        {
            log.LogWarning("Document {Key} v{Version} of case {CaseId} kept locally: the channel refused it: {Reason}", file.DocumentKey, file.Version, file.CaseId, e.Message);
            return Kept(file) with { UploadPending = $"{e.Message} {KeptMeanwhile}" };
        }
    }

    public string LinkFor(KeptDocument document, LinkHolder holder) => local.LinkFor(document, holder);

    /// <summary>Uploads the row's bytes, then keeps only the webUrl and the name SharePoint gave the file.</summary>
    internal static async Task UploadAsync(CoordinatorDb db, IChannelFiles files, StoredFile file, CaseChannel channel, CancellationToken ct)
    {
        var uploaded = await files.UploadAsync(channel, file.FileName, file.Content, ct);
        file.WebUrl = uploaded.WebUrl;
        file.FileName = uploaded.Name;
        file.Content = [];
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The Teams channel whose files folder takes the forløb's documents; null for a group chat or a forløb without a channel yet.</summary>
    internal static CaseChannel? ChannelOf(CitizenCase c) =>
        c.TeamId is { Length: > 0 } && c.ChannelMode is ChannelMode.SharedChannel or ChannelMode.GuestChannel ? c.CurrentChannel() : null;

    private static KeptDocument Kept(StoredFile f) => new(f.Id, f.DocumentKey, f.Version, f.FileName, f.WebUrl);
}

/// <summary>
/// Uploads the versions Microsoft 365 could not take at the time (kept with their bytes, no webUrl, in a forløb
/// with a Teams channel). Waits as long as Microsoft asked (Retry-After) before the next pass.
/// </summary>
public sealed class DocumentUploadRetryWorker(IServiceScopeFactory scopes, TimeProvider time, ILogger<DocumentUploadRetryWorker> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan RefusedWait = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var wait = Interval;
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(wait, time, ct);
            try { wait = await RetryPendingAsync(scopes, ct) ?? Interval; }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogError(e, "Document upload retry pass failed"); wait = Interval; }
        }
    }

    /// <summary>One pass; when Microsoft is still busy or refuses, it stops there and returns how long to wait.</summary>
    public static async Task<TimeSpan?> RetryPendingAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        var files = scope.ServiceProvider.GetRequiredService<IChannelFiles>();
        var log = scope.ServiceProvider.GetRequiredService<ILogger<DocumentUploadRetryWorker>>();
        var keys = DocumentKind.All.Select(k => k.Key).ToList();
        var pending = await (
            from f in db.Set<StoredFile>()
            join c in db.Set<CitizenCase>() on f.CaseId equals c.Id
            where f.WebUrl == null && keys.Contains(f.DocumentKey) && c.ChannelId != null
                  && (c.ChannelMode == ChannelMode.SharedChannel || c.ChannelMode == ChannelMode.GuestChannel)
            orderby f.Id
            select new { File = f, Case = c }).Take(20).ToListAsync(ct);
        foreach (var p in pending)
        {
            if (GraphDocumentStore.ChannelOf(p.Case) is not { } channel) continue;
            try
            {
                await GraphDocumentStore.UploadAsync(db, files, p.File, channel, ct);
                log.LogInformation("Document {Key} v{Version} of case {CaseId} now in the channel's files", p.File.DocumentKey, p.File.Version, p.Case.Id);
            }
            catch (CollaborationTenantException e) when (e.IsTransient)
            {
                return e.RetryAfter;
            }
            catch (CollaborationTenantException e)
            {
                // Refused (permissions, most likely for every file): the version stays in the bot's store behind its
                // signed links, and the next pass comes when an administrator may have fixed it.
                log.LogWarning("Document {Key} v{Version} of case {CaseId} stays in the bot's store for now: {Reason}", p.File.DocumentKey, p.File.Version, p.Case.Id, e.Message);
                return RefusedWait;
            }
        }
        return null;
    }
}
