using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Digest;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Tests.Handovers;
using TeamsCoordinator.Tests.Infrastructure;
using static TeamsCoordinator.Tests.Digest.DigestRunTests;
using static TeamsCoordinator.Tests.Digest.DigestTestKit;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Digest;

/// <summary>"@Koordinator overblik" shows the digest now in the personal chat; "fra", "til" and "kl 7.30" set the mornings.</summary>
public sealed class DigestCommandTests : IAsyncLifetime
{
    private HandoverScenario _s = null!;

    public async Task InitializeAsync() => _s = await HandoverScenario.StartAsync(start: ThursdayMorning);

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task OverblikInThePersonalChatShowsTheDigestNowAndItsButtonOpensTheHandoverCard()
    {
        var h = await _s.OfferAsync(Sofie, "Aalborg Kommune");
        var reply = await SayPersonallyAsync(_s, Sofie, "overblik");
        Assert.Contains("Dit overblik", reply);
        Assert.Contains("venter på, at Aalborg Kommune accepterer", reply);

        var open = await _s.ClickAsync(Sofie, HandoverCards.VerbRefresh, new Dictionary<string, string> { ["caseId"] = _s.CaseId.ToString(), ["h"] = h.PublicId });
        Assert.Contains("Træk tilbage", open.Buttons);
    }

    [Fact]
    public async Task DigestInEnglishAndNothingWaitingSaysSo()
    {
        var reply = await SayPersonallyAsync(_s, Sofie, "digest");
        Assert.Contains("Intet venter", reply);
    }

    [Fact]
    public async Task OverblikInAChannelPointsToThePersonalChat()
    {
        await _s.OfferAsync(Sofie, "Aalborg Kommune");
        var asked = TeamsActivities.ChannelMessageMentioningBot("overblik", Sofie.Account, ChannelId);
        (await _s.Bot.PostActivityAsync(asked)).EnsureSuccessStatusCode();
        var reply = (await _s.Bot.Connector.WaitForAsync(1, r => r.Method == HttpMethod.Post && r.Path.EndsWith("/activities/" + asked.Id))).Single();
        Assert.Contains("kun i din personlige chat", reply.Text);
        Assert.DoesNotContain("Dit overblik", reply.Body);
    }

    [Fact]
    public async Task OverblikFraStopsTheMorningsAndTilStartsThemAgain()
    {
        await _s.OfferAsync(Sofie, "Aalborg Kommune");
        Assert.Contains("slået fra", await SayPersonallyAsync(_s, Sofie, "overblik fra"));
        _s.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await RunMorningAsync(_s.Bot));
        Assert.Contains("kl. 08.00", await SayPersonallyAsync(_s, Sofie, "overblik til"));
        Assert.Equal(1, await RunMorningAsync(_s.Bot));
    }

    [Fact]
    public async Task OverblikTilForAMemberWhoCoordinatesNothingGivesThemTheirOwnBatons()
    {
        await _s.OfferAsync(Sofie, "Lars Nielsen");
        await SayPersonallyAsync(_s, Lars, "overblik til");
        _s.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, await RunMorningAsync(_s.Bot)); // Sofie as coordinator, Lars for the baton offered to him
        await _s.Bot.WaitForOutboxDrainedAsync();
        Assert.Contains(DigestsSent(_s.Bot), d => d.Path.Contains(Uri.EscapeDataString(PersonalChatOf(Lars))));
    }

    [Fact]
    public async Task AChosenTimeIsKeptAndTheDigestWaitsForIt()
    {
        await _s.OfferAsync(Sofie, "Aalborg Kommune");
        Assert.Contains("kl. 09.15", await SayPersonallyAsync(_s, Sofie, "overblik kl 9.15"));
        Assert.Equal(new TimeOnly(9, 15), await _s.Bot.WithDbAsync(db => db.Set<DigestPreference>().Select(p => p.SendAt).SingleAsync()));
        _s.Time.SetUtcNow(Copenhagen(2026, 12, 3, 9, 14));
        Assert.Equal(0, await RunMorningAsync(_s.Bot));
        _s.Time.SetUtcNow(Copenhagen(2026, 12, 3, 9, 15));
        Assert.Equal(1, await RunMorningAsync(_s.Bot));
    }

    [Theory]
    [InlineData("overblik kl 13", "Vælg et tidspunkt mellem")]
    [InlineData("overblik i morgen", "overblik kl 7.30 for et andet tidspunkt")]
    public async Task ATimeOutsideTheMorningOrAnythingElseIsExplainedAndChangesNothing(string text, string answer)
    {
        Assert.Contains(answer, await SayPersonallyAsync(_s, Sofie, text));
        Assert.Equal(0, await _s.Bot.WithDbAsync(db => db.Set<DigestPreference>().CountAsync()));
    }
}
