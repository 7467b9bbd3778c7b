using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Digest;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Tests.Handovers;
using static TeamsCoordinator.Tests.Digest.DigestTestKit;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Digest;

/// <summary>
/// Each kind of line appears in the coordinator's digest when it matters and is gone once it is dealt with; only the
/// forløb's coordinator now gets the forløb, a member who turned the digest on gets their own batons while on the team.
/// </summary>
public sealed class DigestItemTests : IAsyncLifetime
{
    private HandoverScenario _s = null!;

    public async Task InitializeAsync() => _s = await HandoverScenario.StartAsync(start: ThursdayMorning);

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private DateTimeOffset Now => _s.Time.GetUtcNow();

    private Task<DigestContent?> OfAsync(TeamPerson p, bool own = false) => DigestOfAsync(_s.Bot, p, Now, own);

    private async Task<DigestLine> SingleLineAsync(TeamPerson p, DigestItemKind kind)
    {
        var digest = await OfAsync(p);
        Assert.NotNull(digest);
        var c = Assert.Single(digest.Cases);
        Assert.Equal("AB · F-2026-0042", c.Label);
        return Assert.Single(c.Lines, l => l.Kind == kind);
    }

    [Fact]
    public async Task NothingPendingGivesNoDigest() => Assert.Null(await OfAsync(Sofie));

    [Fact]
    public async Task ABatonNotAcceptedIsInTheCoordinatorsDigestWithWhoIsToAcceptAndGoesWhenAccepted()
    {
        var h = await _s.OfferAsync(Sofie, "Aalborg Kommune");
        var line = await SingleLineAsync(Sofie, DigestItemKind.BatonNotAccepted);
        Assert.False(line.Overdue);
        Assert.Contains("fra Sofie Lund venter på, at Aalborg Kommune accepterer", line.Text);
        Assert.Equal(HandoverCards.VerbRefresh, line.Verb);
        Assert.Equal(h.PublicId, line.Data["h"]);
        Assert.Null(await OfAsync(Lars)); // to accept is his organisation's, but he is not the coordinator and did not turn the digest on

        await _s.ClickAsync(Lars, HandoverCards.VerbAccept, On(h));
        Assert.Null(await OfAsync(Sofie));
    }

    [Fact]
    public async Task ABatonPastItsDeadlineIsOverdueAndComesFirst()
    {
        await _s.OfferAsync(Sofie, "Aalborg Kommune");
        await _s.BotWithKipReviewAsync(DigestClock.LocalDate(Now).AddDays(4)); // the day after the baton's deadline
        _s.Time.Advance(TimeSpan.FromDays(5));
        var digest = await OfAsync(Sofie);
        var lines = Assert.Single(digest!.Cases).Lines;
        Assert.Equal([DigestItemKind.BatonNotAccepted, DigestItemKind.KipReview], lines.Select(l => l.Kind));
        Assert.All(lines, l => Assert.True(l.Overdue));
        Assert.Contains("er ikke accepteret af Aalborg Kommune: fristen var", lines[0].Text);
    }

    [Fact]
    public async Task ADischargeNotLandedSafelyByItsDeadlineAppearsUntilItLands()
    {
        var h = await _s.OfferAsync(Sofie, "Aalborg Kommune", discharge: true);
        await _s.ClickAsync(Lars, HandoverCards.VerbAccept, On(h));
        Assert.Null(await OfAsync(Sofie)); // accepted, and its landing deadline has not come

        var accepted = await _s.HandoverAsync(h.PublicId);
        _s.Time.SetUtcNow(accepted.LandingDeadline!.Value);
        var line = await SingleLineAsync(Sofie, DigestItemKind.DischargeNotLanded);
        Assert.True(line.Overdue);
        Assert.Contains("accepteret af Lars Nielsen, men ikke meldt landet trygt", line.Text);

        await _s.ClickAsync(Lars, HandoverCards.VerbLand, On(accepted));
        Assert.Null(await OfAsync(Sofie));
    }

    [Fact]
    public async Task AKipRevisionAppearsFourteenDaysBeforeItsDateAndStaysWhenPast()
    {
        var today = DigestClock.LocalDate(Now);
        await _s.BotWithKipReviewAsync(today.AddDays(15));
        Assert.Null(await OfAsync(Sofie));
        await _s.BotWithKipReviewAsync(today.AddDays(14));
        Assert.False((await SingleLineAsync(Sofie, DigestItemKind.KipReview)).Overdue);
        await _s.BotWithKipReviewAsync(today.AddDays(-1));
        var late = await SingleLineAsync(Sofie, DigestItemKind.KipReview);
        Assert.True(late.Overdue);
        Assert.Equal("case.status", late.Verb);
        await _s.BotWithKipReviewAsync(today.AddMonths(3)); // a new KIP set the next date
        Assert.Null(await OfAsync(Sofie));
    }

