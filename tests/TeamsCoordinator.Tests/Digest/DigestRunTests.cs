using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Digest;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Tests.Handovers;
using TeamsCoordinator.Tests.Infrastructure;
using static TeamsCoordinator.Tests.Digest.DigestTestKit;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Digest;

/// <summary>
/// The morning run in process, on a fake clock: at 08:00 each coordinator with something waiting gets one card in a
/// personal chat, the others nothing; one per person per day however often (or after however many restarts) it runs;
/// a late start catches up until noon; a digest is for its own day only.
/// </summary>
public sealed class DigestRunTests
{
    private static readonly Dictionary<string, string?> WithScheduler = new() { ["Digest:RunScheduler"] = "true" };

    [Fact]
    public async Task AtEightEachCoordinatorWithPendingWorkGetsOneCardInANewPersonalChatAndTheOthersNone()
    {
        await using var s = await HandoverScenario.StartAsync(settings: WithScheduler, start: ThursdayMorning);
        await SeedCoordinatorsAsync(s.Bot, 1, s.Time.GetUtcNow());
        await SetAsync<TeamsCoordinator.Cases.Consent>(s.Bot, await s.Bot.WithDbAsync(db => db.Set<TeamsCoordinator.Cases.Consent>().Where(c => c.ValidTo != null).Select(c => c.Id).SingleAsync()),
            c => c.ValidTo = null); // coord001 has nothing waiting now
        await s.OfferAsync(Sofie, "Aalborg Kommune");
        s.Time.Advance(TimeSpan.FromMinutes(1)); // 08:00
        await s.Bot.Connector.WaitForAsync(1, r => r.Body?.Contains("Dit overblik") == true);
        s.Time.Advance(TimeSpan.FromMinutes(1));
        s.Time.Advance(TimeSpan.FromMinutes(1));
        await Task.Delay(500);
        await s.Bot.WaitForOutboxDrainedAsync();

        var card = Assert.Single(DigestsSent(s.Bot)).Card;
        Assert.Contains("Forløb AB · F-2026-0042", Text(card));
        Assert.Contains("venter på, at Aalborg Kommune accepterer", Text(card));
        var digest = Assert.Single(await s.Bot.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.IdempotencyKey.StartsWith("digest:")).ToListAsync()));
        Assert.Equal((OutboxKind.SendToUser, "29:sofie", TeamsActivities.TenantId), (digest.Kind, digest.UserId, digest.TenantId));
        var created = s.Bot.Connector.Requests.Last(r => r.Path.EndsWith("/v3/conversations") && r.Body!.Contains("\"29:sofie\""));
        Assert.Equal(TeamsActivities.TenantId, created.Json.GetProperty("tenantId").GetString());
        var claims = await s.Bot.WithDbAsync(db => db.Set<DigestClaim>().AsNoTracking().ToListAsync());
        Assert.Equal(DigestRoute.NewChat, claims.Single(c => c.UserId == Sofie.AadObjectId).Route);
        Assert.Equal(DigestRoute.None, claims.Single(c => c.UserId == "aad-coord001").Route);
    }

    [Fact]
    public async Task ADigestIsClaimedOncePerPersonAndDayHoweverOftenTheRunRuns()
    {
        await using var s = await HandoverScenario.StartAsync(start: ThursdayMorning.AddMinutes(1));
        await SeedCoordinatorsAsync(s.Bot, 3, s.Time.GetUtcNow());
        Assert.Equal(3, await RunMorningAsync(s.Bot));
        Assert.Equal(0, await RunMorningAsync(s.Bot));
        s.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await RunMorningAsync(s.Bot));
        await s.Bot.WaitForOutboxDrainedAsync();
        Assert.Equal(["CC · K-001", "CC · K-002", "CC · K-003"], LabelsSent(s.Bot).Order());
        // The next working day is a new digest.
        s.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(3, await RunMorningAsync(s.Bot));
    }

    [Fact]
    public async Task ARunThatDiesHalfWaySendsTheMissingOnesWhenItRunsAgainAndNoneTwice()
    {
        await using var s = await HandoverScenario.StartAsync(start: ThursdayMorning.AddMinutes(1));
        var count = DigestRun.SaveBatch * 2 + 30;
        await SeedCoordinatorsAsync(s.Bot, count, s.Time.GetUtcNow());
        var run = s.Bot.Services.GetRequiredService<DigestRun>();
        run.AfterBatch = _ => throw new InvalidOperationException("the process dies here");
        await Assert.ThrowsAsync<InvalidOperationException>(() => run.RunAsync(default));
        // The first batch is committed whole (a claim and its message together), nothing of the rest.
        Assert.Equal(DigestRun.SaveBatch, await s.Bot.WithDbAsync(db => db.Set<DigestClaim>().CountAsync()));
        Assert.Equal(await s.Bot.WithDbAsync(db => db.Set<DigestClaim>().CountAsync(c => c.Items > 0)),
            await s.Bot.WithDbAsync(db => db.Outbox.CountAsync(m => m.IdempotencyKey.StartsWith("digest:"))));

        run.AfterBatch = null; // restarted
        var sentBefore = await s.Bot.WithDbAsync(db => db.Outbox.CountAsync(m => m.IdempotencyKey.StartsWith("digest:")));
        Assert.Equal(count - sentBefore, await run.RunAsync(default));
        Assert.Equal(0, await run.RunAsync(default));
        await s.Bot.WaitForOutboxDrainedAsync(TimeSpan.FromSeconds(120));
        var labels = LabelsSent(s.Bot);
        Assert.Equal(count, labels.Count);
        Assert.Equal(count, labels.Distinct().Count());
    }

    [Fact]
    public async Task ABotThatWasDownAtEightCatchesUpUntilNoonButNotAfter()
    {
        await using var s = await HandoverScenario.StartAsync(start: Copenhagen(2026, 12, 3, 12, 0));
        await SeedCoordinatorsAsync(s.Bot, 2, s.Time.GetUtcNow());
        Assert.Equal(0, await RunMorningAsync(s.Bot)); // Thursday noon: that morning is over
        s.Time.SetUtcNow(Copenhagen(2026, 12, 4, 11, 59)); // down all Friday morning, up a minute before noon
        Assert.Equal(2, await RunMorningAsync(s.Bot));
    }

    [Fact]
    public async Task YesterdaysDigestIsNeverSentToday()
    {
        // No dispatcher: Thursday's digest stays unsent (Teams was unreachable all day).
        await using var s = await HandoverScenario.StartAsync(start: ThursdayMorning.AddMinutes(1), extraServices: services =>
            services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(OutboxDispatcher))));
        await SeedCoordinatorsAsync(s.Bot, 1, s.Time.GetUtcNow());
        Assert.Equal(1, await RunMorningAsync(s.Bot));
        var thursday = await s.Bot.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync());
        Assert.True(thursday.Bulk);
        Assert.Equal(Copenhagen(2026, 12, 4, 0, 0), thursday.DiscardAfter);

        s.Time.SetUtcNow(Copenhagen(2026, 12, 4, 8, 0));
        Assert.Equal(1, await RunMorningAsync(s.Bot));
        var dispatcher = ActivatorUtilities.CreateInstance<OutboxDispatcher>(s.Bot.Services);
        await dispatcher.DispatchDueAsync(default);

        var card = Assert.Single(DigestsSent(s.Bot)).Card;
        Assert.Contains("fredag 4. december", Text(card));
        var expired = await s.Bot.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == thursday.Id));
        Assert.Null(expired.SentAt);
        Assert.StartsWith("expired", expired.LastError);
    }

    [Fact]
    public async Task ADigestGoesToThePersonalChatWhenThereIsOne()
    {
        await using var s = await HandoverScenario.StartAsync(start: ThursdayMorning.AddMinutes(1));
        await s.OfferAsync(Sofie, "Aalborg Kommune");
        await SayPersonallyAsync(s, Sofie, "hjælp");
        Assert.Equal(1, await RunMorningAsync(s.Bot));
        await s.Bot.WaitForOutboxDrainedAsync();
        Assert.EndsWith($"/v3/conversations/{Uri.EscapeDataString(PersonalChatOf(Sofie))}/activities", Assert.Single(DigestsSent(s.Bot)).Path);
    }

    [Fact]
    public async Task SomeoneTheBotCannotWriteToIsToldInTheForloebsChannelOnceWithoutContent()
    {
        await using var s = await HandoverScenario.StartAsync(start: ThursdayMorning.AddMinutes(1));
        await s.OfferAsync(Sofie, "Aalborg Kommune");
        await s.Bot.WithDbAsync(db => db.Set<TeamsCoordinator.Conversation.KnownChannelAccount>().Where(k => k.AadObjectId == Sofie.AadObjectId).ExecuteDeleteAsync());
        Assert.Equal(1, await RunMorningAsync(s.Bot));
        await s.Bot.WaitForOutboxDrainedAsync();
        var notice = Assert.Single(s.Bot.Connector.Requests, r => r.Body?.Contains("dagligt overblik til dig") == true);
        Assert.Contains(ChannelId, notice.Body);
        Assert.Contains("Sofie Lund", notice.Text);
        Assert.DoesNotContain("AB", notice.Text);
        Assert.DoesNotContain("Aalborg", notice.Text);

        s.Time.Advance(TimeSpan.FromDays(1)); // Friday: still unreachable, but the channel was told already
        Assert.Equal(0, await RunMorningAsync(s.Bot));
        await s.Bot.WaitForOutboxDrainedAsync();
        Assert.Single(s.Bot.Connector.Requests, r => r.Body?.Contains("dagligt overblik til dig") == true);
        Assert.Equal(DigestRoute.Unreachable, (await s.Bot.WithDbAsync(db => db.Set<DigestClaim>().OrderBy(c => c.Id).LastAsync())).Route);
    }

    [Fact]
    public async Task EveryDigestCommittedIsCountedOnceWithItsRouteAndAnEmptyOneNotAtAll()
    {
        await using var s = await HandoverScenario.StartAsync(start: ThursdayMorning.AddMinutes(1));
        await SeedCoordinatorsAsync(s.Bot, 2, s.Time.GetUtcNow());
        await s.OfferAsync(Sofie, "Aalborg Kommune");
        await SayPersonallyAsync(s, Sofie, "hjælp");
        await SayPersonallyAsync(s, Mette, "hjælp"); // Mette coordinates nothing: no claim, no count

        // Only this test's passes count (other tests run the morning in parallel; the meter is process-wide).
        var ours = new AsyncLocal<bool>();
        var counted = new ConcurrentQueue<string?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TeamsCoordinator.Operations.AppMetrics.Name && instrument.Name == "coordinator.digests.sent") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (ours.Value) counted.Enqueue($"{value}:{tags.ToArray().Single(t => t.Key == "route").Value}");
        });
        listener.Start();
        ours.Value = true;
        Assert.Equal(3, await RunMorningAsync(s.Bot));
        Assert.Equal(0, await RunMorningAsync(s.Bot));
        ours.Value = false;
        Assert.Equal(["1:NewChat", "1:NewChat", "1:PersonalChat"], counted.Order());
    }

    public static string PersonalChatOf(TeamPerson p) => "a:personal-" + p.Key;

    public static async Task<string> SayPersonallyAsync(HandoverScenario s, TeamPerson from, string text)
    {
        var chat = "/v3/conversations/" + Uri.EscapeDataString(PersonalChatOf(from)) + "/";
        bool InChat(ConnectorRequest r) => FakeConnector.IsMessage(r) && r.Path.Contains(chat);
        var before = s.Bot.Connector.Requests.Count(InChat);
        (await s.Bot.PostActivityAsync(TeamsActivities.PersonalMessage(text, from.Account, conversationId: PersonalChatOf(from)))).EnsureSuccessStatusCode();
        var reply = (await s.Bot.Connector.WaitForAsync(before + 1, InChat))[^1];
        return TeamsCoordinator.Tests.Cases.CaseScenario.Texts(reply.Body);
    }
}
