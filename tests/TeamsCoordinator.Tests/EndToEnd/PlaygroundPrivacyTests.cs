using TeamsCoordinator.Tests.Infrastructure;
using System.Text.Json;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Tests.Documents;
using TeamsCoordinator.Tests.Handovers;

namespace TeamsCoordinator.Tests.EndToEnd;

/// <summary>
/// Issue 15: over the Playground run, nothing the bot sent (messages, cards, updates, and the invoke responses to
/// clicks, refused forms included) holds a CPR-shaped number or the citizen's name, address or phone. The scan
/// covers the whole recording up to its end: the forløb's opening, whatever the collection's other tests did
/// before, and this test's own refused forms and file link.
/// </summary>
[Collection(PlaygroundCollection.Name)]
public sealed class PlaygroundPrivacyTests(PlaygroundFixture playground)
{
    [Fact]
    public async Task NothingTheBotSentInTheRunNamesTheCitizenOrHoldsACprNumberRefusedFormsAndInvokeResponsesIncluded()
    {
        await PlaygroundForloeb.OpenAsync(playground);

        // "ny borger" with the CPR number typed as initials: refused, the form shown again without the identity.
        var mark = playground.Mark();
        var asked = await playground.SendAsync(PlaygroundFixture.PersonalChat, "ny borger");
        var form = await playground.WaitForReplyAsync(mark, asked.ConversationId);
        var data = form.Card!.Value.GetProperty("actions")[0].GetProperty("data").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        data["initials"] = PlaygroundForloeb.CitizenCpr;
        data["caseNumber"] = "F-2026-0100";
        data["citizenName"] = PlaygroundForloeb.CitizenName;
        data["citizenCpr"] = PlaygroundForloeb.CitizenCpr;
        data["citizenAddress"] = PlaygroundForloeb.CitizenAddress;
        var refused = await playground.ClickAsync(form, "case.create", data);
        var refusedText = string.Join("\n", Strings(refused));
        Assert.Contains("Et CPR-nummer må ikke bruges som initialer", refusedText);
        Assert.Contains("Jeg har tømt", refusedText);

        // A KIP form in the forløb's channel with the citizen's name and CPR number typed into it and a bad date.
        var kipMark = playground.Mark();
        var sent = await playground.SendAsync(PlaygroundFixture.Channel, "ny KIP");
        var kip = await playground.WaitForReplyAsync(kipMark, sent.ConversationId);
        var again = await playground.ClickAsync(kip, DocumentCards.VerbCreate, HandoverScenario.Submit(kip.Card!.Value, DocumentCards.VerbCreate,
            [.. DocumentScenario.KipAnswers, (KipForm.AktuelStatus, $"{PlaygroundForloeb.CitizenName} ({PlaygroundForloeb.CitizenCpr})"), (KipForm.KoordinationsmoedeDato, "næste uge")]));
        Assert.Contains("Jeg har tømt", string.Join("\n", Strings(again)));
        // Then made, and the team's card's button clicked: the invoke response holds the clicker's link.
        await playground.ClickAsync(kip, DocumentCards.VerbCreate, HandoverScenario.Submit(kip.Card!.Value, DocumentCards.VerbCreate, DocumentScenario.KipAnswers));
        var posted = (await playground.WaitForBotMessagesAsync(kipMark, m => m.CardTexts.FirstOrDefault()?.StartsWith("KIP version ") == true))[0];
        var link = await playground.ClickAsync(posted, DocumentCards.VerbLink, HandoverScenario.Submit(posted.Card!.Value, DocumentCards.VerbLink));
        Assert.Contains("/files/", link.GetRawText());

        var everything = playground.BotSentSince(0).SelectMany(Strings).ToList();
        Assert.Contains(everything, t => t.Contains("Jeg har tømt", StringComparison.Ordinal)); // the scan sees the invoke responses
        Assert.Contains(everything, t => t.Contains($"Velkommen til forløb {PlaygroundForloeb.Label}", StringComparison.Ordinal));
        foreach (var text in everything)
        {
            var cprShaped = CprShaped.In(text);
            Assert.True(cprShaped is null, $"a CPR-shaped number in what the bot sent: {text}");
            foreach (var secret in new[] { PlaygroundForloeb.CitizenName, PlaygroundForloeb.CitizenAddress, "Vesterbro 12", "20 30 40 50" })
                Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"\"{secret}\" in what the bot sent: {text}");
        }
    }

    /// <summary>Every string value in a JSON document (decoded, so escaped characters are compared as read).</summary>
    private static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        JsonValueKind.String => [e.GetString()!],
        _ => [],
    };
}
