namespace TeamsCoordinator.Handovers;

/// <summary>What a person can do to a handover card.</summary>
public enum HandoverAction { View, Accept, Decline, Withdraw, LandSafely }

/// <summary>
/// How the person stands to one handover. A person has exactly one role: non-member first (they learn nothing),
/// then sender, then the holder (who accepted), then the receiving side (may accept), then any other member.
/// </summary>
public enum HandoverRole { Sender, ReceivingSide, Holder, OtherMember, NonMember }

/// <summary>Why an action was refused; <see cref="HandoverTexts.Refusal"/> says it in Danish.</summary>
public enum HandoverRefusal
{
    None,
    /// <summary>Not a member of the forløb: the same answer as for a forløb that does not exist.</summary>
    NotFound,
    OwnBaton,
    NotReceivingSide,
    OnlySender,
    OnlyHolder,
    NotAcceptedYet,
    AlreadyAccepted,
    AlreadyLanded,
    AlreadyDeclined,
    AlreadyWithdrawn,
    ReasonRequired,
}

/// <summary>The outcome of one action: the state afterwards (unchanged when refused or only viewed) or a refusal.</summary>
public readonly record struct HandoverDecision(HandoverState State, HandoverRefusal Refusal)
{
    public bool Allowed => Refusal == HandoverRefusal.None;
    public static HandoverDecision To(HandoverState state) => new(state, HandoverRefusal.None);
    public static HandoverDecision Refuse(HandoverState state, HandoverRefusal why) => new(state, why);
}

/// <summary>
/// The stafet rules as one pure function: state × action × role → new state or refusal. No clock, no database:
/// the table-driven tests read as the specification.
/// </summary>
public static class HandoverStateMachine
{
    public static HandoverDecision Decide(HandoverState state, HandoverAction action, HandoverRole role, bool hasReason = true)
    {
        HandoverDecision Refuse(HandoverRefusal why) => HandoverDecision.Refuse(state, why);

        if (role == HandoverRole.NonMember) return Refuse(HandoverRefusal.NotFound);
        if (action == HandoverAction.View) return HandoverDecision.To(state);

        // Closed batons: whatever is clicked, say what happened to them.
        switch (state)
        {
            case HandoverState.LandetTrygt: return Refuse(HandoverRefusal.AlreadyLanded);
            case HandoverState.Afvist: return Refuse(HandoverRefusal.AlreadyDeclined);
            case HandoverState.TrukketTilbage: return Refuse(HandoverRefusal.AlreadyWithdrawn);
        }

        if (state == HandoverState.Accepteret)
        {
            return action == HandoverAction.LandSafely
                ? role == HandoverRole.Holder ? HandoverDecision.To(HandoverState.LandetTrygt) : Refuse(HandoverRefusal.OnlyHolder)
                : Refuse(HandoverRefusal.AlreadyAccepted);
        }

        // Afventer: the sender holds the baton; the receiving side may take it or say no.
        return action switch
        {
            HandoverAction.Accept => role switch
            {
                HandoverRole.ReceivingSide => HandoverDecision.To(HandoverState.Accepteret),
                HandoverRole.Sender => Refuse(HandoverRefusal.OwnBaton),
                _ => Refuse(HandoverRefusal.NotReceivingSide),
            },
            HandoverAction.Decline => role switch
            {
                HandoverRole.ReceivingSide => hasReason ? HandoverDecision.To(HandoverState.Afvist) : Refuse(HandoverRefusal.ReasonRequired),
                HandoverRole.Sender => Refuse(HandoverRefusal.OwnBaton),
                _ => Refuse(HandoverRefusal.NotReceivingSide),
            },
            HandoverAction.Withdraw => role == HandoverRole.Sender ? HandoverDecision.To(HandoverState.TrukketTilbage) : Refuse(HandoverRefusal.OnlySender),
            HandoverAction.LandSafely => Refuse(HandoverRefusal.NotAcceptedYet),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
    }

    /// <summary>The one role a member has towards a handover (see <see cref="HandoverRole"/> for the order).</summary>
    public static HandoverRole RoleOf(Handover h, string userId, string? memberOrganisationId)
    {
        if (memberOrganisationId is null) return HandoverRole.NonMember;
        if (userId == h.SenderUserId) return HandoverRole.Sender;
        if (h.ReceiverUserId == userId) return HandoverRole.Holder;
        if (h.IsOfferedTo(userId, memberOrganisationId)) return HandoverRole.ReceivingSide;
        return HandoverRole.OtherMember;
    }

    /// <summary>The buttons a role sees in a state: exactly the actions the table allows (decline needs a reason input).</summary>
    public static IReadOnlyList<HandoverAction> AvailableActions(HandoverState state, HandoverRole role) =>
        new[] { HandoverAction.Accept, HandoverAction.Decline, HandoverAction.Withdraw, HandoverAction.LandSafely }
            .Where(a => Decide(state, a, role).Allowed).ToList();
}
