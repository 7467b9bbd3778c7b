using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Tasks;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Documents;
using TeamsCoordinator.Tests.Handovers;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;
using static TeamsCoordinator.Tests.Tasks.TaskScenario;

namespace TeamsCoordinator.Tests.Tasks;

/// <summary>
/// "Udført" and "Giv videre" on a task: the owner or the coordinator marks it done, once; the owner hands it on as a
/// stafet and keeps it until the receiver accepts. Stale buttons say why and change nothing.
/// </summary>
public sealed class TaskButtonTests : IAsyncLifetime
{
    private HandoverScenario _s = null!;

    public async Task InitializeAsync()
    {
        _s = await DocumentScenario.StartAsync();
        await _s.SubmitReferatAsync(Sofie, Agreement("Søge bostøtte", Camilla, _s.Today().AddDays(7)), Agreement("Ringe til udlejer", Lars, _s.Today().AddDays(3)));
    }

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task TheOwnerMarksATaskDoneFromTheListAndItIsAudited()
    {
        var list = await _s.SayAsync(Camilla, "opgaver");
        var answer = await _s.ClickAsync(Camilla, TaskCards.VerbDone, Button(list, "Søge bostøtte", TaskCards.VerbDone));

        Assert.Contains("»Søge bostøtte« er markeret udført.", answer.Text);
        Assert.Equal(["Ringe til udlejer"], Titles(answer.Card));
        var task = await _s.TaskAsync("Søge bostøtte");
        Assert.Equal((TaskState.Done, Camilla.AadObjectId, "Camilla Berg", 2), (task.State, task.DoneByUserId, task.DoneByName, task.Version));
        Assert.NotNull(task.DoneAt);
        var audit = Assert.Single(await _s.AuditAsync("task.done"));
        Assert.Equal((Camilla.AadObjectId, _s.CaseId), (audit.ActorUserId, audit.CaseId));
        Assert.DoesNotContain("bostøtte", audit.Detail!);
    }

    [Fact]
    public async Task TheCoordinatorMayMarkATaskDoneButNoOtherMember()
    {
        var task = await _s.TaskAsync("Søge bostøtte");

        var lars = await _s.ClickAsync(Lars, TaskCards.VerbDone, On(task));
        Assert.Contains("Kun den ansvarlige (Camilla Berg) eller koordinatoren kan markere opgaven udført. Intet er ændret.", lars.Text);
        Assert.Equal(TaskState.Open, (await _s.TaskAsync("Søge bostøtte")).State);

        var sofie = await _s.ClickAsync(Sofie, TaskCards.VerbDone, On(task));
        Assert.Contains("er markeret udført", sofie.Text);
        Assert.Equal(Sofie.AadObjectId, (await _s.TaskAsync("Søge bostøtte")).DoneByUserId);
    }

    [Fact]
    public async Task ClickingUdfoertTwiceChangesTheTaskOnce()
    {
        var task = await _s.TaskAsync("Søge bostøtte");

        var first = await _s.ClickAsync(Camilla, TaskCards.VerbDone, On(task));
        var again = await _s.ClickAsync(Camilla, TaskCards.VerbDone, On(task));

        Assert.Contains("er markeret udført", first.Text);
        Assert.Contains("Opgaven er allerede markeret udført af Camilla Berg", again.Text);
        Assert.Contains("Intet er ændret.", again.Text);
        Assert.Equal(2, (await _s.TaskAsync("Søge bostøtte")).Version);
        Assert.Single(await _s.AuditAsync("task.done"));
    }

    [Fact]
    public async Task TwoPeopleMarkingATaskDoneAtOnceMakeOneChange()
    {
        for (var round = 0; round < 3; round++)
        {
            var title = $"Opgave {round}";
            await _s.SubmitReferatAsync(Sofie, Agreement(title, Camilla, _s.Today().AddDays(5)));
            var task = await _s.TaskAsync(title);

            var answers = await Task.WhenAll(_s.ClickAsync(Camilla, TaskCards.VerbDone, On(task)), _s.ClickAsync(Sofie, TaskCards.VerbDone, On(task)));

            Assert.Single(answers, a => a.Text.Contains($"»{title}« er markeret udført."));
            Assert.Single(answers, a => a.Text.Contains("Opgaven er allerede markeret udført af"));
            Assert.Equal(2, (await _s.TaskAsync(title)).Version);
        }
        Assert.Equal(3, (await _s.AuditAsync("task.done")).Count);
    }

