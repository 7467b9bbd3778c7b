using TeamsCoordinator.Tenants;
using static TeamsCoordinator.Tests.Tenants.Graph.GraphTestBed;

namespace TeamsCoordinator.Tests.Tenants.Graph;

/// <summary>
/// Throttling and outages go through the Graph SDK's own retry handler (kept in every client's pipeline); what is
/// still failing after it, or would need a longer wait than a turn can afford, becomes Pending with a retry time.
/// </summary>
public class GraphThrottlingContractTests
{
    [Fact]
    public async Task ThrottledRequestIsRetriedAfterTheDelayGraphAskedFor()
    {
        var graph = new FakeGraph("channel-member-add-throttled", "channel-member-add-cross-tenant");
        using var delays = new SdkRetryDelays();

        var change = await GraphTenants(graph).AddMemberAsync(SharedChannel, Lars, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(MemberChange.Done(ChannelMode.SharedChannel), change);
        Assert.Equal([null, "1"], graph.Requests.Select(r => r.Header("Retry-Attempt")));
        Assert.Equal([1.0], delays.Seconds); // the contract's Retry-After: 1
    }

    [Fact]
    public async Task RetryAfterLongerThanATurnMayWaitIsPendingWithThatDelay()
    {
        var graph = new FakeGraph("channel-member-add-throttled-long");
        using var delays = new SdkRetryDelays();

        var change = await GraphTenants(graph).AddMemberAsync(SharedChannel, Lars, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal((MemberChangeStatus.Pending, TimeSpan.FromSeconds(120)), (change.Status, change.RetryAfter));
        Assert.Equal("Microsoft 365 svarer ikke lige nu eller beder os vente; der prøves igen automatisk.", change.Reason);
        Assert.Single(graph.Requests);
        Assert.Equal([120.0], delays.Seconds); // considered by the SDK, and refused by our MaxRetryWait of 5 s
    }

    [Fact]
    public async Task RetryAfterLongerThanOneCallMayWaitIsHandedToTheDurableRetryNotLostToTheTimeout()
    {
        // 25 s: within a 30 s wait budget the SDK would sleep 25 s and its 30 s HttpClient timeout end the call, losing the
        // delay; with the production limits (5 s of waiting, 30 s timeout) it goes straight back as Pending with it.
        var graph = new FakeGraph("channel-member-add-throttled-25s");
        using var delays = new SdkRetryDelays();

        var change = await GraphTenants(graph).AddMemberAsync(SharedChannel, Lars, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal((MemberChangeStatus.Pending, TimeSpan.FromSeconds(25)), (change.Status, change.RetryAfter));
        Assert.Single(graph.Requests);
        Assert.Equal([25.0], delays.Seconds);
    }

    [Fact]
    public async Task OutageOutlastingTheSdkRetriesIsPendingForADurableRetry()
    {
        var graph = new FakeGraph("channel-member-add-unavailable");

        var change = await GraphTenants(graph).AddMemberAsync(SharedChannel, Lars, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal((MemberChangeStatus.Pending, ChannelMode.SharedChannel), (change.Status, change.Mode));
        Assert.Equal(TimeSpan.FromMinutes(1), change.RetryAfter);
        Assert.Equal([null, "1", "2"], graph.Requests.Select(r => r.Header("Retry-Attempt")));
    }

    [Fact]
    public async Task ThrottledChannelCreationIsATransientRefusalWithTheDelay()
    {
        var graph = new FakeGraph("channels-find-by-name-none", "channel-create-throttled");

        var refusal = await Assert.ThrowsAsync<CollaborationTenantException>(() =>
            GraphTenants(graph).CreateCaseChannelAsync(Request("region-nordjylland"), CancellationToken.None));

        graph.AssertAllServed();
        Assert.True(refusal.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(120), refusal.RetryAfter);
    }
}
