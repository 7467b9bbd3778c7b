using System.Text.Json;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Drafting;
using TeamsCoordinator.Tests.Documents;
using TeamsCoordinator.Tests.Drafting;
using TeamsCoordinator.Tests.Handovers;

namespace TeamsCoordinator.Tests.EndToEnd;

/// <summary>A referat drafted in Agents Playground's forløb channel against the fake Azure OpenAI, end to end.</summary>
[Collection(PlaygroundCollection.Name)]
public sealed class PlaygroundDraftingTests(PlaygroundFixture playground)
{
    [Fact]
    public async Task ReferatFormThenNotesThenLavUdkastGivesTheFormBackWithTheProposalWhoseSubmitPutsItInTheDocument()
    {
        await PlaygroundForloeb.OpenAsync(playground);
        var before = playground.Model.Received.Count;
        // [DELTAGER 1] is the coordinator: the team is listed coordinator first.
        playground.Model.Answer = (_, _) => Task.FromResult(FakeAzureOpenAi.Completion(JsonSerializer.Serialize(new
        {
            punkter = new[] { new { nr = 1, droeftelse = "[BORGER] vil gerne have bostøtte; [DELTAGER 1] tager det med til visitationen.", beslutning = "Bostøtte søges." } },
            aftaler = new[] { new { hvad = "Søge bostøtte til [BORGER]", hvem = 1, frist = "2027-01-15" } },
        })));
        var mark = playground.Mark();
        var sent = await playground.SendAsync(PlaygroundFixture.Channel, "referat");
        var form = await playground.WaitForReplyAsync(mark, sent.ConversationId);
        Assert.Contains("Lav udkast", DraftingScenario.BodyButtons(form.Card!.Value));

        var notes = $"{PlaygroundForloeb.CitizenName} ({PlaygroundForloeb.CitizenCpr}) vil gerne have bostøtte. Mette tager det med til visitationen.";
        var drafted = await playground.ClickAsync(form, DocumentDraft.Verb, DraftingScenario.Typed(form.Card!.Value, (ReferatDraft.Notes, notes)));
        Assert.Equal("application/vnd.microsoft.card.adaptive", drafted.GetProperty("type").GetString());
        var proposal = drafted.GetProperty("value");
        var inputs = DraftingScenario.Inputs(proposal);
        var coordinator = PlaygroundFixture.CurrentUser;
        // The first agenda item (its title and Baggrund as the form had them, from the forløb's meeting if another test booked one).
        var first = inputs[ReferatForm.Dagsorden]!.Split('\n')[0].Split('|').Select(c => c.Trim()).ToArray();
        Assert.Equal(($"borgeren vil gerne have bostøtte; {coordinator.Name} tager det med til visitationen.", "Bostøtte søges."), (first[2], first[3]));
        Assert.Equal(("Søge bostøtte til borgeren", coordinator.AadObjectId), (inputs["Aftale1Hvad"], inputs["Aftale1Hvem"]));
        var request = Assert.Single(playground.Model.Received.Skip(before));
        foreach (var identity in new[] { PlaygroundForloeb.CitizenName, "Pia", PlaygroundForloeb.CitizenCpr, "Mette", coordinator.Name, PlaygroundForloeb.CaseNumber })
            Assert.DoesNotContain(identity, request.AllText, StringComparison.OrdinalIgnoreCase);

        var made = await playground.ClickAsync(form, DocumentCards.VerbCreate,
            HandoverScenario.Submit(proposal, DocumentCards.VerbCreate, DocumentScenario.ReferatAnswers));
        Assert.StartsWith("Referat version ", made.GetProperty("value").GetProperty("body")[0].GetProperty("text").GetString());
        using var http = new HttpClient();
        using var download = await http.GetAsync(DocumentScenario.Link(made.GetProperty("value")));
        Assert.True(download.IsSuccessStatusCode);
        var text = Docx.BodyText(await download.Content.ReadAsByteArrayAsync());
        Assert.Contains($"borgeren vil gerne have bostøtte; {coordinator.Name} tager det med til visitationen.", text);
        Assert.Contains("Søge bostøtte til borgeren", text);
    }
}
