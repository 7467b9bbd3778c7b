using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Tasks;

/// <summary>
/// The buttons on a task: "Udført" (the owner or the coordinator; audited) and "Giv videre" (the owner, as a stafet).
/// A stale button (the task done already, a second click, a member no longer on the team) changes nothing and says
/// why in Danish. Of two people marking a task done at once exactly one changes it: the task is re-read and saved
/// against the version it was decided on; the loser is decided again on the fresh state.
/// </summary>
public sealed class TaskWorkflow(CaseAccess access, TaskQuery query, TaskViews views, ICollaborationTenants tenants, AuditLog audit,
    ILogger<TaskWorkflow> log)
{
    private const int MaxAttempts = 8;

    public async Task<AdaptiveCardInvokeResponse> DoneAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (task, c) = await FindAsync(turn, action, "opgave udført", ct);
            if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
            if (task is null) return await ListAsync(turn, action, c, TaskTexts.NotFound, true, ct);
            if (await DoneRefusalAsync(task, c, turn.UserKey, ct) is { } refusal)
            {
                audit.Record("task.refused", c.Id, $"{task.PublicId} udført: {refusal.Code} (kort v{action.Get("v") ?? "?"}, nu v{task.Version})");
                return await ListAsync(turn, action, c, refusal.Text, true, ct);
            }
            var actor = c.ActiveMember(turn.UserKey)!;
            task.State = TaskState.Done;
            task.DoneAt = turn.Now;
            (task.DoneByUserId, task.DoneByName) = (actor.UserId, actor.DisplayName);
            task.Version++;
            audit.Record("task.done", c.Id, $"{task.PublicId} v{task.Version}: udført af {actor.UserId}" + (actor.UserId == task.OwnerUserId ? "" : $" for {task.OwnerUserId}"));
            try
            {
                await turn.Db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (attempt < MaxAttempts)
            {
                log.LogDebug("Task {PublicId} done lost a race (attempt {Attempt}): {Error}", task.PublicId, attempt, e.GetType().Name);
                turn.Db.ChangeTracker.Clear();
                continue;
            }
            return await ListAsync(turn, action, c, TaskTexts.Done(task), false, ct);
        }
    }

    /// <summary>"Giv videre": whom the owner can hand the task to, then the stafet form (bot/Handovers) for that task.</summary>
    public async Task<AdaptiveCardInvokeResponse> HandOnAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var (task, c) = await FindAsync(turn, action, "opgave giv videre", ct);
        if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        if (task is null) return await ListAsync(turn, action, c, TaskTexts.NotFound, true, ct);
        var refusal = !task.IsOpen ? TaskTexts.AlreadyDone(task)
            : task.OwnerUserId != turn.UserKey ? TaskTexts.OnlyOwnerHandsOn(task)
            : (await query.PendingOffersAsync([task.Id], ct)).GetValueOrDefault(task.Id) is { } offer ? TaskTexts.OfferedAlready(task, offer)
            : null;
        if (refusal is not null) return await ListAsync(turn, action, c, refusal, true, ct);
        var candidates = HandoverTargets.Candidates(c, await tenants.GetOrganisationsAsync(ct), turn.UserKey);
        if (candidates.Count == 0) return AdaptiveCardInvokeResponse.Card(HandoverCards.NoTargets(c));
        return AdaptiveCardInvokeResponse.Card(HandoverCards.ChooseTarget(c, candidates,
            "Hvem skal have opgaven? Du har den, indtil modtageren accepterer stafetten.", HandoverSubject.Task, task));
    }

    /// <summary>The list the clicked card showed (the forløb's, or the clicker's own), fresh, with a notice on top.</summary>
    public async Task<AdaptiveCardInvokeResponse> ListAsync(Turn turn, CardActionInvoke action, CitizenCase? c, string? notice, bool noticeIsProblem, CancellationToken ct)
    {
        if (action.Get("scope") == TaskCards.ScopeMine)
            return AdaptiveCardInvokeResponse.Card(await views.MineAsync(turn.UserKey, ct, notice, noticeIsProblem));
        c ??= await access.ForCardAsync(action, turn, "opgaver", ct);
        return c is null
            ? AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn))
            : AdaptiveCardInvokeResponse.Card(await views.OfCaseAsync(c, ct, notice, noticeIsProblem));
    }

    /// <summary>
    /// The task the button names (tracked) and its forløb, for an active member only. The forløb is the task's own,
    /// never the card's word for it; a task that is gone leaves the card's forløb (if the clicker is a member there).
    /// </summary>
    private async Task<(CaseTask? Task, CitizenCase? Case)> FindAsync(Turn turn, CardActionInvoke action, string purpose, CancellationToken ct)
    {
        var publicId = action.Get("t");
        var task = publicId is null ? null : await turn.Db.Set<CaseTask>().FirstOrDefaultAsync(t => t.PublicId == publicId, ct);
        if (task is null) return (null, await access.ForCardAsync(action, turn, purpose, ct));
        var c = await access.ByIdAsync(task.CaseId, turn.UserKey, purpose, ct);
        return c is null ? (null, null) : (task, c);
    }

    private sealed record Refusal(string Code, string Text);

    private async Task<Refusal?> DoneRefusalAsync(CaseTask task, CitizenCase c, string userId, CancellationToken ct)
    {
        if (!task.IsOpen) return new("AlreadyDone", TaskTexts.AlreadyDone(task));
        if (userId != task.OwnerUserId && userId != c.CoordinatorUserId) return new("NotOwnerOrCoordinator", TaskTexts.OnlyOwnerOrCoordinator(task));
        if ((await query.PendingOffersAsync([task.Id], ct)).GetValueOrDefault(task.Id) is { } offer) return new("Offered", TaskTexts.NotDoneWhileOffered(task, offer));
        return null;
    }
}
