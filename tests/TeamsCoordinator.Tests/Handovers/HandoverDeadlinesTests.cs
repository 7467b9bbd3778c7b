using TeamsCoordinator.Handovers;

namespace TeamsCoordinator.Tests.Handovers;

/// <summary>An offer past its deadline is marked overdue (and stays with the sender); a discharge must land safely in time.</summary>
public sealed class HandoverDeadlinesTests
{
    private static readonly DateTimeOffset Deadline = new(2026, 3, 5, 23, 0, 0, TimeSpan.Zero);

    private static Handover Offer(HandoverState state = HandoverState.Afventer, DateTimeOffset? landBy = null) => new()
    {
        PublicId = "p", SenderUserId = "s", SenderName = "S", SenderOrganisationId = "o", ReceiverOrganisationId = "r",
        State = state, Deadline = Deadline, LandingDeadline = landBy,
    };

    [Fact]
    public void AnOfferIsNotOverdueBeforeItsDeadline() => Assert.Null(HandoverDeadlines.Due(Offer(), Deadline.AddTicks(-1)));

    [Fact]
    public void AnOfferIsOverdueFromItsDeadlineOn()
    {
        Assert.Equal((OverdueReason.NotAccepted, Deadline), HandoverDeadlines.Due(Offer(), Deadline));
        Assert.Equal((OverdueReason.NotAccepted, Deadline), HandoverDeadlines.Due(Offer(), Deadline.AddDays(2)));
    }

    [Fact]
    public void AnAcceptedBatonIsNotOverdueForAcceptance() => Assert.Null(HandoverDeadlines.Due(Offer(HandoverState.Accepteret), Deadline.AddDays(2)));

    [Theory]
    [InlineData(HandoverState.LandetTrygt)]
    [InlineData(HandoverState.Afvist)]
    [InlineData(HandoverState.TrukketTilbage)]
    public void AClosedBatonIsNeverOverdue(HandoverState state) =>
        Assert.Null(HandoverDeadlines.Due(Offer(state, landBy: Deadline), Deadline.AddDays(10)));

    [Theory]
    [InlineData(HandoverState.Afventer)]
    [InlineData(HandoverState.Accepteret)]
    public void ADischargeThatHasNotLandedSafelyInTimeIsOverdue(HandoverState state)
    {
        var landBy = Deadline.AddDays(-1);
        Assert.Equal((OverdueReason.NotLanded, landBy), HandoverDeadlines.Due(Offer(state, landBy), landBy));
    }

    [Fact]
    public void AMarkIsRenewedOnlyForANewReason()
    {
        var h = Offer(landBy: Deadline.AddDays(1));
        Assert.True(HandoverDeadlines.NeedsMark(h, Deadline));
        h.OverdueReason = OverdueReason.NotAccepted;
        Assert.False(HandoverDeadlines.NeedsMark(h, Deadline.AddHours(1)));
        Assert.True(HandoverDeadlines.NeedsMark(h, Deadline.AddDays(1)));
    }

    [Fact]
    public void ADeadlineDayLastsUntilMidnightInCopenhagen()
    {
        // 5 March 2026 is winter time (UTC+1): the day ends at 23:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 23, 0, 0, TimeSpan.Zero), SubmitHandoverAction.EndOfDay(new DateOnly(2026, 3, 5)));
        // 5 July 2026 is summer time (UTC+2): the day ends at 22:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 7, 5, 22, 0, 0, TimeSpan.Zero), SubmitHandoverAction.EndOfDay(new DateOnly(2026, 7, 5)));
        Assert.Equal("05-03-2026", HandoverTexts.DeadlineDay(SubmitHandoverAction.EndOfDay(new DateOnly(2026, 3, 5))));
    }
}
