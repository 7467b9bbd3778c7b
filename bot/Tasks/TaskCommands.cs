using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Conversation;

namespace TeamsCoordinator.Tasks;

/// <summary>"opgaver": in a forløb channel the forløb's open tasks; in personal chat the user's own across their forløb.</summary>
public sealed class TasksCommand(CaseAccess access, TaskViews views) : ICommandHandler
{
    public async Task HandleAsync(Turn turn, string arguments, CancellationToken ct)
    {
        if (turn.IsPersonal)
        {
            turn.Reply(await views.MineAsync(turn.UserKey, ct));
            return;
        }
        var c = await access.ForChannelAsync(turn, "opgaver", ct);
        turn.Reply(c is null ? CaseCards.Message("Opgaver", CaseAccess.NotFound(turn)) : await views.OfCaseAsync(c, ct));
    }
}

/// <summary>"Opdatér" on a task list.</summary>
public sealed class TaskListAction(TaskWorkflow workflow) : ICardActionHandler
{
    public Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct) =>
        workflow.ListAsync(turn, action, null, null, false, ct);
}

public sealed class TaskDoneAction(TaskWorkflow workflow) : ICardActionHandler
{
    public Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct) => workflow.DoneAsync(turn, action, ct);
}

public sealed class TaskHandOnAction(TaskWorkflow workflow) : ICardActionHandler
{
    public Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct) => workflow.HandOnAsync(turn, action, ct);
}
