using Microsoft.Extensions.Logging.Abstractions;
using TeamsCoordinator.Documents.Templates;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tenants.Graph;
using TeamsCoordinator.Tests.Documents;
using static TeamsCoordinator.Tests.Tenants.Graph.GraphTestBed;

namespace TeamsCoordinator.Tests.Tenants.Graph;

/// <summary>
/// A document into the forløb channel's files folder, in the tenant that owns the channel: the folder first
/// (filesFolder names drive and folder), then one PUT of the Word package that never replaces a file.
/// </summary>
public class GraphChannelFilesContractTests
{
    private const string FileName = "KIP AB F-2026-0042 v1.docx";
    private static readonly byte[] Document = TestTemplates.FromParagraphs(new DocumentFormat.OpenXml.Wordprocessing.Paragraph(TestTemplates.Run("KIP")))
        .Fill(new DocumentData()).Document;

    private static GraphChannelFiles Files(FakeGraph graph) =>
        new(Clients(graph), new GraphOrganisations(Organisations()), NullLogger<GraphChannelFiles>.Instance);

    [Fact]
    public async Task DocumentIsUploadedAsANewFileInTheChannelsFilesFolderOfTheHostTenant()
    {
        var graph = new FakeGraph("channel-files-folder", "drive-item-upload");

        var file = await Files(graph).UploadAsync(SharedChannel, FileName, Document, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(Document, graph.Requests[1].Bytes);
        Assert.Equal(new ChannelFile("01H7CFEKF3KQ7B5ZLPXRE2QXKPMZXJ4W6T", FileName,
            "https://regionnordjylland.sharepoint.com/sites/Forloebsteam-Forl%C3%B8bAB2026-0042/_layouts/15/Doc.aspx?sourcedoc=%7B3F6B2A1C-9D4E-4F70-8A12-5C3B7E9D1F20%7D&file=KIP%20AB%20F-2026-0042%20v1.docx&action=default&mobileredirect=true"),
            file);
    }

    [Fact]
    public async Task ThrottledUploadIsSentAgainWholeAfterTheDelayGraphAskedFor()
    {
        var graph = new FakeGraph("channel-files-folder", "drive-item-upload-throttled", "drive-item-upload");
        using var delays = new SdkRetryDelays();

        var file = await Files(graph).UploadAsync(SharedChannel, FileName, Document, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(FileName, file.Name);
        Assert.Equal([1.0], delays.Seconds); // the contract's Retry-After: 1
        Assert.Equal([null, null, "1"], graph.Requests.Select(r => r.Header("Retry-Attempt")));
        Assert.Equal(Document, graph.Requests[2].Bytes);
    }

    [Fact]
    public async Task ThrottlingLongerThanATurnMayWaitIsTransientWithGraphsDelay()
    {
        var graph = new FakeGraph("channel-files-folder", "drive-item-upload-throttled-long");

        var busy = await Assert.ThrowsAsync<CollaborationTenantException>(() =>
            Files(graph).UploadAsync(SharedChannel, FileName, Document, CancellationToken.None));

        graph.AssertAllServed();
        Assert.True(busy.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(120), busy.RetryAfter);
        Assert.Equal("Microsoft 365 svarer ikke lige nu eller beder os vente; der prøves igen automatisk.", busy.Message);
    }

    [Fact]
    public async Task UploadRefusedForLackOfPermissionIsExplainedInDanishToTheHostsAdministrator()
    {
        var graph = new FakeGraph("channel-files-folder", "drive-item-upload-forbidden");

        var refusal = await Assert.ThrowsAsync<CollaborationTenantException>(() =>
            Files(graph).UploadAsync(SharedChannel, FileName, Document, CancellationToken.None));

        graph.AssertAllServed();
        Assert.False(refusal.IsTransient);
        Assert.Equal(
            "Koordinator har ikke lov til at gemme dokumenter i forløbskanalens filer i Region Nordjylland, Psykiatriens Microsoft 365. " +
            "En administrator i Region Nordjylland, Psykiatrien skal give appen Microsoft Graph-programtilladelsen Files.ReadWrite.All med administratorsamtykke " +
            "(Microsoft Entra ID → Virksomhedsprogrammer → Koordinator → Tilladelser → Giv administratorsamtykke) og installere Koordinator i forløbsteamet.",
            refusal.Message);
    }

    [Fact]
    public async Task AFilesFolderNotProvisionedYetIsNotYetAndTheVersionWaitsForTheRetry()
    {
        var graph = new FakeGraph("channel-files-folder-not-provisioned");

        var notYet = await Assert.ThrowsAsync<CollaborationTenantException>(() =>
            Files(graph).UploadAsync(SharedChannel, FileName, Document, CancellationToken.None));

        graph.AssertAllServed();
        Assert.True(notYet.IsTransient);
        Assert.Equal(TimeSpan.FromMinutes(1), notYet.RetryAfter);
        Assert.StartsWith("Forløbskanalens filer er ikke klar endnu", notYet.Message);
    }

    [Fact]
    public async Task ADocumentOfSomeMegabytesIsStillOneSimpleUpload()
    {
        // driveitem-put-content takes up to 250 MB; the old 4 MB cap refused documents with a few photos in them.
        var large = new byte[5 * 1024 * 1024];
        Document.CopyTo(large, 0);
        var graph = new FakeGraph("channel-files-folder", "drive-item-upload");

        var file = await Files(graph).UploadAsync(SharedChannel, FileName, large, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(large.Length, graph.Requests[1].Bytes.Length);
        Assert.Equal(FileName, file.Name);
    }

    [Fact]
    public async Task ADocumentAboveTheSimpleUploadLimitGoesThroughAnUploadSessionInFragmentsWithoutAToken()
    {
        var large = new byte[400 * 1024];
        Document.CopyTo(large, 0);
        var graph = new FakeGraph("channel-files-folder", "drive-item-create-upload-session", "upload-session-fragment-first", "upload-session-fragment-last");
        var files = new GraphChannelFiles(Clients(graph), new GraphOrganisations(Organisations()), NullLogger<GraphChannelFiles>.Instance,
            simpleUploadLimit: 1024, fragmentBytes: 320 * 1024);

        var file = await files.UploadAsync(SharedChannel, FileName, large, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(large, graph.Requests[2].Bytes.Concat(graph.Requests[3].Bytes));
        Assert.Equal(("01H7CFEKF3KQ7B5ZLPXRE2QXKPMZXJ4W6T", FileName), (file.ItemId, file.Name));
    }

    [Fact]
    public async Task AGroupChatHasNoFilesFolderAndNothingIsAsked()
    {
        var graph = new FakeGraph();

        await Assert.ThrowsAsync<ArgumentException>(() => Files(graph).UploadAsync(GroupChat, FileName, Document, CancellationToken.None));

        Assert.Empty(graph.Requests);
    }
}
