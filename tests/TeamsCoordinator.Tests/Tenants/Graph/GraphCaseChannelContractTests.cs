using TeamsCoordinator.Tenants;
using static TeamsCoordinator.Tests.Tenants.Graph.GraphTestBed;

namespace TeamsCoordinator.Tests.Tenants.Graph;

public class GraphCaseChannelContractTests
{
    private const string WebUrlStart = "https://teams.microsoft.com/l/channel/19%3A0c5f3a6b1d2e4f708192a3b4c5d6e7f8";
    private const string OperationId = "359d75f6-2bb8-4785-ab2d-377bf3d573fa";

    [Fact]
    public async Task SharedChannelCreationAnswersAtOnceAndTheOperationIsFollowedLaterUntilTheChannelExists()
    {
        var graph = new FakeGraph("channels-find-by-name-none", "channel-create-shared", "operation-in-progress", "operation-succeeded", "channel-get");
        var tenants = GraphTenants(graph);

        // The creating click: one POST, no waiting for Teams (an invoke has 15 seconds).
        var started = await tenants.CreateCaseChannelAsync(Request("region-nordjylland", "laegerne-vestergade"), CancellationToken.None);
        Assert.Equal((null, OperationId, TimeSpan.FromMilliseconds(1)), (started.Channel, started.Operation, started.PollAfter));
        Assert.Equal(2, graph.Requests.Count);

        // The retry worker, later: still running, then done.
        var running = await tenants.CreateCaseChannelAsync(Request("region-nordjylland") with { Operation = started.Operation }, CancellationToken.None);
        Assert.Equal((null, OperationId), (running.Channel, running.Operation));
        var done = await tenants.CreateCaseChannelAsync(Request("region-nordjylland") with { Operation = started.Operation }, CancellationToken.None);

        graph.AssertAllServed();
        var channel = done.Channel!;
        Assert.Equal((HostTeam, SharedChannelId, SharedChannelId, ChannelMode.SharedChannel), (channel.TeamId, channel.ChannelId, channel.ConversationId, channel.Mode));
        Assert.StartsWith(WebUrlStart, channel.WebUrl);
        Assert.Equal([Mette.UserId], done.JoinedUserIds);
    }

    [Fact]
    public async Task TheBotIsLetIntoTheSharedChannelAsAStepOfItsOwn()
    {
        var graph = new FakeGraph("channel-enable-app");

        Assert.True(await GraphTenants(graph).EnableBotAsync(SharedChannel, CancellationToken.None));

        graph.AssertAllServed();
    }

    [Fact]
    public async Task AppNotAllowedIntoTheChannelIsARefusalThatNamesThePermissionTheAdministratorMustGrant()
    {
        var graph = new FakeGraph("channel-enable-app-forbidden");

        var refusal = await Assert.ThrowsAsync<CollaborationTenantException>(() => GraphTenants(graph).EnableBotAsync(SharedChannel, CancellationToken.None));

        graph.AssertAllServed();
        Assert.False(refusal.IsTransient);
        Assert.Contains("TeamsAppInstallation.ManageSelectedForTeam.All", refusal.Message);
        Assert.Contains("administratorsamtykke", refusal.Message);
    }

