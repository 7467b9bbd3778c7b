using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Tests.EndToEnd;

/// <summary>
/// The digest in Microsoft 365 Agents Playground: the coordinator's forløb has a stafet nobody accepted in time;
/// "overblik" in the personal chat answers with the card that lists it, and its button opens the handover card.
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

        var button = FindButton(digest, publicId);
        var opened = await playground.ClickAsync(digest, HandoverCards.VerbRefresh, button);
        Assert.Equal("application/vnd.microsoft.card.adaptive", opened.GetProperty("type").GetString());
        var heading = opened.GetProperty("value").GetProperty("body")[0].GetProperty("text").GetString();
        Assert.StartsWith($"Stafet: forløb {PlaygroundForloeb.Label}", heading);
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

    private static Dictionary<string, string> FindButton(BotMessage digest, string publicId)
    {
        foreach (var set in digest.Card!.Value.GetProperty("body").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "Container")
                     .SelectMany(c => c.GetProperty("items").EnumerateArray()).Where(i => i.GetProperty("type").GetString() == "ActionSet"))
        {
            var action = set.GetProperty("actions")[0];
            var data = action.GetProperty("data").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            if (data.GetValueOrDefault("h") == publicId) return data;
        }
        throw new InvalidOperationException($"no button for {publicId} on the digest card");
    }
}
