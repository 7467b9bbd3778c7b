using System.Text.Json;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Meetings;
using TeamsCoordinator.Tasks;
using TeamsCoordinator.Tests.Handovers;
using TeamsCoordinator.Tests.Meetings;
using TeamsCoordinator.Tests.Tasks;

namespace TeamsCoordinator.Tests.EndToEnd;

/// <summary>
/// A netværksmøde in Agents Playground's forløb channel, end to end against the embedded tenant's seeded calendars:
/// the command, the form, the slots card (the GP unknown), the pick, the agenda card posted in the channel, an item
/// added with "dagsorden" (the card updated in place), "referat" pre-filled from the meeting, submitted with two
/// agreements, and "opgaver" listing both as tasks with their owners.
/// </summary>
[Collection(PlaygroundCollection.Name)]
public sealed class PlaygroundMeetingTests(PlaygroundFixture playground)
{
    [Fact]
    public async Task NetvaerksmoedeFindsSlotsBooksPostsTheAgendaTakesAnItemPrefillsTheReferatAndItsAgreementsBecomeTasks()
    {
        await PlaygroundForloeb.OpenAsync(playground);
        var mark = playground.Mark();
        var sent = await playground.SendAsync(PlaygroundFixture.Channel, "netværksmøde");
        var form = await playground.WaitForReplyAsync(mark, sent.ConversationId);
        Assert.Equal($"Indkald til møde: forløb {PlaygroundForloeb.Label}", form.CardTexts.FirstOrDefault());

        var searched = playground.Mark();
        var slots = await playground.ClickAsync(form, MeetingCards.VerbSearch,
            HandoverScenario.Submit(form.Card!.Value, MeetingCards.VerbSearch, ("purpose", "Fælles plan for tiden efter udskrivning")));
        var slotsText = HandoverScenario.AllText(slots.GetProperty("value"));
        Assert.Contains("Ukendt\nBirgitte Holm", slotsText);
        Assert.Contains("Ledige", slotsText);
        var posted = (await playground.WaitForBotMessagesAsync(searched, m => m.CardTexts.FirstOrDefault() == $"Netværksmøde: forløb {PlaygroundForloeb.Label}"))[0];

        var picked = playground.Mark();
        var booked = await playground.ClickAsync(posted, MeetingCards.VerbBook, MeetingScenario.Button(posted.Card!.Value, MeetingCards.VerbBook));
        Assert.Contains($"1. {MeetingTexts.FollowUpTitle}", HandoverScenario.AllText(booked.GetProperty("value")));
        var agenda = (await playground.WaitForBotMessagesAsync(picked, m => !m.IsUpdate && m.CardTexts.FirstOrDefault()?.StartsWith("Dagsorden: netværksmøde") == true))[0];
        Assert.StartsWith(PlaygroundFixture.Channel, agenda.ConversationId);
        Assert.Contains("Eventuelt", string.Join("\n", agenda.CardTexts));

        var added = playground.Mark();
        await playground.SendAsAsync(PlaygroundFixture.Users[1], PlaygroundFixture.Channel, "dagsorden Bolig efter udskrivning"); // Lars, not the coordinator
        var updated = (await playground.WaitForBotMessagesAsync(added, m => m.IsUpdate && m.CardTexts.Contains("2. Bolig efter udskrivning")))[0];
        Assert.Equal(agenda.ActivityId, updated.ActivityId); // the same card, updated in place
        Assert.Contains("3. Eventuelt", updated.CardTexts);

        var asked = playground.Mark();
        var referatSent = await playground.SendAsync(PlaygroundFixture.Channel, "referat");
        var referat = await playground.WaitForReplyAsync(asked, referatSent.ConversationId);
        string Value(string id) => referat.Card!.Value.GetProperty("body").EnumerateArray()
            .First(e => e.TryGetProperty("id", out var i) && i.GetString() == id).GetProperty("value").GetString()!;
        var bookedCard = booked.GetProperty("value");
        var join = bookedCard.GetProperty("actions").EnumerateArray().First(a => a.GetProperty("type").GetString() == "Action.OpenUrl").GetProperty("url").GetString();
        Assert.Equal(join, Value("OnlineLink"));
        Assert.Equal("Fælles plan for tiden efter udskrivning", Value("Formaal"));
        Assert.Contains("Bolig efter udskrivning", Value("Dagsorden"));
        Assert.Matches(@"^kl\. \d\d\.\d\d–\d\d\.\d\d$", Value("Tidspunkt"));

        // The meeting's agreements become owned tasks, and "opgaver" lists them with their owners: the loop closes.
        var lars = PlaygroundFixture.Users.Single(u => u.Name == "Lars Nielsen");
        var camilla = PlaygroundFixture.Users.Single(u => u.Name == "Camilla Berg");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TeamsCoordinator.Cases.ConsentPolicy.Copenhagen).DateTime);
        var submitted = await playground.ClickAsync(referat, DocumentCards.VerbCreate, HandoverScenario.Submit(referat.Card!.Value, DocumentCards.VerbCreate,
        [
            .. Documents.DocumentScenario.ReferatAnswers,
            .. TaskScenario.Rows(
                new AgreementInput("Møde: søg bostøtte", lars.AadObjectId, today.AddDays(14).ToString("yyyy-MM-dd")),
                new AgreementInput("Møde: ring til egen læge", camilla.AadObjectId, today.AddDays(7).ToString("yyyy-MM-dd"))),
        ]));
        var kept = submitted.GetProperty("value");
        Assert.StartsWith("Referat version ", kept.GetProperty("body")[0].GetProperty("text").GetString());
        Assert.Contains("2 aftaler er blevet opgaver", HandoverScenario.AllText(kept));

        var listed = playground.Mark();
        var opgaver = await playground.SendAsync(PlaygroundFixture.Channel, "opgaver");
        var list = await playground.WaitForReplyAsync(listed, opgaver.ConversationId);
        var titles = TaskScenario.Titles(list.Card!.Value);
        Assert.Contains("Møde: søg bostøtte", titles);
        Assert.Contains("Møde: ring til egen læge", titles);
        var text = HandoverScenario.AllText(list.Card.Value);
        Assert.Contains("Lars Nielsen, Aalborg Kommune (Kommune)", text);
        Assert.Contains("Camilla Berg, Aalborg Kommune (Kommune)", text);
    }
}
