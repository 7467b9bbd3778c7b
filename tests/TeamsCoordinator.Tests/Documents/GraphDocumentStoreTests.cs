using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Handovers;
using static TeamsCoordinator.Tests.Documents.DocumentScenario;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Documents;

/// <summary>
/// Documents:Store = Graph, through /api/messages: the version goes to the forløb channel's files and the card links
/// to it there; when Microsoft 365 is busy the version waits in the bot's store and is uploaded later; when it
/// refuses, the version is kept all the same and the user is told in Danish what the administrator must do. (The Graph exchanges themselves: GraphChannelFilesContractTests.)
/// </summary>
public sealed class GraphDocumentStoreTests : IAsyncLifetime
{
    private const string TeamId = "b7a2c0de-5a3e-4c1f-9f3d-1c2b3a4d5e60";
    private const string WebUrl = "https://region.sharepoint.com/sites/Forloebsteam/Shared%20Documents/KIP%20AB%20F-2026-0042%20v1.docx";
    private readonly ScriptedChannelFiles _files = new();
    private HandoverScenario _s = null!;

    public async Task InitializeAsync()
    {
        _s = await DocumentScenario.StartAsync(services: services =>
        {
            services.RemoveAll<IDocumentStore>();
            services.AddScoped<IDocumentStore, GraphDocumentStore>();
            services.AddSingleton<IChannelFiles>(_files);
        });
        await _s.Bot.WithDbAsync(async db =>
        {
            var c = await db.Set<CitizenCase>().SingleAsync();
            c.TeamId = TeamId;
            c.ChannelMode = ChannelMode.SharedChannel;
            return await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task TheKipGoesToTheChannelsFilesAndTheCardOpensItThere()
    {
        var (_, answer) = await _s.MakeAsync(Sofie, DocumentKind.Kip);

        var upload = Assert.Single(_files.Uploads);
        Assert.Equal((TeamId, ChannelId, "KIP AB F-2026-0042 v1.docx"), (upload.Channel.TeamId, upload.Channel.ChannelId, upload.FileName));
        Docx.AssertValid(upload.Content);
        Assert.Contains("Anders Borgersen", Docx.BodyText(upload.Content));
        Assert.Equal(WebUrl, Link(answer.Card));
        Assert.Equal(["Åbn KIP v1"], answer.Buttons);
        Assert.Contains("Dokumentet ligger i kanalens filer.", answer.Text);
        var file = Assert.Single(await FilesAsync(_s));
        Assert.Equal((WebUrl, 0, 1), (file.WebUrl, file.Content.Length, file.Version)); // the bytes live in Microsoft 365 only
    }

    [Fact]
    public async Task WhenMicrosoft365IsBusyTheVersionWaitsInTheBotsStoreAndIsUploadedLater()
    {
        _files.Next = new CollaborationTenantException("Microsoft 365 svarer ikke lige nu eller beder os vente; der prøves igen automatisk.", true, TimeSpan.FromSeconds(120));

        var (_, answer) = await _s.MakeAsync(Sofie, DocumentKind.Kip);

        Assert.Contains(GraphDocumentStore.Pending, answer.Text);
        Assert.Equal(["Åbn KIP v1", "Nyt link"], answer.Buttons);
        var link = Link(answer.Card);
        using (var meanwhile = await GetAsync(_s, link))
        {
            Assert.Equal(HttpStatusCode.OK, meanwhile.StatusCode);
            Docx.AssertValid(await meanwhile.Content.ReadAsByteArrayAsync());
        }

        var scopes = _s.Bot.Services.GetRequiredService<IServiceScopeFactory>();
        _files.Next = new CollaborationTenantException("Microsoft 365 svarer ikke lige nu eller beder os vente; der prøves igen automatisk.", true, TimeSpan.FromSeconds(90));
        Assert.Equal(TimeSpan.FromSeconds(90), await DocumentUploadRetryWorker.RetryPendingAsync(scopes, CancellationToken.None));
        Assert.Null(await DocumentUploadRetryWorker.RetryPendingAsync(scopes, CancellationToken.None));

        Assert.Equal(3, _files.Uploads.Count);
        var file = Assert.Single(await FilesAsync(_s));
        Assert.Equal((WebUrl, 0), (file.WebUrl, file.Content.Length));
        using var client = _s.Bot.CreateClient(new() { AllowAutoRedirect = false });
        using var later = await client.GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal((HttpStatusCode.Redirect, WebUrl), (later.StatusCode, later.Headers.Location?.AbsoluteUri));
    }

    [Fact]
    public async Task WhenTheAppMayNotWriteInTheChannelTheVersionIsKeptAndTheUserToldWhatTheAdministratorMustDo()
    {
        _files.Next = new CollaborationTenantException("Koordinator har ikke lov til at gemme dokumenter i forløbskanalens filer i Region Nordjyllands Microsoft 365.", false);

        var (_, answer) = await _s.MakeAsync(Sofie, DocumentKind.Kip);

        Assert.Contains("Koordinator har ikke lov til at gemme dokumenter i forløbskanalens filer i Region Nordjyllands Microsoft 365. " + GraphDocumentStore.KeptMeanwhile, answer.Text);
        Assert.Equal(["Åbn KIP v1", "Nyt link"], answer.Buttons);
        using (var meanwhile = await GetAsync(_s, Link(answer.Card)))
            Docx.AssertValid(await meanwhile.Content.ReadAsByteArrayAsync());
        var file = Assert.Single(await FilesAsync(_s)); // never dropped: the retry worker uploads it once an administrator has fixed it
        Assert.Null(file.WebUrl);
        Assert.DoesNotContain(await AuditAsync(_s), a => a.Action == "document.failed");
    }

    /// <summary>The channel's files as the test scripts them: the next upload fails with <see cref="Next"/>, else succeeds.</summary>
    private sealed class ScriptedChannelFiles : IChannelFiles
    {
        public List<(CaseChannel Channel, string FileName, byte[] Content)> Uploads { get; } = [];
        private Exception? next;
        public Exception? Next { set => next = value; }

        public Task<ChannelFile> UploadAsync(CaseChannel channel, string fileName, byte[] content, CancellationToken ct)
        {
            lock (Uploads) Uploads.Add((channel, fileName, content.ToArray()));
            if (Interlocked.Exchange(ref next, null) is { } failure) return Task.FromException<ChannelFile>(failure);
            return Task.FromResult(new ChannelFile("item-1", fileName, WebUrl));
        }
    }
}
