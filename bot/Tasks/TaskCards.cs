using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Handovers;

namespace TeamsCoordinator.Tasks;

/// <summary>One task as a list shows it: its owner's organisation, its forløb's label (in the personal list) and an open stafet offering it.</summary>
public sealed record TaskLine(CaseTask Task, string OwnerOrganisationName, string? CaseLabel = null, Handover? Offer = null);

/// <summary>
/// The task cards. Titles carry the forløb's label (or "Mine opgaver") only: a task's own text may hold health
/// details, so it is in the body for members, never in a title, a fallback text or a notification.
/// </summary>
public static class TaskCards
{
    public const string VerbList = "task.list";
    public const string VerbDone = "task.done";
    public const string VerbHandOn = "task.handon";
    public const int ListLimit = 25;

    /// <summary>The scope a list card and its buttons keep: one forløb, or the clicking person's own tasks.</summary>
    public const string ScopeMine = "mine";

    public static AdaptiveCard OfCase(CitizenCase c, IReadOnlyList<TaskLine> lines, DateOnly today, string? notice = null, bool noticeIsProblem = false) =>
        List($"Opgaver: forløb {c.Label}", CaseCards.Data(c.Id), lines, today, notice, noticeIsProblem,
            "Forløbet har ingen åbne opgaver. Aftaler i et referat bliver til opgaver med en navngiven ansvarlig (@Koordinator referat).");

    public static AdaptiveCard Mine(IReadOnlyList<TaskLine> lines, DateOnly today, string? notice = null, bool noticeIsProblem = false) =>
        List("Mine opgaver", CaseCards.Data(null, ("scope", ScopeMine)), lines, today, notice, noticeIsProblem,
            "Du har ingen åbne opgaver i de forløb, du er med i.");

    private static AdaptiveCard List(string heading, Dictionary<string, string> scope, IReadOnlyList<TaskLine> lines, DateOnly today,
        string? notice, bool noticeIsProblem, string empty)
    {
        var body = new List<CardElement> { TextBlock.Heading(heading) };
        if (notice is not null)
            body.Add(new Container([new TextBlock(notice) { Weight = "Bolder", Color = noticeIsProblem ? "Attention" : "Good" }])
                { Style = noticeIsProblem ? "attention" : "good" });
        if (lines.Count == 0) body.Add(new TextBlock(empty));
        else
        {
            var overdue = lines.Count(l => TaskTexts.IsOverdue(l.Task, today));
            body.Add(TextBlock.Subtle($"{lines.Count} åbne opgaver" + (overdue > 0 ? $", {overdue} med overskredet frist" : "") +
                                      (lines.Count > ListLimit ? $". Viser de {ListLimit} med de nærmeste frister." : ".")));
        }
        foreach (var line in lines.Take(ListLimit)) body.Add(Item(line, scope, today));
        return new AdaptiveCard
        {
            FallbackText = heading,
            Body = body,
            Actions = [new ExecuteAction("Opdatér", VerbList, scope)],
        };
    }

    private static Container Item(TaskLine line, Dictionary<string, string> scope, DateOnly today)
    {
        var t = line.Task;
        var overdue = TaskTexts.IsOverdue(t, today);
        var facts = new List<Fact>
        {
            new("Ansvarlig", $"{t.OwnerName}, {line.OwnerOrganisationName} ({CaseCards.SectorName(t.OwnerSector)})"),
            new("Frist", TaskTexts.Due(t, today)),
        };
        if (line.CaseLabel is { } label) facts.Add(new("Forløb", label));
        if (line.Offer is { } offer)
            facts.Add(new("Stafet", $"tilbudt {offer.IntendedReceiverName ?? "en anden organisation"}, afventer accept; {t.OwnerName} har den indtil da"));
        var data = new Dictionary<string, string>(scope) { ["caseId"] = t.CaseId.ToString(), ["t"] = t.PublicId, ["v"] = t.Version.ToString() };
        return new Container(
        [
            new TextBlock(t.Title) { Weight = "Bolder", Color = overdue ? "Attention" : null },
            new FactSet(facts),
            new ActionSet(
            [
                new ExecuteAction("Udført", VerbDone, data) { AssociatedInputs = "none" },
                new ExecuteAction("Giv videre", VerbHandOn, data) { AssociatedInputs = "none" },
            ]),
        ]) { Separator = true, Spacing = "Medium", Style = overdue ? "attention" : null };
    }

    /// <summary>On the referat's file card: the agreements that became tasks, each with its owner and deadline.</summary>
    public static IEnumerable<CardElement> MadeFromReferat(IReadOnlyList<CaseTask> tasks)
    {
        if (tasks.Count == 0) return [];
        return
        [
            TextBlock.Subheading(tasks.Count == 1 ? "1 aftale er blevet en opgave" : $"{tasks.Count} aftaler er blevet opgaver"),
            new FactSet([.. tasks.Select(t => new Fact(t.Title, $"{t.OwnerName} ({CaseCards.SectorName(t.OwnerSector)}), frist {TaskTexts.Day(t.Due)}"))]),
            TextBlock.Subtle("Skriv @Koordinator opgaver for at se forløbets åbne opgaver, markere dem udført eller give dem videre."),
        ];
    }
}
