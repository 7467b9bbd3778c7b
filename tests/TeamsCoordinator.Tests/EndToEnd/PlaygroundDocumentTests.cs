using TeamsCoordinator.Documents;
using TeamsCoordinator.Tests.Documents;
using TeamsCoordinator.Tests.Handovers;

namespace TeamsCoordinator.Tests.EndToEnd;

/// <summary>A document made in Agents Playground's forløb channel, end to end: command, form, submit, file card, download.</summary>
[Collection(PlaygroundCollection.Name)]
public sealed class PlaygroundDocumentTests(PlaygroundFixture playground)
{
    private const string CaseNumber = PlaygroundForloeb.CaseNumber;

    [Fact]
    public async Task NyKipGivesAFormWhoseSubmitAnswersWithAFileCardWhoseLinkDownloadsTheDocument()
    {
        await SeedForloebAsync();
        var mark = playground.Mark();
        var sent = await playground.SendAsync(PlaygroundFixture.Channel, "ny KIP");

        var form = await playground.WaitForReplyAsync(mark, sent.ConversationId);
        Assert.Equal($"KIP: forløb PG · {CaseNumber}", form.CardTexts.FirstOrDefault());
        var data = HandoverScenario.Submit(form.Card!.Value, DocumentCards.VerbCreate, DocumentScenario.KipAnswers);
        var answer = await playground.ClickAsync(form, DocumentCards.VerbCreate, data);

        Assert.Equal("application/vnd.microsoft.card.adaptive", answer.GetProperty("type").GetString());
        var card = answer.GetProperty("value");
        Assert.StartsWith("KIP version ", card.GetProperty("body")[0].GetProperty("text").GetString());
        using var http = new HttpClient();
        using var download = await http.GetAsync(DocumentScenario.Link(card));
        Assert.True(download.IsSuccessStatusCode, $"{(int)download.StatusCode} for {DocumentScenario.Link(card)}");
        var docx = await download.Content.ReadAsByteArrayAsync();
        Docx.AssertValid(docx);
        Assert.Contains(PlaygroundForloeb.CitizenName, Docx.BodyText(docx));
        Assert.Contains("Bostøtte 2 gange om ugen", Docx.BodyText(docx));
        // The team sees the file card in the thread as well.
        await playground.WaitForBotMessagesAsync(mark, m => m.CardTexts.FirstOrDefault()?.StartsWith("KIP version ") == true);
    }

    /// <summary>The Playground channel's forløb, opened once per fixture with the signed-in user as coordinator.</summary>
    private async Task SeedForloebAsync() => await PlaygroundForloeb.OpenAsync(playground);
}
