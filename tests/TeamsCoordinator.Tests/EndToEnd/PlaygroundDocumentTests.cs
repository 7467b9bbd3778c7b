using TeamsCoordinator.Documents;
using TeamsCoordinator.Tests.Documents;
using TeamsCoordinator.Tests.Handovers;

namespace TeamsCoordinator.Tests.EndToEnd;

/// <summary>A document made in Agents Playground's forløb channel, end to end: command, form, submit, file card, its button, download.</summary>
[Collection(PlaygroundCollection.Name)]
public sealed class PlaygroundDocumentTests(PlaygroundFixture playground)
{
    private const string CaseNumber = PlaygroundForloeb.CaseNumber;

    [Fact]
    public async Task NyKipGivesAFormWhoseSubmitPostsAFileCardWhoseButtonGivesTheClickerTheirOwnLink()
    {
        await SeedForloebAsync();
        var mark = playground.Mark();
        var sent = await playground.SendAsync(PlaygroundFixture.Channel, "ny KIP");

        var form = await playground.WaitForReplyAsync(mark, sent.ConversationId);
        Assert.Equal($"KIP: forløb PG · {CaseNumber}", form.CardTexts.FirstOrDefault());
        var data = HandoverScenario.Submit(form.Card!.Value, DocumentCards.VerbCreate, DocumentScenario.KipAnswers);
        var answer = await playground.ClickAsync(form, DocumentCards.VerbCreate, data);
        Assert.Equal("application/vnd.microsoft.card.adaptive", answer.GetProperty("type").GetString());
        Assert.StartsWith("KIP version ", answer.GetProperty("value").GetProperty("body")[0].GetProperty("text").GetString());

        // The team's card in the thread carries a button, no link; clicking it answers the clicker alone with one.
        var posted = (await playground.WaitForBotMessagesAsync(mark, m => m.CardTexts.FirstOrDefault()?.StartsWith("KIP version ") == true))[0];
        Assert.DoesNotContain("/files/", posted.Activity.GetRawText());
        var button = HandoverScenario.Submit(posted.Card!.Value, DocumentCards.VerbLink);
        var mine = await playground.ClickAsync(posted, DocumentCards.VerbLink, button);
        Assert.Equal("application/vnd.microsoft.card.adaptive", mine.GetProperty("type").GetString());
        var link = DocumentScenario.Link(mine.GetProperty("value"));
        Assert.Contains($"u={PlaygroundFixture.CurrentUser.AadObjectId}", link);

        using var http = new HttpClient();
        using var download = await http.GetAsync(link);
        Assert.True(download.IsSuccessStatusCode, $"{(int)download.StatusCode} for {link}");
        var docx = await download.Content.ReadAsByteArrayAsync();
        Docx.AssertValid(docx);
        Assert.Contains(PlaygroundForloeb.CitizenName, Docx.BodyText(docx));
        Assert.Contains("Bostøtte 2 gange om ugen", Docx.BodyText(docx));

        // Another member (Lars, Aalborg Kommune, covered for plans) clicks the same button and gets his own link;
        // Mette's link does not work for him.
        var lars = PlaygroundFixture.Users[1];
        var his = await playground.ClickAsync(posted, DocumentCards.VerbLink, button, lars);
        Assert.Contains($"u={lars.AadObjectId}", DocumentScenario.Link(his.GetProperty("value")));
        using var borrowed = await http.GetAsync(link.Replace(PlaygroundFixture.CurrentUser.AadObjectId, lars.AadObjectId));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, borrowed.StatusCode);
    }

    /// <summary>The Playground channel's forløb, opened once per fixture with the signed-in user as coordinator.</summary>
    private async Task SeedForloebAsync() => await PlaygroundForloeb.OpenAsync(playground);
}
