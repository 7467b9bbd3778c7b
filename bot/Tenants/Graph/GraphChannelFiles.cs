using Microsoft.Graph;
using Microsoft.Graph.Drives.Item.Items.Item.CreateUploadSession;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace TeamsCoordinator.Tenants.Graph;

/// <summary>
/// Uploads a document to a forløb channel's files folder, in the tenant that owns the channel (the coordinating
/// organisation's): GET /teams/{team}/channels/{channel}/filesFolder names the drive and the folder, then
/// PUT /drives/{drive}/items/{folder}:/{name}:/content uploads the bytes in one request (documents are tens of KB;
/// the simple upload takes up to 250 MB, above that an upload session takes them in fragments). A new channel's SharePoint folder may not exist yet: Microsoft provisions it
/// on the first filesFolder call, so a 404 there is "not yet", and the version waits for the retry.
/// </summary>
/// <param name="simpleUploadLimit">Above this, an upload session (tests lower it).</param>
/// <param name="fragmentBytes">One upload-session request: a multiple of 320 KiB under 60 MiB (driveitem-createuploadsession).</param>
internal sealed class GraphChannelFiles(GraphClients clients, GraphOrganisations organisations, ILogger<GraphChannelFiles> log,
    int simpleUploadLimit = GraphChannelFiles.MaxSimpleUploadBytes, int fragmentBytes = GraphChannelFiles.FragmentBytes) : IChannelFiles
{
    /// <summary>Simple upload's documented limit (driveitem-put-content: "files up to 250 MB"; pages before 2023 said 4 MB).</summary>
    public const int MaxSimpleUploadBytes = 250 * 1024 * 1024;
    public const int FragmentBytes = 32 * 320 * 1024;

    private static readonly Dictionary<string, ParsableFactory<IParsable>> ErrorMapping = new() { ["XXX"] = ODataError.CreateFromDiscriminatorValue };

    public async Task<ChannelFile> UploadAsync(CaseChannel channel, string fileName, byte[] content, CancellationToken ct)
    {
        if (channel.Mode is ChannelMode.GroupChat or ChannelMode.EmailOnly)
            throw new ArgumentException($"A {channel.Mode} has no channel files folder.", nameof(channel));
        if (organisations.HostOf(channel.TeamId) is not { TenantId: { } tenant } host)
            throw new CollaborationTenantException(GraphReasons.NotHostedHere(channel.TeamId), false);

        var graph = clients.For(tenant);
        try
        {
            var folder = await graph.Teams[channel.TeamId].Channels[channel.ChannelId].FilesFolder.GetAsync(cancellationToken: ct);
            if (folder?.Id is not { } folderId || folder.ParentReference?.DriveId is not { } driveId)
                throw new CollaborationTenantException(GraphReasons.NoFilesFolder(host), true);

            var item = content.Length <= simpleUploadLimit
                ? await SimpleUploadAsync(graph, driveId, folderId, fileName, content, ct)
                : await SessionUploadAsync(graph, driveId, folderId, fileName, content, ct);
            if (item?.Id is null || item.WebUrl is null) throw new HttpRequestException("The upload answer named no file."); // transient: try again
            return new ChannelFile(item.Id, item.Name ?? fileName, item.WebUrl);
        }
        catch (Exception e) when (GraphProblem.From(e, ct) is { } problem)
        {
            log.LogWarning("Graph refused a file upload to channel {ChannelId} of team {TeamId}: {Problem}", channel.ChannelId, channel.TeamId, problem);
            // 404: the channel's SharePoint folder is not provisioned yet (channel-get-filesfolder provisions it): try again.
            var transient = problem.IsTransient || problem.Is(404);
            throw new CollaborationTenantException(
                problem.Is(404) ? GraphReasons.NoFilesFolder(host)
                : problem.IsTransient ? GraphReasons.Busy
                : problem.Is(403) || problem.Is(401) ? GraphReasons.AppNotPermitted(host, "gemme dokumenter i forløbskanalens filer", "Files.ReadWrite.All")
                : GraphReasons.Rejected(problem),
                transient, transient ? problem.RetryAfter ?? GraphProblem.DefaultRetryAfter : null, e);
        }
    }

    private static async Task<DriveItem?> SimpleUploadAsync(GraphServiceClient graph, string driveId, string folderId, string fileName, byte[] content, CancellationToken ct)
    {
        using var body = new MemoryStream(content, writable: false);
        var request = graph.Drives[driveId].Items[folderId].ItemWithPath(fileName).Content.ToPutRequestInformation(body);
        // Every version is a file of its own ("… v3.docx"), not a new SharePoint version of one file: the old ones stay
        // in the Files tab for everyone, each version card links to its own file, and a library's version limit
        // cannot trim them. PUT replaces by default; "rename" never does: should the name exist (an earlier
        // upload whose answer was lost, a file someone put there), SharePoint picks a free one, which we record.
        // The content builder has no query parameters; the driveItem resource says it goes in the URL.
        request.URI = new Uri($"{request.URI}?{ConflictBehavior}=rename");
        request.Headers.Remove("Content-Type"); // the builder says application/octet-stream
        request.SetStreamContent(body, WordContentType);
        return await graph.RequestAdapter.SendAsync(request, DriveItem.CreateFromDiscriminatorValue, ErrorMapping, ct);
    }

    /// <summary>
    /// Above simple upload's limit: an upload session, then the bytes in order, fragment by fragment, to its uploadUrl.
    /// The uploadUrl carries its own authorisation and must get no token: the client only gives tokens to the Graph host.
    /// The last fragment's answer is the file (no deferCommit).
    /// </summary>
    private async Task<DriveItem?> SessionUploadAsync(GraphServiceClient graph, string driveId, string folderId, string fileName, byte[] content, CancellationToken ct)
    {
        var session = await graph.Drives[driveId].Items[folderId].ItemWithPath(fileName).CreateUploadSession.PostAsync(new CreateUploadSessionPostRequestBody
        {
            Item = new DriveItemUploadableProperties { AdditionalData = new Dictionary<string, object> { [ConflictBehavior] = "rename" } },
        }, cancellationToken: ct);
        var uploadUrl = session?.UploadUrl ?? throw new HttpRequestException("The upload session named no upload URL."); // transient: try again
        for (var start = 0; ; start += fragmentBytes)
        {
            var length = Math.Min(fragmentBytes, content.Length - start);
            using var fragment = new MemoryStream(content, start, length, writable: false);
            var request = new RequestInformation { HttpMethod = Method.PUT, URI = new Uri(uploadUrl) };
            request.SetStreamContent(fragment, "application/octet-stream");
            request.Headers.Add("Content-Range", $"bytes {start}-{start + length - 1}/{content.Length}");
            if (start + length == content.Length) return await graph.RequestAdapter.SendAsync(request, DriveItem.CreateFromDiscriminatorValue, ErrorMapping, ct);
            await graph.RequestAdapter.SendAsync(request, UploadSession.CreateFromDiscriminatorValue, ErrorMapping, ct);
        }
    }

    private const string ConflictBehavior = "@microsoft.graph.conflictBehavior";
    private const string WordContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
}
