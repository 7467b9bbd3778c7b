using System.Text.Json;
using TeamsCoordinator.Handovers;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.EndToEnd;

/// <summary>
/// The stafet in Microsoft 365 Agents Playground: offered in the forløb's channel, accepted by someone from the
/// receiving municipality, landed safely, and the one handover card in the channel updated in place each time.
/// Asserts on what Playground received from the bot, not on the bot's own records.
/// </summary>
[Collection(PlaygroundCollection.Name)]
public sealed class PlaygroundHandoverTests(PlaygroundFixture playground)
{
    private static PlaygroundUser Mette => PlaygroundFixture.Users[0];
    private static PlaygroundUser Lars => PlaygroundFixture.Users[1];
    private static PlaygroundUser Camilla => PlaygroundFixture.Users[2];

    [Fact]
    public async Task AStafetToAalborgKommuneIsAcceptedAndLandsSafelyWithTheCardUpdatedInPlace()
    {
        await EnsureForloebInTheChannelAsync();

        var mark = playground.Mark();
        var asked = await playground.SendAsync(PlaygroundFixture.Channel, "stafet til Aalborg Kommune");
        var form = await playground.WaitForReplyAsync(mark, asked.ConversationId);
        Assert.StartsWith("Giv stafetten videre: forløb", form.CardTexts.FirstOrDefault());
        Assert.Contains("Til: **Aalborg Kommune (Kommune)**", form.CardTexts[1]);

        var data = Submit(form.Card!.Value, HandoverCards.VerbOffer,
            ("message", "Udskrives fredag. Har brug for bostøtte fra første dag."), ("taskTitle", "Bostøtte efter udskrivning"));
        var offered = await playground.ClickAsync(form, HandoverCards.VerbOffer, data);
        Assert.StartsWith("Stafetten er givet", CardHeading(offered));

        // The handover card: a new thread in the forløb's channel, the receiving organisation's members @mentioned.
        var posted = (await playground.WaitForBotMessagesAsync(mark, m => m.Method == "POST" && IsHandoverCard(m)))[0];
        Assert.StartsWith(PlaygroundFixture.Channel, posted.ConversationId);
        Assert.Contains("Afventer accept fra Aalborg Kommune", posted.CardTexts);
        var mentioned = posted.Card!.Value.GetProperty("msteams").GetProperty("entities").EnumerateArray()
            .Select(e => e.GetProperty("mentioned").GetProperty("name").GetString()).Order().ToList();
        Assert.Equal([Camilla.Name, Lars.Name], mentioned);
        Assert.Contains(posted.CardTexts, t => t.Contains($"<at>{Lars.Name}</at>"));
        var handover = ActionData(posted.Card.Value);

        // Lars (Aalborg Kommune) accepts on the card: he gets his own view back, and the card in the channel is updated.
        var accepted = await playground.ClickAsync(posted, HandoverCards.VerbAccept, handover, Lars);
        Assert.Contains("Du har accepteret stafetten og har den nu", AllText(accepted));
        var afterAccept = (await playground.WaitForBotMessagesAsync(mark, m => m.IsUpdate && IsHandoverCard(m)))[0];
        AssertSameMessage(posted, afterAccept);
        Assert.Contains(afterAccept.CardTexts, t => t.StartsWith($"Accepteret af {Lars.Name}: {Mette.Name} følger op"));

        var landed = await playground.ClickAsync(posted, HandoverCards.VerbLand, ActionData(afterAccept.Card!.Value), Lars);
        Assert.Contains("Borgeren er meldt landet trygt", AllText(landed));
        var updates = await playground.WaitForBotMessagesAsync(mark, m => m.IsUpdate && IsHandoverCard(m), count: 2);
        AssertSameMessage(posted, updates[1]);
        Assert.Contains($"Landet trygt hos {Lars.Name}", updates[1].CardTexts);

        // One card in the channel, changed in place: no second handover card was posted.
        Assert.Single(playground.BotMessagesSince(mark), m => m.Method == "POST" && IsHandoverCard(m));
        Assert.All(playground.DeliveredSince(mark), d => Assert.InRange(d.Status, 200, 202));
    }

    /// <summary>The Playground channel's forløb (Lars and Camilla from Aalborg Kommune on its team), opened once per fixture.</summary>
    private async Task EnsureForloebInTheChannelAsync() => await PlaygroundForloeb.OpenAsync(playground);

    private static bool IsHandoverCard(BotMessage m) => m.CardTexts.FirstOrDefault()?.StartsWith("Stafet: forløb", StringComparison.Ordinal) == true;

    private static void AssertSameMessage(BotMessage posted, BotMessage update)
    {
        Assert.Equal(posted.ConversationId, update.ConversationId);
        Assert.EndsWith("/activities/" + Uri.EscapeDataString(posted.ActivityId!), update.Url);
    }

    /// <summary>The handover's id and version, as every button on the card carries them.</summary>
    private static Dictionary<string, string> ActionData(JsonElement card) =>
        card.GetProperty("refresh").GetProperty("action").GetProperty("data").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    private static string CardHeading(JsonElement answer) => answer.GetProperty("value").GetProperty("body")[0].GetProperty("text").GetString()!;
}
