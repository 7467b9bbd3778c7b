using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Digest;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tasks;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Tests.EndToEnd;

/// <summary>
/// The digest in Microsoft 365 Agents Playground: the coordinator's forløb has a stafet nobody accepted in time;
/// "overblik" in the personal chat answers with the card that lists it, and its button opens the handover card; an
/// agreement due today is listed with its owner (never its title) and its button opens the forløb's task list.
/// </summary>
[Collection(PlaygroundCollection.Name)]
public sealed class PlaygroundDigestTests(PlaygroundFixture playground)
{
    [Fact]
    public async Task OverblikListsTheOverdueStafetAndItsButtonOpensTheHandoverCard()
    {
        await PlaygroundForloeb.OpenAsync(playground);
        var publicId = await OverdueStafetAsync();

        var mark = playground.Mark();
        var asked = await playground.SendAsync(PlaygroundFixture.PersonalChat, "overblik");
        var digest = await playground.WaitForReplyAsync(mark, asked.ConversationId);
        Assert.StartsWith("Dit overblik", digest.CardTexts.FirstOrDefault());
        Assert.Contains($"Forløb {PlaygroundForloeb.Label}", digest.CardTexts);
        Assert.Contains(digest.CardTexts, t => t.StartsWith("Opgave-stafetten fra Jonas Holm er ikke accepteret af Aalborg Kommune: fristen var"));
        Assert.DoesNotContain(digest.CardTexts, t => t.Contains(PlaygroundForloeb.CitizenName) || t.Contains(PlaygroundForloeb.CitizenCpr));

        var button = FindButton(digest, "h", publicId);
        var opened = await playground.ClickAsync(digest, HandoverCards.VerbRefresh, button);
        Assert.Equal("application/vnd.microsoft.card.adaptive", opened.GetProperty("type").GetString());
        var heading = opened.GetProperty("value").GetProperty("body")[0].GetProperty("text").GetString();
        Assert.StartsWith($"Stafet: forløb {PlaygroundForloeb.Label}", heading);
    }

    [Fact]
    public async Task OverblikListsTheAgreementDueTodayAndItsButtonOpensTheTaskList()
    {
        await PlaygroundForloeb.OpenAsync(playground);
        var publicId = await AgreementDueTodayAsync();

        var mark = playground.Mark();
        var asked = await playground.SendAsync(PlaygroundFixture.PersonalChat, "overblik");
        var digest = await playground.WaitForReplyAsync(mark, asked.ConversationId);
        Assert.Contains($"Forløb {PlaygroundForloeb.Label}", digest.CardTexts);
        Assert.Contains(digest.CardTexts, t => t.StartsWith("En aftale, som Jonas Holm (") && t.Contains("har frist i dag"));
        Assert.DoesNotContain(digest.CardTexts, t => t.Contains(AgreementTitle));

        var button = FindButton(digest, "t", publicId);
        var opened = await playground.ClickAsync(digest, TaskCards.VerbList, button);
        Assert.Equal("application/vnd.microsoft.card.adaptive", opened.GetProperty("type").GetString());
        var heading = opened.GetProperty("value").GetProperty("body")[0].GetProperty("text").GetString();
        Assert.Equal($"Opgaver: forløb {PlaygroundForloeb.Label}", heading);
    }

    private const string AgreementTitle = "Ring til egen læge om medicinen";

    /// <summary>An open agreement of the forløb that Jonas is responsible for, due today.</summary>
    private async Task<string> AgreementDueTodayAsync()
    {
        using var scope = playground.BotServices.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        var c = await db.Set<CitizenCase>().AsNoTracking().SingleAsync(x => x.CaseNumber == PlaygroundForloeb.CaseNumber);
        var jonas = DemoTenants.People.Single(p => p.DisplayName == "Jonas Holm");
        var t = new CaseTask
        {
            PublicId = "digest-e2e-t-" + Guid.NewGuid().ToString("N")[..8], CaseId = c.Id, Title = AgreementTitle,
            OwnerUserId = jonas.UserId, OwnerName = jonas.DisplayName, OwnerOrganisationId = jonas.OrganisationId, OwnerSector = Sector.Region,
            Due = DigestClock.LocalDate(DateTimeOffset.UtcNow), State = TaskState.Open, CreatedAt = DateTimeOffset.UtcNow.AddDays(-3),
            CreatedByUserId = jonas.UserId, CreatedByName = jonas.DisplayName, Version = 1,
        };
        db.Add(t);
        await db.SaveChangesAsync();
        return t.PublicId;
    }

    /// <summary>A task stafet Jonas offered to Aalborg Kommune a week ago with a deadline of three days, still not accepted.</summary>
    private async Task<string> OverdueStafetAsync()
    {
        using var scope = playground.BotServices.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        var c = await db.Set<CitizenCase>().AsNoTracking().SingleAsync(x => x.CaseNumber == PlaygroundForloeb.CaseNumber);
        var jonas = DemoTenants.People.Single(p => p.DisplayName == "Jonas Holm");
        var h = new Handover
        {
            PublicId = "digest-e2e-" + Guid.NewGuid().ToString("N")[..8], CaseId = c.Id, Subject = HandoverSubject.Task, TaskTitle = "Bostøtte",
            SenderUserId = jonas.UserId, SenderName = jonas.DisplayName, SenderOrganisationId = jonas.OrganisationId, SenderSector = Sector.Region,
            ReceiverOrganisationId = DemoTenants.Aalborg, ReceiverSector = Sector.Kommune,
            OfferedAt = DateTimeOffset.UtcNow.AddDays(-7), Deadline = DateTimeOffset.UtcNow.AddDays(-4), State = HandoverState.Afventer, Version = 1,
        };
        db.Add(h);
        await db.SaveChangesAsync();
        return h.PublicId;
    }

    private static Dictionary<string, string> FindButton(BotMessage digest, string key, string publicId)
    {
        foreach (var set in digest.Card!.Value.GetProperty("body").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "Container")
                     .SelectMany(c => c.GetProperty("items").EnumerateArray()).Where(i => i.GetProperty("type").GetString() == "ActionSet"))
        {
            var action = set.GetProperty("actions")[0];
            var data = action.GetProperty("data").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            if (data.GetValueOrDefault(key) == publicId) return data;
        }
        throw new InvalidOperationException($"no button for {publicId} on the digest card");
    }
}