    [Fact]
    public async Task AStaleButtonSaysWhyAndChangesNothing()
    {
        var task = await _s.TaskAsync("Søge bostøtte");
        await _s.ClickAsync(Camilla, TaskCards.VerbDone, On(task));

        // The task is done: "Giv videre" on the old card.
        var handOn = await _s.ClickAsync(Camilla, TaskCards.VerbHandOn, On(task));
        Assert.Contains("Opgaven er allerede markeret udført af Camilla Berg", handOn.Text);

        // A task that is not there (an old card, or a made-up id).
        var unknown = await _s.ClickAsync(Camilla, TaskCards.VerbDone, new Dictionary<string, string>(On(task)) { ["t"] = "nope" });
        Assert.Contains(TaskTexts.NotFound, unknown.Text);

        // A member who has left the team since the card was sent.
        var open = await _s.TaskAsync("Ringe til udlejer");
        await _s.Bot.WithDbAsync(async db =>
        {
            (await db.Set<CaseMember>().SingleAsync(m => m.UserId == Mette.AadObjectId)).RemovedAt = DateTimeOffset.UtcNow;
            return await db.SaveChangesAsync();
        });
        var removed = await _s.ClickAsync(Mette, TaskCards.VerbDone, On(open));
        Assert.Contains("Jeg kan ikke finde et forløb her, som du er medlem af", removed.Text);

        var after = await _s.TasksAsync();
        Assert.Equal([(TaskState.Done, 2), (TaskState.Open, 1)], after.Select(t => (t.State, t.Version)));
        Assert.Single(await _s.AuditAsync("task.done"));
    }

    [Fact]
    public async Task AnOwnerCannotLeaveTheTeamWhileTheirTaskIsOpen()
    {
        var answer = await _s.ClickAsync(Sofie, "member.remove", new Dictionary<string, string> { ["caseId"] = _s.CaseId.ToString(), ["member"] = Camilla.AadObjectId });

        Assert.Contains("Camilla Berg er ansvarlig for en åben opgave. Giv dem videre eller markér dem udført", answer.Text);
        Assert.Null((await _s.CaseAsync()).ActiveMember(Camilla.AadObjectId)!.RemovedAt);
    }

