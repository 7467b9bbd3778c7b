using Microsoft.Extensions.Logging.Abstractions;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tenants.Graph;
using static TeamsCoordinator.Tests.Tenants.Graph.GraphTestBed;

namespace TeamsCoordinator.Tests.Tenants.Graph;

/// <summary>
/// Koordinator installed in a person's personal scope, in their own tenant, so the digest can reach someone Teams
/// would not open a 1:1 chat with: install (or find it installed), look the installation up by the app's id, and
/// take its chat's id. Throttling waits (short) or comes back Pending (long); a tenant that refuses is refused alone.
/// </summary>
public class GraphPersonalAppContractTests
{
    private const string ChatOfMette = "19:5d2f7c1a-93b4-4e61-8a0f-2c7e9b3d4a01_9f0c1d2e-3b4a-4c5d-8e6f-70a1b2c3d4e5@unq.gbl.spaces";

    private static GraphPersonalApp App(FakeGraph graph) =>
        new(Clients(graph), new GraphOrganisations(Organisations()), Microsoft.Extensions.Options.Options.Create(Options()), NullLogger<GraphPersonalApp>.Instance);

    [Fact]
    public async Task TheAppIsInstalledForThePersonInTheirOwnTenantAndItsChatIsReturned()
    {
        var graph = new FakeGraph("user-install-app", "user-installed-apps-find", "user-installed-app-chat");

        var result = await App(graph).InstallAsync(RegionTenant, Mette.UserId, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(PersonalAppInstall.Installed(ChatOfMette), result);
    }

    [Fact]
    public async Task AnAppInstalledAlreadyIsTakenUpNotInstalledTwice()
    {
        var graph = new FakeGraph("user-install-app-already", "user-installed-apps-find", "user-installed-app-chat");

        var result = await App(graph).InstallAsync(RegionTenant, Mette.UserId, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(PersonalAppInstall.Installed(ChatOfMette), result);
    }

    [Fact]
    public async Task AShortRetryAfterIsWaitedOutByTheSdk()
    {
        var graph = new FakeGraph("user-install-app-throttled", "user-install-app", "user-installed-apps-find", "user-installed-app-chat");
        using var delays = new SdkRetryDelays();

        var result = await App(graph).InstallAsync(RegionTenant, Mette.UserId, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(PersonalAppInstall.Installed(ChatOfMette), result);
        Assert.Equal([1.0], delays.Seconds);
    }

    [Fact]
    public async Task ALongRetryAfterComesBackPendingWithThatDelay()
    {
        var graph = new FakeGraph("user-install-app-throttled-long");

        var result = await App(graph).InstallAsync(RegionTenant, Mette.UserId, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal((PersonalAppStatus.Pending, TimeSpan.FromSeconds(120)), (result.Status, result.RetryAfter));
        Assert.Single(graph.Requests);
    }

    [Fact]
    public async Task ATenantWithoutConsentIsRefusedWithThePermissionToGrantAndOtherTenantsAreNotAffected()
    {
        var graph = new FakeGraph("user-install-app-forbidden", "user-install-app", "user-installed-apps-find", "user-installed-app-chat");
        var app = App(graph);

        var refused = await app.InstallAsync(AalborgTenant, Lars.UserId, CancellationToken.None);
        var installed = await app.InstallAsync(RegionTenant, Mette.UserId, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(PersonalAppStatus.Refused, refused.Status);
        Assert.Contains("Aalborg Kommune", refused.Reason);
        Assert.Contains(GraphPersonalApp.Permission, refused.Reason);
        Assert.Single(graph.Requests, r => r.Uri.AbsolutePath.Contains(Lars.UserId)); // no retry of a refusal
        Assert.Equal(PersonalAppInstall.Installed(ChatOfMette), installed);
    }
}
