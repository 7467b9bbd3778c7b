using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Digest;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Meetings;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tasks;
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
    public async Task ATaskDueWithinThreeWorkingDaysAppearsWithItsOwnerAndGoesWhenDone()
    {
        // Thursday 3 December: three working days on is Tuesday the 8th (the weekend does not count).
        await _s.TaskAsync(Lars, new DateOnly(2026, 12, 9));
        Assert.Null(await OfAsync(Sofie));
        var task = await _s.TaskAsync(Lars, new DateOnly(2026, 12, 8));
        var line = await SingleLineAsync(Sofie, DigestItemKind.TaskDue);
        Assert.False(line.Overdue);
        Assert.Equal("En aftale, som Lars Nielsen (Aalborg Kommune) er ansvarlig for, har frist 08-12-2026.", line.Text);
        Assert.Equal(TaskCards.VerbList, line.Verb);
        Assert.Equal((_s.CaseId.ToString(), task), (line.Data["caseId"], line.Data["t"]));

        var id = await _s.Bot.WithDbAsync(db => db.Set<CaseTask>().Where(t => t.PublicId == task).Select(t => t.Id).SingleAsync());
        await SetAsync<CaseTask>(_s.Bot, id, t => t.State = TaskState.Done);
        Assert.Null(await OfAsync(Sofie));
    }

    [Fact]
    public async Task AnOverdueTaskIsLateAndItsTitleNeverReachesTheDigest()
    {
        await _s.TaskAsync(Lars, new DateOnly(2026, 12, 1), title: "Anders skal have bostøtte efter indlæggelsen");
        var line = await SingleLineAsync(Sofie, DigestItemKind.TaskDue);
        Assert.True(line.Overdue);
        Assert.Contains("har overskredet sin frist 01-12-2026", line.Text);
        Assert.DoesNotContain("bostøtte", line.Text);
        Assert.DoesNotContain("Anders", line.Text);
    }

    [Fact]
    public async Task AMemberWhoTurnedTheDigestOnGetsTheTasksTheyOwnOnly()
    {
        await _s.TaskAsync(Lars, new DateOnly(2026, 12, 4));
        Assert.Null(await OfAsync(Lars)); // not the coordinator, digest not turned on
        Assert.Equal(DigestItemKind.TaskDue, Assert.Single(Assert.Single((await OfAsync(Lars, own: true))!.Cases).Lines).Kind);
        Assert.Null(await OfAsync(Camilla, own: true)); // not hers
    }

    [Fact]
    public async Task AMeetingHeldMoreThanTwoWorkingDaysAgoWithoutAReferatAppearsUntilOneIsWritten()
    {
        await _s.MeetingAsync(Copenhagen(2026, 12, 1, 10, 0)); // Tuesday: Wednesday and Thursday are the two working days
        Assert.Null(await OfAsync(Sofie));
        _s.Time.Advance(TimeSpan.FromDays(1)); // Friday
        var line = await SingleLineAsync(Sofie, DigestItemKind.MeetingWithoutMinutes);
        Assert.True(line.Overdue);
        Assert.Equal("Netværksmødet 01-12-2026 har intet referat endnu.", line.Text);
        Assert.Equal(MeetingCards.VerbOpen, line.Verb);

        await _s.ReferatAsync(Now);
        Assert.Null(await OfAsync(Sofie));
    }

    [Fact]
    public async Task AMeetingOverAWeekendOrHolidayCountsWorkingDaysOnly()
    {
        // Wednesday 23 December 2026; the 24th, 25th and the weekend are no working days: Monday the 28th and Tuesday the 29th are.
        await _s.MeetingAsync(Copenhagen(2026, 12, 23, 10, 0));
        _s.Time.SetUtcNow(Copenhagen(2026, 12, 29, 8, 0));
        Assert.Null(await OfAsync(Sofie));
        _s.Time.SetUtcNow(Copenhagen(2026, 12, 30, 8, 0));
        Assert.NotNull(await OfAsync(Sofie));
    }

    [Fact]
    public async Task AReferatWrittenBeforeTheMeetingIsNotItsReferatAndACancelledMeetingNeedsNone()
    {
        var held = await _s.MeetingAsync(Copenhagen(2026, 11, 26, 10, 0)); // the forløb's referat:1 is from 30 days ago
        Assert.Equal(held, (await SingleLineAsync(Sofie, DigestItemKind.MeetingWithoutMinutes)).Data["m"]);
        var id = await _s.Bot.WithDbAsync(db => db.Set<Meeting>().Where(m => m.PublicId == held).Select(m => m.Id).SingleAsync());
        await SetAsync<Meeting>(_s.Bot, id, m => m.State = MeetingState.Aflyst);
        Assert.Null(await OfAsync(Sofie));
    }

    [Fact]
    public async Task TheButtonsOpenTheTaskListAndTheHeldMeetingsCardForMembersOnly()
    {
        await _s.TaskAsync(Lars, new DateOnly(2026, 12, 4), title: "Bostøtte");
        await _s.MeetingAsync(Copenhagen(2026, 11, 30, 10, 0));
        var lines = Assert.Single((await OfAsync(Sofie))!.Cases).Lines;

        var tasks = await _s.ClickAsync(Sofie, TaskCards.VerbList, lines.Single(l => l.Kind == DigestItemKind.TaskDue).Data);
        Assert.Contains("Opgaver: forløb AB · F-2026-0042", tasks.Text);
        Assert.Contains("Bostøtte", tasks.Text);

        var meeting = lines.Single(l => l.Kind == DigestItemKind.MeetingWithoutMinutes).Data;
        var opened = await _s.ClickAsync(Sofie, MeetingCards.VerbOpen, meeting);
        Assert.Contains("Netværksmøde: forløb AB · F-2026-0042", opened.Text);
        Assert.Contains("referatet er ikke skrevet endnu", opened.Text);

        var outsider = await _s.ClickAsync(Outsider, MeetingCards.VerbOpen, meeting);
        Assert.Equal("application/vnd.microsoft.activity.message", outsider.Type);
        Assert.DoesNotContain("Netværksmøde", outsider.Text);

        await _s.ReferatAsync(Now);
        Assert.Contains("referatet er skrevet", (await _s.ClickAsync(Sofie, MeetingCards.VerbOpen, meeting)).Text);
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
    public async Task ACoordinatorNoLongerOnTheTeamGetsNothingOfTheForloeb()
    {
        await _s.OfferAsync(Sofie, "Aalborg Kommune");
        var sofie = await _s.Bot.WithDbAsync(db => db.Set<CaseMember>().SingleAsync(m => m.CaseId == _s.CaseId && m.UserId == Sofie.AadObjectId));
        await SetAsync<CaseMember>(_s.Bot, sofie.Id, m => m.RemovedAt = Now); // still named coordinator, but off the team
        Assert.Null(await OfAsync(Sofie));
        Assert.Null(await OfAsync(Sofie, own: true));
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

    private static int _agreementNo;

    /// <summary>An open task of the forløb (as a referat's agreement makes it); returns its public id.</summary>
    public static Task<string> TaskAsync(this HandoverScenario s, TeamPerson owner, DateOnly due, string title = "Aftale") => s.Bot.WithDbAsync(async db =>
    {
        var t = new CaseTask
        {
            PublicId = Guid.NewGuid().ToString("N"), CaseId = s.CaseId, Title = title, OwnerUserId = owner.AadObjectId, OwnerName = owner.Name,
            OwnerOrganisationId = owner.OrganisationId, OwnerSector = owner.Sector, Due = due, State = TaskState.Open,
            AgreementNo = Interlocked.Increment(ref _agreementNo), CreatedAt = s.Time.GetUtcNow(), CreatedByUserId = Sofie.AadObjectId, Version = 1,
        };
        db.Add(t);
        await db.SaveChangesAsync();
        return t.PublicId;
    });

    /// <summary>A booked network meeting of the forløb, an hour from <paramref name="start"/>, with Sofie and Lars; returns its public id.</summary>
    public static Task<string> MeetingAsync(this HandoverScenario s, DateTimeOffset start) => s.Bot.WithDbAsync(async db =>
    {
        var m = new Meeting
        {
            PublicId = Guid.NewGuid().ToString("N"), CaseId = s.CaseId, Kind = MeetingKind.Netvaerksmoede, Purpose = "Udskrivning", Online = true,
            DurationMinutes = 60, WindowFrom = DateOnly.FromDateTime(start.UtcDateTime), WindowTo = DateOnly.FromDateTime(start.UtcDateTime),
            OrganiserUserId = Sofie.AadObjectId, State = MeetingState.Booket, Start = start, End = start.AddHours(1),
            CreatedAt = start.AddDays(-7), CreatedBy = Sofie.AadObjectId, Version = 1,
        };
        foreach (var p in new[] { Sofie, Lars })
            m.Participants.Add(new MeetingParticipant { UserId = p.AadObjectId, DisplayName = p.Name, OrganisationId = p.OrganisationId, Sector = p.Sector, HasTeams = true });
        db.Add(m);
        await db.SaveChangesAsync();
        return m.PublicId;
    });

    /// <summary>A new version of the forløb's referat, kept at <paramref name="at"/>.</summary>
    public static Task ReferatAsync(this HandoverScenario s, DateTimeOffset at) => s.Bot.WithDbAsync(async db =>
    {
        var version = await db.Set<StoredFile>().CountAsync(f => f.CaseId == s.CaseId && f.DocumentKey == "referat") + 1;
        db.Add(new StoredFile
        {
            CaseId = s.CaseId, DocumentKey = "referat", Version = version, FileName = $"referat-v{version}.docx", ContentType = "application/octet-stream",
            Content = [1, 2, 3], CreatedAt = at, CreatedBy = Sofie.AadObjectId,
        });
        return await db.SaveChangesAsync();
    });
}
