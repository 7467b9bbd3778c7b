using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Tasks;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Documents;
using TeamsCoordinator.Tests.Handovers;
using static TeamsCoordinator.Tests.Documents.DocumentScenario;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;
using static TeamsCoordinator.Tests.Tasks.TaskScenario;

namespace TeamsCoordinator.Tests.Tasks;

/// <summary>A referat's agreements (what, who, sector, by when) become tasks, each owned by a named member of the team.</summary>
public sealed class ReferatTaskTests : IAsyncLifetime
{
    private HandoverScenario _s = null!;

    public async Task InitializeAsync() => _s = await DocumentScenario.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task AgreementsFromTheReferatBecomeTasksWithNamedOwners()
    {
        var today = _s.Today();
        var answer = await _s.SubmitReferatAsync(Mette,
            Agreement("Søge bostøtte efter udskrivning", Camilla, today.AddDays(7)),
            Agreement("Medicingennemgang", Birgitte, today.AddDays(14)));

        Assert.Contains("Referat version 1: forløb AB", answer.Text);
        Assert.Contains("2 aftaler er blevet opgaver", answer.Text);
        var file = Assert.Single(await FilesAsync(_s));
        var tasks = await _s.TasksAsync();
        Assert.Equal(2, tasks.Count);
        var (bostoette, medicin) = (tasks[0], tasks[1]);
        Assert.Equal(("Søge bostøtte efter udskrivning", Camilla.AadObjectId, "Camilla Berg", DemoTenants.Aalborg, Sector.Kommune, today.AddDays(7)),
            (bostoette.Title, bostoette.OwnerUserId, bostoette.OwnerName, bostoette.OwnerOrganisationId, bostoette.OwnerSector, bostoette.Due));
        Assert.Equal((Birgitte.AadObjectId, DemoTenants.Gp, Sector.AlmenPraksis), (medicin.OwnerUserId, medicin.OwnerOrganisationId, medicin.OwnerSector));
        Assert.All(tasks, t => Assert.Equal((TaskState.Open, file.Id, _s.CaseId, Mette.AadObjectId), (t.State, t.ReferatFileId, t.CaseId, t.CreatedByUserId)));
        Assert.Equal([1, 2], tasks.Select(t => t.AgreementNo));

        // The document's agreements table: what, who, the owner's sector, by when.
        using var download = await GetAsync(_s, Link(answer.Card));
        var body = Docx.BodyText(await download.Content.ReadAsByteArrayAsync());
        Assert.Contains("Søge bostøtte efter udskrivning", body);
        Assert.Contains("Camilla Berg", body);
        Assert.Contains("Almen praksis", body);

        // The title is free text that may hold health details: encrypted at rest, and not in the audit log.
        var stored = await _s.Bot.WithDbAsync(db => db.Database.SqlQueryRaw<string>("SELECT \"Title\" AS \"Value\" FROM tasks").ToListAsync());
        Assert.All(stored, v => Assert.StartsWith("v2:", v));
        var audit = await _s.AuditAsync("task.create");
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a => Assert.DoesNotContain("bostøtte", a.Detail!));
    }

    [Fact]
    public async Task AnOwnerOutsideTheTeamIsRefusedWithAReason()
    {
        var today = _s.Today();
        var answer = await _s.SubmitReferatAsync(Mette,
            Agreement("Søge bostøtte", Camilla, today.AddDays(7)),
            Agreement("Ringe til udlejer", Outsider, today.AddDays(7)));

        Assert.Contains("Aftale 2: den valgte ansvarlige er ikke med i forløbets team. Vælg en ansvarlig blandt teamets medlemmer", answer.Text);
        Assert.Equal(["Lav Referat"], answer.Buttons); // the form again, values kept
        Assert.Empty(await FilesAsync(_s));
        Assert.Empty(await _s.TasksAsync());
    }

    [Fact]
    public async Task NothingDefaultsToTheCoordinator()
    {
        var form = await _s.SayAsync(Sofie, "referat");
        var owners = form.GetProperty("body").EnumerateArray().Where(e => e.TryGetProperty("id", out var id) && id.GetString()!.EndsWith("Hvem")).ToList();
        Assert.Equal(AgreementRows.Count, owners.Count);
        Assert.All(owners, o => Assert.False(o.TryGetProperty("value", out _), "no owner is chosen before someone chooses one"));
        var choices = owners[0].GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("value").GetString()).ToList();
        Assert.Contains(Sofie.AadObjectId, choices); // the coordinator can be chosen, explicitly
        Assert.DoesNotContain(Outsider.AadObjectId, choices);

        var today = _s.Today();
        var unowned = await _s.SubmitReferatAsync(Sofie, new AgreementInput("Søge bostøtte", null, today.AddDays(7).ToString("yyyy-MM-dd")));
        Assert.Contains("Aftale 1: vælg den ansvarlige blandt teamets medlemmer", unowned.Text);
        Assert.Empty(await _s.TasksAsync());
        Assert.Empty(await FilesAsync(_s));

        await _s.SubmitReferatAsync(Sofie, Agreement("Indkalde til statusmøde", Sofie, today.AddDays(30)));
        Assert.Equal(Sofie.AadObjectId, Assert.Single(await _s.TasksAsync()).OwnerUserId);
    }

    [Fact]
    public async Task AnIncompleteAgreementIsExplainedAndNothingIsKept()
    {
        var today = _s.Today();
        var answer = await _s.SubmitReferatAsync(Sofie,
            new AgreementInput("Søge bostøtte", Camilla.AadObjectId, "næste uge"),
            new AgreementInput("", Lars.AadObjectId, today.AddDays(3).ToString("yyyy-MM-dd")),
            new AgreementInput("Ringe til egen læge", Lars.AadObjectId, today.AddDays(-1).ToString("yyyy-MM-dd")));

        Assert.Contains("»næste uge« i »Aftale 1: frist« er ikke en dato; skriv fx 2026-12-01.", answer.Text);
        Assert.Contains("Aftale 2: skriv, hvad der er aftalt.", answer.Text);
        Assert.Contains("Aftale 3: fristen ligger før mødets dato.", answer.Text);
        Assert.Empty(await _s.TasksAsync());
        Assert.Empty(await FilesAsync(_s));
    }

    [Fact]
    public async Task ASecondClickOnTheSameReferatFormMakesNoSecondSetOfTasks()
    {
        var form = await _s.SayAsync(Mette, "referat");
        var data = Submit(form, TeamsCoordinator.Documents.DocumentCards.VerbCreate,
            [.. ReferatAnswers, .. Rows(Agreement("Søge bostøtte", Camilla, _s.Today().AddDays(7)))]);

        var first = await _s.ClickAsync(Mette, TeamsCoordinator.Documents.DocumentCards.VerbCreate, data);
        var again = await _s.ClickAsync(Mette, TeamsCoordinator.Documents.DocumentCards.VerbCreate, data);

        Assert.Contains("1 aftale er blevet en opgave", first.Text);
        Assert.Contains("1 aftale er blevet en opgave", again.Text);
        Assert.Single(await _s.TasksAsync());
        Assert.Single(await FilesAsync(_s));
    }
}
