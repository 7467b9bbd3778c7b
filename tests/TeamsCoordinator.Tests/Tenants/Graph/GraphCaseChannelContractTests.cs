using TeamsCoordinator.Tenants;
using static TeamsCoordinator.Tests.Tenants.Graph.GraphTestBed;

namespace TeamsCoordinator.Tests.Tenants.Graph;

public class GraphCaseChannelContractTests
{
    private const string WebUrlStart = "https://teams.microsoft.com/l/channel/19%3A0c5f3a6b1d2e4f708192a3b4c5d6e7f8";

    [Fact]
    public async Task SharedChannelIsCreatedInTheHostTeamFollowedToTheEndAndOpenedToTheBot()
    {
        var graph = new FakeGraph("channels-find-by-name-none", "channel-create-shared", "operation-in-progress", "operation-succeeded",
            "channel-get", "channel-enable-app");

        var channel = await GraphTenants(graph).CreateCaseChannelAsync(Request("region-nordjylland", "laegerne-vestergade"), CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal((HostTeam, SharedChannelId, SharedChannelId, ChannelMode.SharedChannel), (channel.TeamId, channel.ChannelId, channel.ConversationId, channel.Mode));
        Assert.StartsWith(WebUrlStart, channel.WebUrl);
    }

    [Fact]
    public async Task SharedChannelIsListedInTheTeamOfAnOrganisationThatAskedForIt()
    {
        var graph = new FakeGraph("channels-find-by-name-none", "channel-create-shared", "operation-succeeded", "channel-get",
            "channel-enable-app", "channel-share-with-team");

        var channel = await GraphTenants(graph).CreateCaseChannelAsync(Request("region-nordjylland", "aalborg-kommune"), CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(ChannelMode.SharedChannel, channel.Mode);
    }

    [Fact]
    public async Task CreationAgainAfterAFailureTakesUpTheChannelTheFirstAttemptMade()
    {
        var graph = new FakeGraph("channels-find-by-name-existing", "channel-enable-app");

        var channel = await GraphTenants(graph).CreateCaseChannelAsync(Request("region-nordjylland"), CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal((SharedChannelId, ChannelMode.SharedChannel), (channel.ChannelId, channel.Mode));
        Assert.StartsWith(WebUrlStart, channel.WebUrl);
    }

    [Fact]
    public async Task FailedCreationIsExplainedInDanishAndNotRetried()
    {
        var graph = new FakeGraph("channels-find-by-name-none", "channel-create-shared", "operation-failed");

        var refusal = await Assert.ThrowsAsync<CollaborationTenantException>(() =>
            GraphTenants(graph).CreateCaseChannelAsync(Request("region-nordjylland"), CancellationToken.None));

        graph.AssertAllServed();
        Assert.False(refusal.IsTransient);
        Assert.Equal("Teams kunne ikke oprette kanalen «Forløb AB 2026-0042»: In App-context, the specified Users in the request must be a team owner..", refusal.Message);
    }

    [Fact]
    public async Task ChannelNameLongerThanTeamsAllowsIsRefusedBeforeAnyRequest()
    {
        var graph = new FakeGraph();
        var request = Request("region-nordjylland") with { DisplayName = "Forløb " + new string('X', 44) };

        await Assert.ThrowsAsync<ArgumentException>(() => GraphTenants(graph).CreateCaseChannelAsync(request, CancellationToken.None));

        Assert.Empty(graph.Requests);
        Assert.Equal(50, (Request("region-nordjylland") with { DisplayName = "Forløb " + new string('X', 43) }).DisplayName.Length);
    }

    [Fact]
    public async Task AnOrganisationThatOnlyTakesGuestsMakesItAPrivateChannel()
    {
        var graph = new FakeGraph("channels-find-by-name-none", "channel-create-private", "channel-enable-app-private");

        var channel = await GraphTenants(graph).CreateCaseChannelAsync(
            Request("region-nordjylland", "aalborg-kommune", "broenderslev-kommune"), CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal((HostTeam, PrivateChannelId, ChannelMode.GuestChannel), (channel.TeamId, channel.ChannelId, channel.Mode));
    }

    [Fact]
    public async Task AnOrganisationThatOnlyChatsMakesItAGroupChatWithTheBotInstalled()
    {
        var graph = new FakeGraph("chat-create-group", "chat-install-app");

        var chat = await GraphTenants(graph).CreateCaseChannelAsync(
            Request("region-nordjylland", "aalborg-kommune", "broenderslev-kommune", "jammerbugt-kommune"), CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal((HostTeam, ChatId, ChatId, ChannelMode.GroupChat), (chat.TeamId, chat.ChannelId, chat.ConversationId, chat.Mode));
        Assert.NotNull(chat.WebUrl);
    }

    [Fact]
    public async Task TheOwnerMustBeFromTheHostOrganisation()
    {
        var graph = new FakeGraph();
        var request = Request("region-nordjylland", "aalborg-kommune") with { Owner = Lars };

        var refusal = await Assert.ThrowsAsync<CollaborationTenantException>(() => GraphTenants(graph).CreateCaseChannelAsync(request, CancellationToken.None));

        Assert.Empty(graph.Requests);
        Assert.Contains("Region Nordjylland", refusal.Message);
    }

    [Fact]
    public async Task AnOrganisationWithoutAHostTeamCannotCoordinate()
    {
        var graph = new FakeGraph();
        var request = Request() with { CoordinatingOrganisationId = "aalborg-kommune", Owner = Lars };

        var refusal = await Assert.ThrowsAsync<CollaborationTenantException>(() => GraphTenants(graph).CreateCaseChannelAsync(request, CancellationToken.None));

        Assert.Empty(graph.Requests);
        Assert.False(refusal.IsTransient);
        Assert.StartsWith("Aalborg Kommune har ikke noget forløbsteam", refusal.Message);
    }
}
