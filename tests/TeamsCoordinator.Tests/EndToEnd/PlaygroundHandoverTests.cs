using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;
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

    /// <summary>
    /// The Playground channel is the dev channel pool's only channel (appsettings.Development.json): the first forløb
    /// opened gets it. Opens one through "ny borger" (Mette, region; Lars and Camilla from Aalborg) unless there is one;
    /// a forløb another test of the collection made there first gets Lars and Camilla on its team.
    /// </summary>
    private async Task EnsureForloebInTheChannelAsync()
    {
        if (await ForloebInTheChannelAsync() is not null)
        {
            await JoinAalborgAsync();
            return;
        }
        var mark = playground.Mark();
        var sent = await playground.SendAsync(PlaygroundFixture.PersonalChat, "ny borger");
        var form = await playground.WaitForReplyAsync(mark, sent.ConversationId);
        var formId = form.Card!.Value.GetProperty("actions")[0].GetProperty("data").GetProperty("formId").GetString()!;
        var created = await playground.ClickAsync(form, "case.create", new Dictionary<string, string>
        {
            ["formId"] = formId,
            // The same forløb PlaygroundDocumentTests seeds when it runs first (its KIP is filled from it).
            ["initials"] = "PG",
            ["caseNumber"] = "F-2026-0099",
            ["citizenName"] = "Pia Gren",
            ["citizenCpr"] = "020202-2222",
            ["handlekommune"] = DemoTenants.Aalborg,
            ["coordinator"] = Mette.AadObjectId,
            ["members"] = $"{DemoTenants.Aalborg}|{Lars.AadObjectId},{DemoTenants.Aalborg}|{Camilla.AadObjectId}",
            ["consentOrganisations"] = DemoTenants.Aalborg,
            ["consentKinds"] = "ContactData,Plans,Minutes",
            ["consentGivenHow"] = "Mundtligt",
        });
        Assert.Contains("er oprettet", AllText(created));
        var c = await ForloebInTheChannelAsync();
        Assert.True(c is not null, "The new forløb did not get the Playground channel.\n" + playground.Diagnostics());
    }

    private async Task JoinAalborgAsync()
    {
        using var scope = playground.BotServices.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        var c = await db.Set<CitizenCase>().Include(x => x.Members).FirstAsync(x => x.ChannelId == PlaygroundFixture.Channel);
        foreach (var p in new[] { Lars, Camilla }.Where(p => c.ActiveMember(p.AadObjectId) is null))
            c.Members.Add(new CaseMember
            {
                UserId = p.AadObjectId, OrganisationId = DemoTenants.Aalborg, Sector = Sector.Kommune, DisplayName = p.Name,
                AddedAt = DateTimeOffset.UtcNow, AddedBy = Mette.AadObjectId, Channel = ChannelMembership.Done,
            });
        await db.SaveChangesAsync();
    }

    private async Task<CitizenCase?> ForloebInTheChannelAsync()
    {
        using var scope = playground.BotServices.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        return await db.Set<CitizenCase>().AsNoTracking().Include(c => c.Members).FirstOrDefaultAsync(c => c.ChannelId == PlaygroundFixture.Channel);
    }

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
