using TeamsCoordinator.Handovers;
using static TeamsCoordinator.Handovers.HandoverAction;
using static TeamsCoordinator.Handovers.HandoverState;

namespace TeamsCoordinator.Tests.Handovers;

/// <summary>
/// The stafet rules, every state × every action × every role. Each cell is the state afterwards ("→ State") or
/// the refusal. Columns: Sender, ReceivingSide, Holder, OtherMember, NonMember.
/// </summary>
public sealed class HandoverStateMachineTests
{
    private static readonly HandoverRole[] Columns =
        [HandoverRole.Sender, HandoverRole.ReceivingSide, HandoverRole.Holder, HandoverRole.OtherMember, HandoverRole.NonMember];

    private static readonly (HandoverState State, HandoverAction Action, string Row)[] Table =
    [
        //                              Sender             ReceivingSide      Holder             OtherMember        NonMember
        (Afventer, View,       "→ Afventer       | → Afventer       | → Afventer       | → Afventer       | NotFound"),
        (Afventer, Accept,     "OwnBaton         | → Accepteret     | NotReceivingSide | NotReceivingSide | NotFound"),
        (Afventer, Decline,    "OwnBaton         | → Afvist         | NotReceivingSide | NotReceivingSide | NotFound"),
        (Afventer, Withdraw,   "→ TrukketTilbage | OnlySender       | OnlySender       | OnlySender       | NotFound"),
        (Afventer, LandSafely, "NotAcceptedYet   | NotAcceptedYet   | NotAcceptedYet   | NotAcceptedYet   | NotFound"),

        (Accepteret, View,       "→ Accepteret     | → Accepteret     | → Accepteret     | → Accepteret     | NotFound"),
        (Accepteret, Accept,     "AlreadyAccepted  | AlreadyAccepted  | AlreadyAccepted  | AlreadyAccepted  | NotFound"),
        (Accepteret, Decline,    "AlreadyAccepted  | AlreadyAccepted  | AlreadyAccepted  | AlreadyAccepted  | NotFound"),
        (Accepteret, Withdraw,   "AlreadyAccepted  | AlreadyAccepted  | AlreadyAccepted  | AlreadyAccepted  | NotFound"),
        (Accepteret, LandSafely, "OnlyHolder       | OnlyHolder       | → LandetTrygt    | OnlyHolder       | NotFound"),

        (LandetTrygt, View,       "→ LandetTrygt    | → LandetTrygt    | → LandetTrygt    | → LandetTrygt    | NotFound"),
        (LandetTrygt, Accept,     "AlreadyLanded    | AlreadyLanded    | AlreadyLanded    | AlreadyLanded    | NotFound"),
        (LandetTrygt, Decline,    "AlreadyLanded    | AlreadyLanded    | AlreadyLanded    | AlreadyLanded    | NotFound"),
        (LandetTrygt, Withdraw,   "AlreadyLanded    | AlreadyLanded    | AlreadyLanded    | AlreadyLanded    | NotFound"),
        (LandetTrygt, LandSafely, "AlreadyLanded    | AlreadyLanded    | AlreadyLanded    | AlreadyLanded    | NotFound"),

        (Afvist, View,       "→ Afvist         | → Afvist         | → Afvist         | → Afvist         | NotFound"),
        (Afvist, Accept,     "AlreadyDeclined  | AlreadyDeclined  | AlreadyDeclined  | AlreadyDeclined  | NotFound"),
        (Afvist, Decline,    "AlreadyDeclined  | AlreadyDeclined  | AlreadyDeclined  | AlreadyDeclined  | NotFound"),
        (Afvist, Withdraw,   "AlreadyDeclined  | AlreadyDeclined  | AlreadyDeclined  | AlreadyDeclined  | NotFound"),
        (Afvist, LandSafely, "AlreadyDeclined  | AlreadyDeclined  | AlreadyDeclined  | AlreadyDeclined  | NotFound"),

        (TrukketTilbage, View,       "→ TrukketTilbage | → TrukketTilbage | → TrukketTilbage | → TrukketTilbage | NotFound"),
        (TrukketTilbage, Accept,     "AlreadyWithdrawn | AlreadyWithdrawn | AlreadyWithdrawn | AlreadyWithdrawn | NotFound"),
        (TrukketTilbage, Decline,    "AlreadyWithdrawn | AlreadyWithdrawn | AlreadyWithdrawn | AlreadyWithdrawn | NotFound"),
        (TrukketTilbage, Withdraw,   "AlreadyWithdrawn | AlreadyWithdrawn | AlreadyWithdrawn | AlreadyWithdrawn | NotFound"),
        (TrukketTilbage, LandSafely, "AlreadyWithdrawn | AlreadyWithdrawn | AlreadyWithdrawn | AlreadyWithdrawn | NotFound"),
    ];

