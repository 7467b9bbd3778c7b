using TeamsCoordinator.Cases;

namespace TeamsCoordinator.Handovers;

/// <summary>
/// Nobody carrying a baton leaves the team ("fjern"), so a baton is never dropped: not the forløb's holder, not the
/// sender, named receiver or holder of an open (afventer or accepteret) handover, and not the last member who could
/// answer a baton offered to their organisation. Each gets the Danish reason and what to do first.
/// </summary>
public sealed class BatonRemovalGuard(BatonQuery batons) : IMemberRemovalGuard
{
    public async Task<IReadOnlyDictionary<string, string>> ProtectedMembersAsync(CitizenCase c, CancellationToken ct) =>
        Reasons(c, await batons.HistoryAsync(c.Id, ct));

    public static Dictionary<string, string> Reasons(CitizenCase c, IReadOnlyList<Handover> handovers)
    {
        var reasons = new Dictionary<string, string>();
        void Add(string? userId, string reason)
        {
            if (userId is not null && c.ActiveMember(userId) is not null) reasons.TryAdd(userId, reason);
        }

        var holder = BatonQuery.HolderOf(c, handovers);
        Add(holder.UserId, $"{holder.Name} har stafetten for forløbet. Giv den videre med @Koordinator stafet til …, før {holder.Name} fjernes.");
        foreach (var h in handovers.Where(h => h.IsOpen))
        {
            var what = $"stafetten ({HandoverTexts.SubjectName(h).ToLowerInvariant()})";
            if (h.State == HandoverState.Afventer)
            {
                Add(h.SenderUserId, $"{h.SenderName} har tilbudt {what}, og den afventer svar. Træk den tilbage eller vent på svaret først.");
                Add(h.IntendedReceiverUserId, $"{h.IntendedReceiverName} er tilbudt {what}, og den afventer svar. Den skal accepteres, afvises eller trækkes tilbage først.");
                var canAnswer = c.ActiveMembers.Where(m => m.Channel != ChannelMembership.EmailOnly && h.IsOfferedTo(m.UserId, m.OrganisationId)).ToList();
                if (h.IntendedReceiverUserId is null && canAnswer.Count == 1)
                    Add(canAnswer[0].UserId, $"{canAnswer[0].DisplayName} er den eneste i teamet, der kan svare på {what}, som afventer svar.");
            }
            else
            {
                Add(h.ReceiverUserId, $"{h.ReceiverName} har accepteret {what} og skal først melde borgeren landet trygt.");
                Add(h.SenderUserId, $"{h.SenderName} følger op på {what}, indtil borgeren er landet trygt.");
            }
        }
        return reasons;
    }
}