    [Fact]
    public async Task SharedChannelIsNeverSharedWithAnotherOrganisationsWholeTeam()
    {
        // Aalborg has a team of its own; sharing the channel with it would show the forløb to every member of that team.
        var graph = new FakeGraph("channels-find-by-name-none", "channel-create-shared", "operation-succeeded", "channel-get", "channel-enable-app");
        var tenants = GraphTenants(graph);

        var started = await tenants.CreateCaseChannelAsync(Request("region-nordjylland", "aalborg-kommune"), CancellationToken.None);
        var done = await tenants.CreateCaseChannelAsync(Request("region-nordjylland", "aalborg-kommune") with { Operation = started.Operation }, CancellationToken.None);
        await tenants.EnableBotAsync(done.Channel!, CancellationToken.None);

        graph.AssertAllServed();
        Assert.DoesNotContain(graph.Requests, r => r.Uri.AbsolutePath.EndsWith("/sharedWithTeams", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreationAgainAfterAFailureTakesUpTheChannelTheFirstAttemptMade()
    {
        var graph = new FakeGraph("channels-find-by-name-existing");

        var creation = await GraphTenants(graph).CreateCaseChannelAsync(Request("region-nordjylland"), CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal((SharedChannelId, ChannelMode.SharedChannel), (creation.Channel!.ChannelId, creation.Channel.Mode));
        Assert.StartsWith(WebUrlStart, creation.Channel.WebUrl);
    }

    [Fact]
    public async Task FailedCreationIsExplainedInDanishAndNotRetried()
    {
        var graph = new FakeGraph("channels-find-by-name-none", "channel-create-shared", "operation-failed");
        var tenants = GraphTenants(graph);
        var started = await tenants.CreateCaseChannelAsync(Request("region-nordjylland"), CancellationToken.None);

        var refusal = await Assert.ThrowsAsync<CollaborationTenantException>(() =>
            tenants.CreateCaseChannelAsync(Request("region-nordjylland") with { Operation = started.Operation }, CancellationToken.None));

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
    public async Task AnOrganisationThatOnlyTakesGuestsMakesItAPrivateChannelAndNoBetaCallIsMade()
    {
        var graph = new FakeGraph("channels-find-by-name-none", "channel-create-private");
        var tenants = GraphTenants(graph);

        var creation = await tenants.CreateCaseChannelAsync(Request("region-nordjylland", "aalborg-kommune", "broenderslev-kommune"), CancellationToken.None);
        var botIn = await tenants.EnableBotAsync(creation.Channel!, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal((HostTeam, PrivateChannelId, ChannelMode.GuestChannel), (creation.Channel!.TeamId, creation.Channel.ChannelId, creation.Channel.Mode));
        Assert.False(botIn); // v1.0 lets apps into shared channels only: a channel owner adds Koordinator
        Assert.DoesNotContain(graph.Requests, r => r.Uri.AbsolutePath.StartsWith("/beta/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithBetaAllowedTheBotIsLetIntoThePrivateChannel()
    {
        var graph = new FakeGraph("channel-enable-app-private");
        var options = Options();
        options.PrivateChannelAppsViaBeta = true;

        Assert.True(await GraphTenants(graph, options).EnableBotAsync(GuestChannel, CancellationToken.None));

        graph.AssertAllServed();
    }

    [Fact]
    public async Task AGroupChatIsCreatedWithEveryParticipantAtOnceAndTheBotInstalledAfterwards()
    {
        var graph = new FakeGraph("chats-find-by-topic-none", "chat-create-group", "chat-install-app");
        var tenants = GraphTenants(graph);
        var request = Request("region-nordjylland", "aalborg-kommune", "jammerbugt-kommune", "laegerne-vestergade") with { Members = [Mette, Lars, Rasmus, Birgitte] };

        var creation = await tenants.CreateCaseChannelAsync(request, CancellationToken.None);
        var botIn = await tenants.EnableBotAsync(creation.Channel!, CancellationToken.None);

        graph.AssertAllServed();
        var chat = creation.Channel!;
        Assert.Equal((HostTeam, ChatId, ChatId, ChannelMode.GroupChat), (chat.TeamId, chat.ChannelId, chat.ConversationId, chat.Mode));
        Assert.NotNull(chat.WebUrl);
        Assert.Equal([Mette.UserId, Lars.UserId, Rasmus.UserId], creation.JoinedUserIds); // the GP has no Teams account
        Assert.True(botIn);
    }

    [Fact]
    public async Task CreatingTheGroupChatAgainTakesUpTheChatTheFirstAttemptMade()
    {
        var graph = new FakeGraph("chats-find-by-topic-existing");
        var request = Request("region-nordjylland", "aalborg-kommune", "jammerbugt-kommune") with { Members = [Mette, Lars, Rasmus] };

        var creation = await GraphTenants(graph).CreateCaseChannelAsync(request, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal((ChatId, ChannelMode.GroupChat), (creation.Channel!.ChannelId, creation.Channel.Mode));
        Assert.Equal([Mette.UserId, Rasmus.UserId], creation.JoinedUserIds); // Lars was not in it: he is added as a member
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
