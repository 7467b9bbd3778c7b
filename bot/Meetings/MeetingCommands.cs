using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Conversation;

namespace TeamsCoordinator.Meetings;

/// <summary>"netværksmøde" / "møde" in a forløb channel: the coordinator's form to call a meeting.</summary>
public sealed class MeetingCommand(MeetingWork work) : ICommandHandler
{
    public async Task HandleAsync(Turn turn, string arguments, CancellationToken ct)
    {
        if (turn.IsPersonal)
        {
            turn.Reply(turn.T("Skriv @Koordinator netværksmøde i forløbets kanal; mødet hører til forløbet.",
                "Type @Koordinator network meeting in the case channel; the meeting belongs to the case."));
            return;
        }
        turn.Reply(await work.FormAsync(turn, ct));
    }
}

/// <summary>"dagsorden &lt;punkt&gt;": any member adds an item to the coming meeting; "dagsorden" alone shows the agenda.</summary>
public sealed class AgendaCommand(CaseAccess access, MeetingWork work) : ICommandHandler
{
    public async Task HandleAsync(Turn turn, string arguments, CancellationToken ct)
    {
        var c = await access.ForChannelAsync(turn, "dagsorden", ct);
        if (c is null) { turn.Reply(CaseAccess.NotFound(turn)); return; }
        var m = await MeetingWork.CurrentAsync(MeetingWork.Meetings(turn), c.Id, turn.Now, ct);
        if (m is null || m.Start is null)
        {
            turn.Reply("Forløbet har ikke noget booket møde. Koordinatoren indkalder med @Koordinator netværksmøde.");
            return;
        }
        var title = arguments.Trim();
        if (title.Length == 0) { turn.Reply(await work.ViewAsync(c, m, ct)); return; }
        var (_, _, answer) = await work.AddAgendaItemAsync(turn, c, m, title, null, null, [], ct);
        turn.Reply(answer);
    }
}

public sealed class SearchSlotsAction(MeetingWork work) : ICardActionHandler
{
    public Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct) => work.SearchAsync(turn, action, ct);
}

public sealed class BookSlotAction(MeetingWork work) : ICardActionHandler
{
    public Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct) => work.BookAsync(turn, action, ct);
}

public sealed class StartPollAction(MeetingWork work) : ICardActionHandler
{
    public Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct) => work.PollAsync(turn, action, ct);
}

public sealed class AnswerPollAction(MeetingWork work) : ICardActionHandler
{
    public Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct) => work.AnswerAsync(turn, action, ct);
}

public sealed class MoveMeetingAction(MeetingWork work) : ICardActionHandler
{
    public Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct) => work.MoveAsync(turn, action, ct);
}

public sealed class DeclineMeetingAction(MeetingWork work) : ICardActionHandler
{
    public Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct) => work.DeclineAsync(turn, action, ct);
}

public sealed class OpenMeetingAction(MeetingWork work) : ICardActionHandler
{
    public Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct) => work.OpenAsync(turn, action, ct);
}

public sealed class CancelMeetingAction(MeetingWork work) : ICardActionHandler
{
    public Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct) => work.CancelAsync(turn, action, ct);
}

/// <summary>"Tilføj punktet" on the agenda card.</summary>
public sealed class AddAgendaItemAction(MeetingWork work) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var (c, m, refusal) = await work.LoadAsync(turn, action, "dagsorden tilføj", ct);
        if (refusal is not null) return refusal;
        if (action.Get("title") is not { } title) return AdaptiveCardInvokeResponse.Message("Skriv punktets overskrift.");
        var attachments = (action.Get("attachments") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        await work.AddAgendaItemAsync(turn, c!, m!, title, action.Get("background"), action.Get("proposal"), attachments, ct);
        return AdaptiveCardInvokeResponse.Card(await work.ViewAsync(c!, m!, ct));
    }
}

/// <summary>The coming meeting on the forløb's status card, with its state (e.g. "afventer booking: …").</summary>
public sealed class MeetingStatusSection(Storage.CoordinatorDb db, TimeProvider time) : IStatusSection
{
    public async Task<IEnumerable<CardElement>> BuildAsync(CitizenCase c, CancellationToken ct)
    {
        var m = await MeetingWork.CurrentAsync(db.Set<Meeting>().AsNoTracking(), c.Id, time.GetUtcNow(), ct);
        if (m is null) return [];
        var when = m.Start is { } s && m.End is { } e ? MeetingTexts.When(s, e) : "tidspunkt ikke valgt";
        var where = m.Online ? "online (Teams)" : m.Place ?? "";
        return
        [
            TextBlock.Subheading("Næste møde"),
            new FactSet(
            [
                new Fact(MeetingTexts.KindName(m.Kind), $"{when}, {where}"),
                new Fact("Status", MeetingTexts.StateName(m) + (m.PendingReason is { } why && m.State != MeetingState.Booket ? $": {why}" : "")),
            ]),
        ];
    }
}
