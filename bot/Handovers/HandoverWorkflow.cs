using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Conversation;

namespace TeamsCoordinator.Handovers;

/// <summary>
/// Applies a click on a handover card. Exactly one of several racing clicks wins: the state is re-read, the pure
/// state machine decides, and the change is saved against the version it was decided on (optimistic concurrency,
/// plus a unique (handover, from-version) transition row and version-keyed outbox rows). A click that loses the race
/// is decided again on the fresh state and gets the current card with a Danish explanation. Nothing happens twice.
/// </summary>
public sealed class HandoverWorkflow(CaseAccess access, AuditLog audit, HandoverViews views, HandoverNotifications notify, Tasks.TaskHandovers tasks,
    ILogger<HandoverWorkflow> log)
{
    private const int MaxAttempts = 8;

    public async Task<AdaptiveCardInvokeResponse> ActAsync(Turn turn, string? publicId, HandoverAction action, string? reason, string? cardVersion, CancellationToken ct)
    {
        reason = reason?.Trim();
        if (reason is { Length: > 1000 }) reason = reason[..1000];
        for (var attempt = 1; ; attempt++)
        {
            var h = publicId is null ? null : await turn.Db.Set<Handover>().FirstOrDefaultAsync(x => x.PublicId == publicId, ct);
            var c = h is null ? null : await access.ByIdAsync(h.CaseId, turn.UserKey, $"stafet {action}", ct);
            if (h is null || c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));

            var member = c.ActiveMember(turn.UserKey)!;
            var role = HandoverStateMachine.RoleOf(h, turn.UserKey, member.OrganisationId);
            var decision = HandoverStateMachine.Decide(h.State, action, role, hasReason: !string.IsNullOrEmpty(reason));
            if (action == HandoverAction.View)
                return AdaptiveCardInvokeResponse.Card(await views.CardAsync(c, h, role, ct));
            if (!decision.Allowed)
            {
                audit.Record("handover.refused", c.Id, $"{h.PublicId} {action}: {decision.Refusal} (kort v{cardVersion ?? "?"}, nu v{h.Version})");
                var why = HandoverTexts.Refusal(decision.Refusal, h, turn.UserKey, await views.ReceivingSideAsync(h, ct), CaseAccess.NotFound(turn));
                return AdaptiveCardInvokeResponse.Card(await views.CardAsync(c, h, role, ct, why, noticeIsProblem: true));
            }

            await ApplyAsync(turn, c, h, member, action, decision.State, reason, ct);
            try
            {
                await turn.Db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (attempt < MaxAttempts)
            {
                // Someone else changed the handover (or the forløb) first: decide again on what is there now.
                log.LogDebug("Handover {PublicId} {Action} lost a race (attempt {Attempt}): {Error}", publicId, action, attempt, e.GetType().Name);
                turn.Db.ChangeTracker.Clear();
                continue;
            }
            var after = HandoverStateMachine.RoleOf(h, turn.UserKey, member.OrganisationId);
            return AdaptiveCardInvokeResponse.Card(await views.CardAsync(c, h, after, ct, HandoverTexts.Done(action, h)));
        }
    }

    private async Task ApplyAsync(Turn turn, CitizenCase c, Handover h, CaseMember actor, HandoverAction action, HandoverState to, string? reason, CancellationToken ct)
    {
        var now = turn.Now;
        var from = h.State;
        h.State = to;
        switch (action)
        {
            case HandoverAction.Accept:
                h.ReceiverUserId = actor.UserId;
                h.ReceiverName = actor.DisplayName;
                h.AcceptedAt = now;
                if (h.OverdueReason == OverdueReason.NotAccepted) ClearOverdue(h);
                if (h.Subject == HandoverSubject.CoordinatorRole)
                {
                    audit.Record("case.coordinator", c.Id, $"{c.CoordinatorUserId} -> {actor.UserId} (stafet {h.PublicId})");
                    c.CoordinatorUserId = actor.UserId;
                }
                // The forløb's baton changes hands: serialise with every other change of the forløb.
                if (h.MovesCaseBaton) c.Version++;
                if (h.TaskId is not null) await tasks.AcceptedAsync(turn.Db, c, h, actor, ct);
                break;
            case HandoverAction.Decline:
                h.DeclinedAt = now;
                h.DeclineReason = reason;
                (h.ClosedByUserId, h.ClosedByName) = (actor.UserId, actor.DisplayName);
                ClearOverdue(h);
                break;
            case HandoverAction.Withdraw:
                h.WithdrawnAt = now;
                (h.ClosedByUserId, h.ClosedByName) = (actor.UserId, actor.DisplayName);
                ClearOverdue(h);
                break;
            case HandoverAction.LandSafely:
                h.LandedAt = now;
                ClearOverdue(h);
                break;
        }
        var eventName = EventName(action);
        h.Transitions.Add(new HandoverTransition
        {
            FromVersion = h.Version, Event = eventName, FromState = from, ToState = to, ActorUserId = actor.UserId, ActorName = actor.DisplayName, At = now,
        });
        h.Version++;
        audit.Record($"handover.{eventName}", c.Id, $"{h.PublicId} v{h.Version}: {HandoverTexts.SubjectName(h)}; {from} -> {to}");

        await notify.UpdateCardAsync(c, h, await views.CardAsync(c, h, null, ct), ct);
        var botId = turn.Activity.Recipient?.Id;
        var sender = c.ActiveMember(h.SenderUserId);
        var subject = $"stafetten ({HandoverTexts.SubjectName(h).ToLowerInvariant()}) i forløb {c.Label}";
        switch (action)
        {
            case HandoverAction.Accept when sender is not null:
                await notify.TellAsync(c, h, sender, $"{actor.DisplayName} har accepteret {subject}. Du følger op, indtil borgeren er landet trygt.", botId, ct);
                break;
            case HandoverAction.Decline when sender is not null:
                await notify.TellAsync(c, h, sender, $"{actor.DisplayName} har afvist {subject}. Du har stadig stafetten; se begrundelsen på kortet i kanalen.", botId, ct);
                break;
            case HandoverAction.LandSafely when sender is not null:
                await notify.TellAsync(c, h, sender, $"{actor.DisplayName} har meldt borgeren landet trygt: {subject} er slut, og overlappet er afsluttet.", botId, ct);
                break;
            case HandoverAction.Withdraw:
                foreach (var m in c.ActiveMembers.Where(m => m.Channel != ChannelMembership.EmailOnly && h.IsOfferedTo(m.UserId, m.OrganisationId)))
                    await notify.TellAsync(c, h, m, $"{actor.DisplayName} har trukket {subject} tilbage. Du skal ikke gøre noget.", botId, ct);
                break;
        }
    }

    private static void ClearOverdue(Handover h)
    {
        h.OverdueSince = null;
        h.OverdueReason = null;
    }

    public static string EventName(HandoverAction action) => action switch
    {
        HandoverAction.Accept => "accept",
        HandoverAction.Decline => "decline",
        HandoverAction.Withdraw => "withdraw",
        HandoverAction.LandSafely => "land",
        _ => "view",
    };
}
