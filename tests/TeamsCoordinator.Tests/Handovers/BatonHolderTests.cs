using TeamsCoordinator.Cases;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Tests.Handovers;

/// <summary>At every instant a forløb has exactly one holder; until "landet trygt" the sender still follows up.</summary>
public sealed class BatonHolderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static CitizenCase Case() => new()
    {
        Id = 7, Initials = "AB", CaseNumber = "F-1", CoordinatingOrganisationId = "region", CoordinatorUserId = "sofie", CreatedBy = "sofie", CreatedAt = T0,
        Members =
        [
            Member("sofie", "Sofie Lund", "region", Sector.Region),
            Member("lars", "Lars Nielsen", "aalborg", Sector.Kommune),
            Member("camilla", "Camilla Berg", "aalborg", Sector.Kommune),
        ],
    };

    private static CaseMember Member(string id, string name, string org, Sector sector) =>
        new() { UserId = id, DisplayName = name, OrganisationId = org, Sector = sector, AddedBy = "sofie" };

    private static Handover Baton(long id, HandoverSubject subject, HandoverState state, string? receiver, int hoursAfterStart, string sender = "sofie") => new()
    {
        Id = id, CaseId = 7, PublicId = $"h{id}", Subject = subject, State = state, SenderUserId = sender, SenderName = sender,
        SenderOrganisationId = sender == "sofie" ? "region" : "aalborg", ReceiverOrganisationId = "aalborg",
        ReceiverUserId = receiver, ReceiverName = receiver, OfferedAt = T0.AddHours(hoursAfterStart - 1),
        AcceptedAt = receiver is null ? null : T0.AddHours(hoursAfterStart),
    };

    [Fact]
    public void WithoutHandoversTheCoordinatorHoldsTheBaton()
    {
        var holder = BatonQuery.HolderOf(Case(), []);

        Assert.Equal("sofie", holder.UserId);
        Assert.Equal("region", holder.OrganisationId);
        Assert.Null(holder.FollowingUpUserId);
    }

    [Fact]
    public void AnOfferAwaitingAcceptanceLeavesTheBatonWithTheSender()
    {
        var holder = BatonQuery.HolderOf(Case(), [Baton(1, HandoverSubject.WholeCase, HandoverState.Afventer, null, 1)]);

        Assert.Equal("sofie", holder.UserId);
    }

    [Fact]
    public void AcceptingTheWholeForloebMakesTheReceiverHolderWhileTheSenderFollowsUp()
    {
        var holder = BatonQuery.HolderOf(Case(), [Baton(1, HandoverSubject.WholeCase, HandoverState.Accepteret, "lars", 2)]);

        Assert.Equal("lars", holder.UserId);
        Assert.Equal("aalborg", holder.OrganisationId);
        Assert.Equal(Sector.Kommune, holder.Sector);
        Assert.Equal(T0.AddHours(2), holder.Since);
        Assert.Equal("sofie", holder.FollowingUpUserId);
    }

    [Fact]
    public void LandingSafelyEndsTheOverlap()
    {
        var holder = BatonQuery.HolderOf(Case(), [Baton(1, HandoverSubject.WholeCase, HandoverState.LandetTrygt, "lars", 2)]);

        Assert.Equal("lars", holder.UserId);
        Assert.Null(holder.FollowingUpUserId);
    }

    [Theory]
    [InlineData(HandoverState.Afvist)]
    [InlineData(HandoverState.TrukketTilbage)]
    public void ADeclinedOrWithdrawnBatonStaysWithTheSender(HandoverState state)
    {
        var holder = BatonQuery.HolderOf(Case(), [Baton(1, HandoverSubject.WholeCase, state, null, 1)]);

        Assert.Equal("sofie", holder.UserId);
    }

    [Fact]
    public void ATaskBatonDoesNotMoveTheForloebsBaton()
    {
        var holder = BatonQuery.HolderOf(Case(), [Baton(1, HandoverSubject.Task, HandoverState.Accepteret, "camilla", 1)]);

        Assert.Equal("sofie", holder.UserId);
    }

    [Fact]
    public void TheLatestAcceptedHandoverWins()
    {
        var c = Case();
        var holder = BatonQuery.HolderOf(c,
        [
            Baton(1, HandoverSubject.WholeCase, HandoverState.LandetTrygt, "lars", 1),
            Baton(2, HandoverSubject.WholeCase, HandoverState.Accepteret, "camilla", 5, sender: "lars"),
        ]);

        Assert.Equal("camilla", holder.UserId);
        Assert.Equal("lars", holder.FollowingUpUserId);
    }

    [Fact]
    public void AfterTheCoordinatorRoleIsHandedOverTheCoordinatorHoldsTheBaton()
    {
        var c = Case();
        c.CoordinatorUserId = "camilla";
        var holder = BatonQuery.HolderOf(c, [Baton(1, HandoverSubject.CoordinatorRole, HandoverState.Accepteret, "camilla", 1)]);

        Assert.Equal("camilla", holder.UserId);
        Assert.Equal("sofie", holder.FollowingUpUserId);
    }

    [Fact]
    public void AHolderWhoLeftTheTeamDropsNothing_TheBatonFallsBackToTheCoordinator()
    {
        var c = Case();
        c.Members.Single(m => m.UserId == "lars").RemovedAt = T0.AddDays(1);
        var holder = BatonQuery.HolderOf(c, [Baton(1, HandoverSubject.WholeCase, HandoverState.LandetTrygt, "lars", 2)]);

        Assert.Equal("sofie", holder.UserId);
        Assert.True(holder.FellBackToCoordinator);
    }
}