    public static IEnumerable<object[]> Cells() =>
        from row in Table
        let cells = row.Row.Split('|', StringSplitOptions.TrimEntries)
        from i in Enumerable.Range(0, Columns.Length)
        select new object[] { row.State, row.Action, Columns[i], cells[i] };

    [Theory]
    [MemberData(nameof(Cells))]
    public void EveryStateActionAndRoleHasExactlyTheSpecifiedOutcome(HandoverState state, HandoverAction action, HandoverRole role, string expected)
    {
        var decision = HandoverStateMachine.Decide(state, action, role);

        if (expected.StartsWith('→'))
        {
            Assert.True(decision.Allowed, $"{state} × {action} × {role}: expected {expected}, was refused with {decision.Refusal}");
            Assert.Equal(Enum.Parse<HandoverState>(expected[1..].Trim()), decision.State);
        }
        else
        {
            Assert.False(decision.Allowed, $"{state} × {action} × {role}: expected {expected}, was allowed to {decision.State}");
            Assert.Equal(Enum.Parse<HandoverRefusal>(expected), decision.Refusal);
            Assert.Equal(state, decision.State);
        }
    }

    [Fact]
    public void TheTableCoversEveryStateActionAndRole()
    {
        Assert.Equal(Enum.GetValues<HandoverState>().Length * Enum.GetValues<HandoverAction>().Length, Table.Length);
        Assert.Equal(Table.Length, Table.Select(r => (r.State, r.Action)).Distinct().Count());
        Assert.Equal(Enum.GetValues<HandoverRole>().Length, Columns.Length);
        Assert.All(Table, r => Assert.Equal(Columns.Length, r.Row.Split('|').Length));
    }

    [Fact]
    public void DeclineWithoutAReasonIsRefusedAndChangesNothing()
    {
        var decision = HandoverStateMachine.Decide(Afventer, Decline, HandoverRole.ReceivingSide, hasReason: false);

        Assert.Equal(HandoverRefusal.ReasonRequired, decision.Refusal);
        Assert.Equal(Afventer, decision.State);
    }

    [Theory]
    [InlineData(Afventer, HandoverRole.ReceivingSide, "Accept,Decline")]
    [InlineData(Afventer, HandoverRole.Sender, "Withdraw")]
    [InlineData(Afventer, HandoverRole.OtherMember, "")]
    [InlineData(Accepteret, HandoverRole.Holder, "LandSafely")]
    [InlineData(Accepteret, HandoverRole.Sender, "")]
    [InlineData(Accepteret, HandoverRole.ReceivingSide, "")]
    [InlineData(LandetTrygt, HandoverRole.Holder, "")]
    [InlineData(Afvist, HandoverRole.ReceivingSide, "")]
    [InlineData(TrukketTilbage, HandoverRole.Sender, "")]
    public void EachRoleSeesExactlyTheButtonsItMayUse(HandoverState state, HandoverRole role, string expected)
    {
        Assert.Equal(expected, string.Join(',', HandoverStateMachine.AvailableActions(state, role)));
    }

    private static Handover Offer(string? toPerson = null) => new()
    {
        PublicId = "p", SenderUserId = "sofie", SenderName = "Sofie", SenderOrganisationId = "region",
        ReceiverOrganisationId = "aalborg", IntendedReceiverUserId = toPerson, State = Afventer,
    };

    [Fact]
    public void AnOfferToAnOrganisationCanBeTakenByAnyoneThereButNotTheSender()
    {
        var h = Offer();

        Assert.Equal(HandoverRole.ReceivingSide, HandoverStateMachine.RoleOf(h, "lars", "aalborg"));
        Assert.Equal(HandoverRole.ReceivingSide, HandoverStateMachine.RoleOf(h, "camilla", "aalborg"));
        Assert.Equal(HandoverRole.OtherMember, HandoverStateMachine.RoleOf(h, "rasmus", "jammerbugt"));
        Assert.Equal(HandoverRole.Sender, HandoverStateMachine.RoleOf(h, "sofie", "region"));
        Assert.Equal(HandoverRole.NonMember, HandoverStateMachine.RoleOf(h, "ole", memberOrganisationId: null));
    }

    [Fact]
    public void AnOfferToOnePersonCanBeTakenOnlyByThem()
    {
        var h = Offer(toPerson: "mette");

        Assert.Equal(HandoverRole.ReceivingSide, HandoverStateMachine.RoleOf(h, "mette", "region"));
        Assert.Equal(HandoverRole.OtherMember, HandoverStateMachine.RoleOf(h, "jonas", "region"));
    }

    [Fact]
    public void WhoeverAcceptedIsTheHolder()
    {
        var h = Offer();
        h.State = Accepteret;
        h.ReceiverUserId = "lars";

        Assert.Equal(HandoverRole.Holder, HandoverStateMachine.RoleOf(h, "lars", "aalborg"));
        Assert.Equal(HandoverRole.ReceivingSide, HandoverStateMachine.RoleOf(h, "camilla", "aalborg"));
    }
}
