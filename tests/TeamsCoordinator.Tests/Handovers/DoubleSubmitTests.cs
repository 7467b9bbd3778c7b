using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Storage;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Handovers;

/// <summary>
/// The offer form's id is the idempotency key of "Giv stafetten": however often and however concurrently one form
/// is submitted, exactly one offer is made, and every other submit gets the handover card as it stands now.
/// </summary>
public sealed class DoubleSubmitTests
{
    [Fact]
    public async Task ASubmitThatLookedBeforeTheFirstWasSavedAndValidatesAfterItGetsTheCurrentCardNotARefusal()
    {
        var interleaving = new SubmitInterleaving();
        await using var s = await HandoverScenario.StartAsync(extraServices: interleaving.AddTo);
        var form = await s.SayAsync(Sofie, "stafet til Aalborg Kommune");
        var data = Submit(form, HandoverCards.VerbOffer, ("subject", "WholeCase"), ("deadline", DefaultDeadline(form)));

        interleaving.Arm();
        var answers = await Task.WhenAll(s.ClickAsync(Sofie, HandoverCards.VerbOffer, data), s.ClickAsync(Sofie, HandoverCards.VerbOffer, data));

        Assert.True(interleaving.Happened);
        // Before the fix the held submit saw "Hele forløbet er allerede tilbudt" (its twin's offer) and showed the form again.
        Assert.All(answers, a => Assert.DoesNotContain("allerede tilbudt og afventer svar", a.Text));
        Assert.Single(answers, a => a.Text.Contains("Stafetkortet er lagt i kanalen"));
        var second = Assert.Single(answers, a => a.Text.Contains("du har allerede sendt denne formular"));
        Assert.Contains("Afventer accept fra Aalborg Kommune", second.Text);
        Assert.Contains("Træk tilbage", second.Buttons);
        await AssertOneOfferAsync(s);
    }

    [Fact]
    public async Task ManySubmitsOfOneFormAtOnceMakeOneOffer()
    {
        await using var s = await HandoverScenario.StartAsync();
        var form = await s.SayAsync(Sofie, "stafet til Aalborg Kommune");
        var data = Submit(form, HandoverCards.VerbOffer, ("subject", "WholeCase"), ("deadline", DefaultDeadline(form)));

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => s.ClickAsync(Sofie, HandoverCards.VerbOffer, data)));

        Assert.All(answers, a => Assert.Contains("Stafetten er givet", a.Text));
        Assert.Single(answers, a => a.Text.Contains("Stafetkortet er lagt i kanalen"));
        Assert.Equal(9, answers.Count(a => a.Text.Contains("du har allerede sendt denne formular")));
        await AssertOneOfferAsync(s);
    }

    [Fact]
    public async Task TheFormSubmittedAgainLaterShowsTheBatonAsItStandsNow()
    {
        await using var s = await HandoverScenario.StartAsync();
        var form = await s.SayAsync(Sofie, "stafet til Aalborg Kommune");
        var data = Submit(form, HandoverCards.VerbOffer, ("subject", "WholeCase"), ("deadline", DefaultDeadline(form)));
        await s.ClickAsync(Sofie, HandoverCards.VerbOffer, data);
        await s.ClickAsync(Lars, HandoverCards.VerbAccept, On(await s.LatestHandoverAsync()));

        var again = await s.ClickAsync(Sofie, HandoverCards.VerbOffer, data);
        var byAnother = await s.ClickAsync(Camilla, HandoverCards.VerbOffer, data);

        Assert.Contains("du har allerede sendt denne formular", again.Text);
        Assert.Contains("Accepteret af Lars Nielsen", again.Text);
        Assert.Contains("Formularen er allerede brugt: Sofie Lund gav stafetten", byAnother.Text);
        await AssertOneOfferAsync(s);
    }

    private static async Task AssertOneOfferAsync(HandoverScenario s)
    {
        Assert.Single(await s.Bot.WithDbAsync(db => db.Set<Handover>().ToListAsync()));
        Assert.Single(await s.AuditAsync("handover.offer"));
        Assert.Single(await s.Bot.OutboxAsync(), m => m.Kind == OutboxKind.NewChannelThread && m.CorrelationKey!.StartsWith("handover:"));
    }
}
