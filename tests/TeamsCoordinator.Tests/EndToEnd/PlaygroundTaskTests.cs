using TeamsCoordinator.Documents;
using TeamsCoordinator.Tasks;
using TeamsCoordinator.Tests.Documents;
using TeamsCoordinator.Tests.Handovers;
using TeamsCoordinator.Tests.Tasks;

namespace TeamsCoordinator.Tests.EndToEnd;

/// <summary>A referat's agreements as tasks in Agents Playground's forløb channel: referat submitted with two agreements, then opgaver.</summary>
[Collection(PlaygroundCollection.Name)]
public sealed class PlaygroundTaskTests(PlaygroundFixture playground)
{
    [Fact]
    public async Task AReferatWithTwoAgreementsGivesTwoTasksThatOpgaverListsWithTheirOwners()
    {
        await PlaygroundForloeb.OpenAsync(playground);
        var lars = PlaygroundFixture.Users.Single(u => u.Name == "Lars Nielsen");
        var camilla = PlaygroundFixture.Users.Single(u => u.Name == "Camilla Berg");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TeamsCoordinator.Cases.ConsentPolicy.Copenhagen).DateTime);

        var mark = playground.Mark();
        var sent = await playground.SendAsync(PlaygroundFixture.Channel, "referat");
        var form = await playground.WaitForReplyAsync(mark, sent.ConversationId);
        Assert.Equal($"Referat: forløb {PlaygroundForloeb.Label}", form.CardTexts.FirstOrDefault());
        var data = HandoverScenario.Submit(form.Card!.Value, DocumentCards.VerbCreate,
        [
            .. DocumentScenario.ReferatAnswers,
            .. TaskScenario.Rows(
                new AgreementInput("Playground: søge bostøtte", lars.AadObjectId, today.AddDays(7).ToString("yyyy-MM-dd")),
                new AgreementInput("Playground: besøg i hjemmet", camilla.AadObjectId, today.AddDays(3).ToString("yyyy-MM-dd"))),
        ]);
        var answer = await playground.ClickAsync(form, DocumentCards.VerbCreate, data);
        var kept = answer.GetProperty("value");
        Assert.StartsWith("Referat version ", kept.GetProperty("body")[0].GetProperty("text").GetString());
        Assert.Contains("2 aftaler er blevet opgaver", HandoverScenario.AllText(kept));

        var listed = playground.Mark();
        var asked = await playground.SendAsync(PlaygroundFixture.Channel, "opgaver");
        var list = await playground.WaitForReplyAsync(listed, asked.ConversationId);
        Assert.Equal($"Opgaver: forløb {PlaygroundForloeb.Label}", list.CardTexts.FirstOrDefault());
        var titles = TaskScenario.Titles(list.Card!.Value);
        Assert.True(titles.IndexOf("Playground: besøg i hjemmet") < titles.IndexOf("Playground: søge bostøtte"), string.Join(", ", titles));
        var text = HandoverScenario.AllText(list.Card.Value);
        Assert.Contains("Lars Nielsen, Aalborg Kommune (Kommune)", text);
        Assert.Contains("Camilla Berg, Aalborg Kommune (Kommune)", text);
        Assert.Contains(TaskTexts.Day(today.AddDays(3)), text);
        Assert.DoesNotContain(PlaygroundForloeb.CitizenName, list.Card.Value.GetRawText());
    }
}