    [Fact]
    public async Task ATaskHandedOnAsAStafetMovesItsOwnerOnlyOnAcceptance()
    {
        var list = await _s.SayAsync(Camilla, "opgaver");
        var choose = await _s.ClickAsync(Camilla, TaskCards.VerbHandOn, Button(list, "Søge bostøtte", TaskCards.VerbHandOn));
        Assert.Contains("Opgave: **Søge bostøtte**", choose.Text);
        var form = await _s.ClickAsync(Camilla, HandoverCards.VerbForm, Submit(choose.Card, HandoverCards.VerbForm, ("target", $"person:{Lars.AadObjectId}")));
        Assert.Contains("Opgave: **Søge bostøtte**", form.Text);
        Assert.DoesNotContain("Hele forløbet", form.Text); // only the task is handed on
        var offered = await _s.ClickAsync(Camilla, HandoverCards.VerbOffer, Submit(form.Card, HandoverCards.VerbOffer, ("deadline", DefaultDeadline(form.Card))));
        Assert.Contains("Stafetten er givet", offered.Text);

        // Offered: Camilla still owns it, and the list says it is on offer.
        var h = await _s.LatestHandoverAsync();
        var task = await _s.TaskAsync("Søge bostøtte");
        Assert.Equal((task.Id, HandoverSubject.Task, "Søge bostøtte"), (h.TaskId!.Value, h.Subject, h.TaskTitle));
        Assert.Equal(Camilla.AadObjectId, task.OwnerUserId);
        var whileOffered = await _s.SayAsync(Sofie, "opgaver");
        Assert.Contains("tilbudt Lars Nielsen, afventer accept; Camilla Berg har den indtil da", whileOffered.Text());
        var doneWhileOffered = await _s.ClickAsync(Camilla, TaskCards.VerbDone, On(task));
        Assert.Contains("Opgaven er tilbudt Lars Nielsen som stafet og afventer svar", doneWhileOffered.Text);
        var secondOffer = await _s.ClickAsync(Camilla, TaskCards.VerbHandOn, On(task));
        Assert.Contains("Opgaven er allerede tilbudt Lars Nielsen som stafet", secondOffer.Text);
        Assert.Equal(Camilla.AadObjectId, (await _s.TaskAsync("Søge bostøtte")).OwnerUserId);

        // Accepted: Lars owns it now, with his organisation and sector.
        var accepted = await _s.ClickAsync(Lars, HandoverCards.VerbAccept, On(h));
        Assert.Contains("Du har accepteret stafetten", accepted.Text);
        task = await _s.TaskAsync("Søge bostøtte");
        Assert.Equal((Lars.AadObjectId, "Lars Nielsen", DemoTenants.Aalborg, Sector.Kommune, TaskState.Open),
            (task.OwnerUserId, task.OwnerName, task.OwnerOrganisationId, task.OwnerSector, task.State));
        Assert.Single(await _s.AuditAsync("task.owner"));
        var larsList = await _s.SayPersonallyAsync(Lars, "opgaver");
        Assert.Equal(["Ringe til udlejer", "Søge bostøtte"], Titles(larsList));
        Assert.Empty(Titles(await _s.SayPersonallyAsync(Camilla, "opgaver")));
    }

    [Fact]
    public async Task ADeclinedTaskStafetLeavesTheTaskWithItsOwner()
    {
        var task = await _s.TaskAsync("Ringe til udlejer");
        var choose = await _s.ClickAsync(Lars, TaskCards.VerbHandOn, On(task));
        var form = await _s.ClickAsync(Lars, HandoverCards.VerbForm, Submit(choose.Card, HandoverCards.VerbForm, ("target", $"person:{Mette.AadObjectId}")));
        await _s.ClickAsync(Lars, HandoverCards.VerbOffer, Submit(form.Card, HandoverCards.VerbOffer, ("deadline", DefaultDeadline(form.Card))));
        var h = await _s.LatestHandoverAsync();

        var declined = await _s.ClickAsync(Mette, HandoverCards.VerbDecline, On(h, ("reason", "Det hører til kommunen.")));

        Assert.Contains("Du har afvist stafetten", declined.Text);
        Assert.Equal(Lars.AadObjectId, (await _s.TaskAsync("Ringe til udlejer")).OwnerUserId);
        // Lars still has it and may hand it on again, or mark it done.
        var done = await _s.ClickAsync(Lars, TaskCards.VerbDone, On(await _s.TaskAsync("Ringe til udlejer")));
        Assert.Contains("er markeret udført", done.Text);
    }

    [Fact]
    public async Task OnlyTheOwnerHandsATaskOn()
    {
        var task = await _s.TaskAsync("Søge bostøtte");

        var lars = await _s.ClickAsync(Lars, TaskCards.VerbHandOn, On(task));
        // A forged form for someone else's task is refused at the offer too.
        var forged = await _s.ClickAsync(Lars, HandoverCards.VerbOffer, new Dictionary<string, string>
        {
            ["caseId"] = _s.CaseId.ToString(), ["formId"] = "forged-1", ["target"] = $"person:{Mette.AadObjectId}", ["task"] = task.PublicId,
            ["subject"] = nameof(HandoverSubject.Task), ["deadline"] = _s.Today().AddDays(3).ToString("yyyy-MM-dd"),
        });

        Assert.Contains("Kun den ansvarlige (Camilla Berg) kan give opgaven videre. Intet er ændret.", lars.Text);
        Assert.Contains("Kun den ansvarlige (Camilla Berg) kan give opgaven videre.", forged.Text);
        Assert.Empty(await _s.Bot.WithDbAsync(db => db.Set<Handover>().AsNoTracking().ToListAsync()));
    }
}
