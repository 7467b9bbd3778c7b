using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Tasks;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Documents;
using TeamsCoordinator.Tests.Handovers;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;
using static TeamsCoordinator.Tests.Tasks.TaskScenario;

namespace TeamsCoordinator.Tests.Tasks;

/// <summary>"opgaver" (English "tasks"): the forløb's open tasks in its channel, the user's own across forløb in personal chat, for members only.</summary>
public sealed class TaskListTests : IAsyncLifetime
{
    private HandoverScenario _s = null!;

    public async Task InitializeAsync()
    {
        _s = await DocumentScenario.StartAsync();
        var today = _s.Today();
        // A meeting ten days ago: one of its agreements is overdue now.
        await _s.SubmitReferatAsync(Sofie, [("MoedeDato", today.AddDays(-10).ToString("yyyy-MM-dd"))],
            Agreement("Søge bostøtte", Camilla, today.AddDays(7)),
            Agreement("Ringe til udlejer", Lars, today.AddDays(-2)),
            Agreement("Medicingennemgang", Birgitte, today.AddDays(14)),
            Agreement("Sende kriseplanen til botilbuddet", Camilla, today.AddDays(1)));
    }

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task OpgaverInTheChannelListsTheForloebsOpenTasks()
    {
        var done = await _s.TaskAsync("Medicingennemgang");
        await _s.ClickAsync(Sofie, TaskCards.VerbDone, On(done));

        var list = await _s.SayAsync(Mette, "opgaver");

        Assert.Equal("Opgaver: forløb AB · F-2026-0042", list.GetProperty("body")[0].GetProperty("text").GetString());
        Assert.Equal(["Ringe til udlejer", "Sende kriseplanen til botilbuddet", "Søge bostøtte"], Titles(list)); // overdue first, then by deadline
        var text = list.Text();
        Assert.Contains("Lars Nielsen, Aalborg Kommune (Kommune)", text);
        Assert.Contains("Camilla Berg, Aalborg Kommune (Kommune)", text);
        Assert.Contains($"{TaskTexts.Day(_s.Today().AddDays(-2))} (overskredet)", text);
        Assert.Contains("3 åbne opgaver, 1 med overskredet frist.", text);
        Assert.DoesNotContain("Anders", list.GetRawText());
        Assert.DoesNotContain("Søge bostøtte", list.GetProperty("fallbackText").GetString());

        var english = await _s.SayAsync(Lars, "tasks");
        Assert.Equal(Titles(list), Titles(english));
    }

    [Fact]
    public async Task OpgaverInPersonalChatListsMyTasksAcrossForloeb()
    {
        // Camilla is on a second forløb with a task of her own, and was on a third, which she has left.
        var second = await SeedForloebAsync("CD", "F-2026-0043", ("Følge op på jobcenteret", Camilla), ("Lars' egen opgave", Lars));
        var left = await SeedForloebAsync("EF", "F-2026-0044", ("Opgave i et forløb, hun har forladt", Camilla));
        await _s.Bot.WithDbAsync(async db =>
        {
            var member = await db.Set<CaseMember>().SingleAsync(m => m.CaseId == left && m.UserId == Camilla.AadObjectId);
            member.RemovedAt = DateTimeOffset.UtcNow;
            return await db.SaveChangesAsync();
        });

        var mine = await _s.SayPersonallyAsync(Camilla, "opgaver");

        Assert.Equal("Mine opgaver", mine.GetProperty("body")[0].GetProperty("text").GetString());
        Assert.Equal(["Sende kriseplanen til botilbuddet", "Søge bostøtte", "Følge op på jobcenteret"], Titles(mine));
        var text = mine.Text();
        Assert.Contains("AB · F-2026-0042", text);
        Assert.Contains("CD · F-2026-0043", text);
        Assert.DoesNotContain("EF · F-2026-0044", text);
        Assert.DoesNotContain("Anders", mine.GetRawText());
        Assert.DoesNotContain("Citizen", mine.GetRawText());
        // Each forløb shown is audited as read.
        var reads = await _s.AuditAsync("case.read");
        Assert.Contains(reads, a => a.CaseId == second && a.Detail == "mine opgaver" && a.ActorUserId == Camilla.AadObjectId);
        Assert.DoesNotContain(reads, a => a.CaseId == left && a.Detail == "mine opgaver");

        var nothing = await _s.SayPersonallyAsync(Mette, "my tasks");
        Assert.Contains("Du har ingen åbne opgaver", nothing.Text());
    }

    [Fact]
    public async Task OnlyMembersSeeTasks()
    {
        var task = await _s.TaskAsync("Søge bostøtte");

        var inChannel = await _s.SayAsync(Outsider, "opgaver");
        var done = await _s.ClickAsync(Outsider, TaskCards.VerbDone, On(task));
        var handOn = await _s.ClickAsync(Outsider, TaskCards.VerbHandOn, On(task));
        var refresh = await _s.ClickAsync(Outsider, TaskCards.VerbList, On(task));
        var mine = await _s.SayPersonallyAsync(Outsider, "opgaver");

        Assert.Contains("Jeg kan ikke finde et forløb her, som du er medlem af", inChannel.Text());
        Assert.All([done, handOn, refresh], a => Assert.Contains("Jeg kan ikke finde et forløb her", a.Text));
        Assert.Contains("Du har ingen åbne opgaver", mine.Text());
        foreach (var card in new[] { inChannel.GetRawText(), done.Body.GetRawText(), handOn.Body.GetRawText(), refresh.Body.GetRawText(), mine.GetRawText() })
            Assert.DoesNotContain("bostøtte", card);
        Assert.Equal(TaskState.Open, (await _s.TaskAsync("Søge bostøtte")).State);
        Assert.True((await _s.AuditAsync("case.denied")).Count >= 4);
    }

    /// <summary>Another forløb in the same database with Camilla and Lars on its team and open tasks of theirs.</summary>
    private async Task<long> SeedForloebAsync(string initials, string caseNumber, params (string Title, TeamPerson Owner)[] tasks) =>
        await _s.Bot.WithDbAsync(async db =>
        {
            var c = new CitizenCase
            {
                Initials = initials, CaseNumber = caseNumber, CoordinatingOrganisationId = DemoTenants.Region, CoordinatorUserId = Sofie.AadObjectId,
                CreatedAt = DateTimeOffset.UtcNow, CreatedBy = Sofie.AadObjectId, Citizen = new ProtectedCitizen { FullName = "Citizen " + initials },
            };
            foreach (var p in new[] { Sofie, Camilla, Lars })
                c.Members.Add(new CaseMember
                {
                    UserId = p.AadObjectId, OrganisationId = p.OrganisationId, Sector = p.Sector, DisplayName = p.Name, AddedAt = c.CreatedAt, AddedBy = Sofie.AadObjectId,
                });
            db.Add(c);
            await db.SaveChangesAsync();
            foreach (var (title, owner) in tasks)
                db.Add(new CaseTask
                {
                    PublicId = Guid.NewGuid().ToString("N"), CaseId = c.Id, Title = title, OwnerUserId = owner.AadObjectId, OwnerName = owner.Name,
                    OwnerOrganisationId = owner.OrganisationId, OwnerSector = owner.Sector, Due = _s.Today().AddDays(20), CreatedAt = c.CreatedAt,
                    CreatedByUserId = Sofie.AadObjectId, Version = 1,
                });
            await db.SaveChangesAsync();
            return c.Id;
        });
}
