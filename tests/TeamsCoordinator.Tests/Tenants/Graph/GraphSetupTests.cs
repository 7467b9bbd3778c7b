using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tenants.Graph;

namespace TeamsCoordinator.Tests.Tenants.Graph;

public class GraphSetupTests
{
    private static Dictionary<string, string?> Settings() => new()
    {
        ["Tenants:Mode"] = "Graph",
        ["Tenants:Graph:ClientId"] = "00000000-0000-0000-0000-0000000000aa",
        ["Tenants:Graph:ClientSecret"] = "from-user-secrets",
        ["Tenants:Graph:TeamsAppId"] = GraphTestBed.TeamsAppId,
        ["Tenants:Organisations:0:Id"] = "region-nordjylland",
        ["Tenants:Organisations:0:Name"] = "Region Nordjylland, Psykiatrien",
        ["Tenants:Organisations:0:Sector"] = "Region",
        ["Tenants:Organisations:0:TenantId"] = GraphTestBed.RegionTenant,
        ["Tenants:Organisations:0:HostTeamId"] = GraphTestBed.HostTeam,
        ["Tenants:Organisations:1:Id"] = "broenderslev-kommune",
        ["Tenants:Organisations:1:Name"] = "Brønderslev Kommune",
        ["Tenants:Organisations:1:Sector"] = "Kommune",
        ["Tenants:Organisations:1:TenantId"] = GraphTestBed.BroenderslevTenant,
        ["Tenants:Organisations:1:ChannelMode"] = "GuestChannel",
        ["Tenants:Organisations:2:Id"] = "laegerne-vestergade",
        ["Tenants:Organisations:2:Name"] = "Lægerne i Vestergade",
        ["Tenants:Organisations:2:Sector"] = "AlmenPraksis",
    };

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddCollaborationTenants(config).BuildServiceProvider();
    }

    [Fact]
    public async Task GraphModeServesTheConfiguredOrganisations()
    {
        using var services = Services(Settings());

        var tenants = services.GetRequiredService<ICollaborationTenants>();

        Assert.IsType<GraphCollaborationTenants>(tenants);
        Assert.Equal(
            [
                new Organisation("region-nordjylland", "Region Nordjylland, Psykiatrien", Sector.Region, GraphTestBed.RegionTenant, ChannelMode.SharedChannel, GraphTestBed.HostTeam),
                new Organisation("broenderslev-kommune", "Brønderslev Kommune", Sector.Kommune, GraphTestBed.BroenderslevTenant, ChannelMode.GuestChannel),
                new Organisation("laegerne-vestergade", "Lægerne i Vestergade", Sector.AlmenPraksis, null, ChannelMode.SharedChannel),
            ],
            await tenants.GetOrganisationsAsync(CancellationToken.None));
    }

    [Fact]
    public void WithoutASecretOrCertificateTheOptionsSayWhatIsMissing()
    {
        var settings = Settings();
        settings.Remove("Tenants:Graph:ClientSecret");
        using var services = Services(settings);

        var problem = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<GraphTenantsOptions>>().Value);

        Assert.Contains("Tenants:Graph needs ClientSecret or CertificatePath.", problem.Failures);
    }

    [Fact]
    public void BrokenOrganisationsStopTheBotWithTheReason()
    {
        var settings = Settings();
        settings["Tenants:Organisations:1:Id"] = "region-nordjylland";
        settings["Tenants:Organisations:2:HostTeamId"] = "c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b";
        using var services = Services(settings);

        var problem = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<ICollaborationTenants>());

        Assert.Contains("the id 'region-nordjylland' is used twice", problem.Message);
        Assert.Contains("'laegerne-vestergade' hosts forløb channels (HostTeamId) but has no tenant", problem.Message);
    }

    [Fact]
    public void EachTenantHasOneClientKeptForTheLifetimeOfTheBot()
    {
        using var services = Services(Settings());
        var clients = services.GetRequiredService<GraphClients>();

        var region = clients.For(GraphTestBed.RegionTenant);

        Assert.Same(region, clients.For(GraphTestBed.RegionTenant.ToUpperInvariant()));
        Assert.NotSame(region, clients.For(GraphTestBed.AalborgTenant));
        Assert.Throws<ArgumentException>(() => clients.For("aalborg-kommune"));
    }

    [Fact]
    public void TheSdkRetryHandlerGetsTheConfiguredBudget()
    {
        var options = GraphTestBed.Options();
        options.MaxRetries = 4;
        options.RetryDelaySeconds = 2;
        options.MaxRetryWait = TimeSpan.FromSeconds(20);

        var retry = new GraphClients(options).RetryOption();

        Assert.Equal((4, 2, TimeSpan.FromSeconds(20)), (retry.MaxRetry, retry.Delay, retry.RetriesTimeLimit));
    }

    [Fact]
    public void ATimeoutThatLeavesNoRoomForTheSdksWaitsIsRefusedAtStart()
    {
        var options = GraphTestBed.Options();
        options.MaxRetryWait = TimeSpan.FromSeconds(30);
        options.RequestTimeout = TimeSpan.FromSeconds(30);

        Assert.Contains(options.Problems(), p => p.StartsWith("Tenants:Graph:RequestTimeout (00:00:30) must be at least MaxRetryWait (00:00:30) plus 10 seconds"));
        Assert.Empty(new GraphTenantsOptions { ClientId = "x", ClientSecret = "y" }.Problems()); // the defaults are in order
    }

    [Theory]
    [InlineData("https://graph.microsoft.com/v1.0", "https://graph.microsoft.com/.default", "https://login.microsoftonline.com/")]
    [InlineData("https://graph.microsoft.us/v1.0", "https://graph.microsoft.us/.default", "https://login.microsoftonline.us/")]
    [InlineData("https://dod-graph.microsoft.us/v1.0", "https://dod-graph.microsoft.us/.default", "https://login.microsoftonline.us/")]
    [InlineData("https://microsoftgraph.chinacloudapi.cn/v1.0", "https://microsoftgraph.chinacloudapi.cn/.default", "https://login.chinacloudapi.cn/")]
    public void ANationalCloudGetsTheTokenScopeAndSignInOfItsOwnCloud(string baseUrl, string scope, string authority)
    {
        var options = new GraphTenantsOptions { BaseUrl = baseUrl };

        Assert.Equal((scope, authority), (GraphClients.ScopeFor(baseUrl), GraphClients.AuthorityFor(options).AbsoluteUri));
        options.AuthorityHost = "https://login.example.test/";
        Assert.Equal("https://login.example.test/", GraphClients.AuthorityFor(options).AbsoluteUri);
    }

    [Fact]
    public void GraphDocumentStoreTakesTheChannelFilesOfTheGraphTenants()
    {
        var settings = Settings();
        settings["Documents:Store"] = "Graph";
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddCollaborationTenants(config).AddDocuments(config);

        Assert.Contains(services, d => d.ServiceType == typeof(IDocumentStore) && d.ImplementationType == typeof(GraphDocumentStore));
        Assert.Contains(services, d => d.ImplementationType == typeof(DocumentUploadRetryWorker));
        using var provider = services.BuildServiceProvider();
        Assert.IsType<GraphChannelFiles>(provider.GetRequiredService<IChannelFiles>());
    }

    [Fact]
    public void GraphDocumentStoreWithoutGraphTenantsStopsTheStartInDanish()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Documents:Store"] = "Graph" }).Build();

        var problem = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddDocuments(config));

        Assert.Equal("Documents:Store »Graph« kræver Tenants:Mode »Graph« (forløbskanalerne i Microsoft 365).", problem.Message);
    }
}