    [Fact]
    public async Task AConsentAppearsThirtyDaysBeforeItExpiresAndWhenExpiredUntilANewOneIsRecorded()
    {
        var today = DigestClock.LocalDate(Now);
        var consentId = await _s.Bot.WithDbAsync(db => db.Set<Consent>().Where(c => c.CaseId == _s.CaseId).Select(c => c.Id).SingleAsync());
        await SetAsync<Consent>(_s.Bot, consentId, c => c.ValidTo = today.AddDays(31));
        Assert.Null(await OfAsync(Sofie));
        await SetAsync<Consent>(_s.Bot, consentId, c => c.ValidTo = today.AddDays(30));
        var soon = await SingleLineAsync(Sofie, DigestItemKind.ConsentExpiring);
        Assert.False(soon.Overdue);
        Assert.Equal(ConsentCards.VerbOpen, soon.Verb);

        await SetAsync<Consent>(_s.Bot, consentId, c => c.ValidTo = today.AddDays(-2));
        Assert.True((await SingleLineAsync(Sofie, DigestItemKind.ConsentExpiring)).Overdue);

        // A new consent, recorded later (the expired one is not in force, so nothing ended it).
        await _s.Bot.WithDbAsync(async db =>
        {
            db.Add(new Consent { CaseId = _s.CaseId, OrganisationIds = [], Kinds = InformationKind.ContactData, ValidFrom = today, RecordedAt = Now, RecordedBy = Sofie.AadObjectId });
            return await db.SaveChangesAsync();
        });
        Assert.Null(await OfAsync(Sofie));
    }

    [Fact]
    public async Task AFormerCoordinatorNoLongerGetsTheForloebAndTheNewOneDoes()
    {
        await _s.OfferAsync(Sofie, "Aalborg Kommune");
        Assert.NotNull(await OfAsync(Sofie));
        await SetAsync<CitizenCase>(_s.Bot, _s.CaseId, c => c.CoordinatorUserId = Mette.AadObjectId);
        Assert.Null(await OfAsync(Sofie));
        Assert.NotNull(await OfAsync(Mette));
    }

    [Fact]
    public async Task AMemberWhoTurnedTheDigestOnGetsTheirOwnBatonsUntilRemovedFromTheTeam()
    {
        var h = await _s.OfferAsync(Sofie, "Lars Nielsen");
        Assert.Null(await OfAsync(Lars));
        var line = Assert.Single(Assert.Single((await OfAsync(Lars, own: true))!.Cases).Lines);
        Assert.Equal(h.PublicId, line.Data["h"]);
        Assert.Null(await OfAsync(Camilla, own: true)); // the baton is offered to Lars by name

        var lars = await _s.Bot.WithDbAsync(db => db.Set<CaseMember>().SingleAsync(m => m.CaseId == _s.CaseId && m.UserId == Lars.AadObjectId));
        await SetAsync<CaseMember>(_s.Bot, lars.Id, m => m.RemovedAt = Now);
        Assert.Null(await OfAsync(Lars, own: true));
    }

    [Fact]
    public async Task TheCardNamesTheForloebByItsLabelNeverTheCitizen()
    {
        await _s.OfferAsync(Sofie, "Aalborg Kommune");
        var digest = await OfAsync(Sofie);
        var json = Text(System.Text.Json.JsonSerializer.SerializeToElement(DigestCard.Build(digest!, DigestClock.LocalDate(Now)), TeamsCoordinator.BotFramework.BotJson.Options));
        Assert.Contains("AB · F-2026-0042", json);
        Assert.DoesNotContain("Anders", json);
        Assert.DoesNotContain("010190", json);
    }
}

public static class DigestScenarioExtensions
{
    /// <summary>The KIP flow stores "Dato for næste koordinationsmøde" on the forløb; here it is set directly.</summary>
    public static Task BotWithKipReviewAsync(this HandoverScenario s, DateOnly review) =>
        SetAsync<CitizenCase>(s.Bot, s.CaseId, c => c.NextReviewDate = review);
}
