using TeamsCoordinator.Tenants;
using static TeamsCoordinator.Tests.Tenants.Graph.GraphTestBed;

namespace TeamsCoordinator.Tests.Tenants.Graph;

public class GraphMembershipContractTests
{
    [Fact]
    public async Task SomeoneFromAnotherTenantJoinsTheSharedChannelFromTheirHomeTenant()
    {
        var graph = new FakeGraph("channel-member-add-cross-tenant");

        var change = await GraphTenants(graph).AddMemberAsync(SharedChannel, Lars, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(MemberChange.Done(ChannelMode.SharedChannel), change);
    }

    [Fact]
    public async Task TenantsWithoutCrossTenantAccessAreRefusedWithWhatTheAdministratorsMustDo()
    {
        var graph = new FakeGraph("channel-member-add-cross-tenant-forbidden");

        var change = await GraphTenants(graph).AddMemberAsync(SharedChannel, Lars, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal((MemberChangeStatus.Refused, ChannelMode.SharedChannel, (TimeSpan?)null), (change.Status, change.Mode, change.RetryAfter));
        Assert.StartsWith("Aalborg Kommune kan endnu ikke deltage i delte kanaler fra Region Nordjylland, Psykiatrien", change.Reason);
        Assert.Contains("B2B direct connect", change.Reason);
        Assert.Contains("begge organisationer", change.Reason);
    }

    [Fact]
    public async Task AnOrganisationSetUpForGuestsIsRefusedInASharedChannelWithoutTrying()
    {
        var graph = new FakeGraph();

        var change = await GraphTenants(graph).AddMemberAsync(SharedChannel, Peter, CancellationToken.None);

        Assert.Empty(graph.Requests);
        Assert.Equal(MemberChangeStatus.Refused, change.Status);
        Assert.StartsWith("Brønderslev Kommune er sat op til at deltage som gæst i en privat kanal", change.Reason);
    }

    [Fact]
    public async Task RemovingSomeoneDeletesTheirMembership()
    {
        var graph = new FakeGraph("channel-members-list", "channel-member-delete");

        var change = await GraphTenants(graph).RemoveMemberAsync(SharedChannel, Lars, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(MemberChange.Done(ChannelMode.SharedChannel), change);
    }

    [Fact]
    public async Task RemovingSomeoneNoLongerThereIsDone()
    {
        var graph = new FakeGraph("channel-members-list");

        var change = await GraphTenants(graph).RemoveMemberAsync(SharedChannel, Rasmus, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(MemberChange.Done(ChannelMode.SharedChannel), change);
    }

    [Fact]
    public async Task AGuestIsInvitedThenAddedToTheHostTeamAndThePrivateChannel()
    {
        var graph = new FakeGraph("users-find-guest-none", "invitation-create", "team-member-add-guest", "channel-member-add-guest");

        var change = await GraphTenants(graph).AddMemberAsync(GuestChannel, Peter, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(MemberChange.Done(ChannelMode.GuestChannel), change);
    }

    [Fact]
    public async Task AGuestIsSentTheInvitationEmailOnlyOnceWhateverIsRetried()
    {
        // The first attempt invited Peter (the e-mail went out) and was then throttled; the retry finds him as a guest.
        var graph = new FakeGraph("users-find-guest-existing", "team-member-add-guest", "channel-member-add-guest");

        var change = await GraphTenants(graph).AddMemberAsync(GuestChannel, Peter, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(MemberChange.Done(ChannelMode.GuestChannel), change);
        Assert.DoesNotContain(graph.Requests, r => r.Uri.AbsolutePath.EndsWith("/invitations", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HostStaffJoinThePrivateChannelThroughTheHostTeamFirst()
    {
        var graph = new FakeGraph("team-member-add-host-staff", "channel-member-add-private-host-staff");

        var change = await GraphTenants(graph).AddMemberAsync(GuestChannel, Jonas, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(MemberChange.Done(ChannelMode.GuestChannel), change);
    }

    [Fact]
    public async Task HostStaffAlreadyInTheHostTeamStillJoinThePrivateChannel()
    {
        var graph = new FakeGraph("team-member-add-host-staff-already", "channel-member-add-private-host-staff");

        var change = await GraphTenants(graph).AddMemberAsync(GuestChannel, Jonas, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(MemberChange.Done(ChannelMode.GuestChannel), change);
    }

    [Fact]
    public async Task AGuestWithoutEmailCannotBeInvited()
    {
        var graph = new FakeGraph();

        var change = await GraphTenants(graph).AddMemberAsync(GuestChannel, Peter with { Email = null }, CancellationToken.None);

        Assert.Empty(graph.Requests);
        Assert.Equal((MemberChangeStatus.Failed, "Peter Damgaard har ingen e-mailadresse i brugerkataloget, så der kan ikke sendes en gæsteinvitation."), (change.Status, change.Reason));
    }

    [Fact]
    public async Task SomeoneFromAnotherTenantJoinsTheGroupChatFromTheirHomeTenant()
    {
        var graph = new FakeGraph("chat-member-add-external");

        var change = await GraphTenants(graph).AddMemberAsync(GroupChat, Rasmus, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(MemberChange.Done(ChannelMode.GroupChat), change);
    }

    [Fact]
    public async Task RemovingSomeoneFromTheGroupChatDeletesTheirMembership()
    {
        var graph = new FakeGraph("chat-members-list", "chat-member-delete");

        var change = await GraphTenants(graph).RemoveMemberAsync(GroupChat, Rasmus, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(MemberChange.Done(ChannelMode.GroupChat), change);
    }

    [Fact]
    public async Task PeopleWithoutTeamsAreReachedByEmailAndTeamsIsNotAsked()
    {
        var graph = new FakeGraph();
        var tenants = GraphTenants(graph);

        Assert.Equal(MemberChange.Done(ChannelMode.EmailOnly), await tenants.AddMemberAsync(SharedChannel, Birgitte, CancellationToken.None));
        Assert.Equal(MemberChange.Done(ChannelMode.EmailOnly), await tenants.RemoveMemberAsync(GroupChat, Birgitte, CancellationToken.None));

        Assert.Empty(graph.Requests);
    }

    [Fact]
    public async Task AChannelInATeamNoOrganisationHostsIsAFailureNotASilentSuccess()
    {
        var graph = new FakeGraph();

        var change = await GraphTenants(graph).AddMemberAsync(SharedChannel with { TeamId = "00000000-0000-0000-0000-000000000000" }, Lars, CancellationToken.None);

        Assert.Empty(graph.Requests);
        Assert.Equal(MemberChangeStatus.Failed, change.Status);
    }
}
