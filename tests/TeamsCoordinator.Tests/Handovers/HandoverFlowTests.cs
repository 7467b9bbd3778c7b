using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Handovers;

/// <summary>The stafet end to end through /api/messages: offer in the channel, the card per viewer, every answer to it.</summary>
public sealed class HandoverFlowTests : IAsyncLifetime
{
    private HandoverScenario _s = null!;

    public async Task InitializeAsync() => _s = await HandoverScenario.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task OfferPostsTheCardInTheChannelMentionsTheReceiversAndTellsThemPersonally()
    {
        var h = await _s.OfferAsync(Sofie, "Aalborg Kommune");

        Assert.Equal(HandoverState.Afventer, h.State);
        Assert.Equal(1, h.Version);
        Assert.Equal(DemoTenants.Aalborg, h.ReceiverOrganisationId);
        Assert.Equal(Sofie.AadObjectId, h.SenderUserId);
        var outbox = await _s.Bot.OutboxAsync();
        var post = Assert.Single(outbox, m => m.CorrelationKey == h.CardKey);
        Assert.Equal(OutboxKind.NewChannelThread, post.Kind);
        Assert.Equal(ChannelId, post.ConversationId);

        var card = CardOf(post);
        var mentions = card.GetProperty("msteams").GetProperty("entities").EnumerateArray()
            .Select(e => e.GetProperty("mentioned").GetProperty("id").GetString()).ToList();
        Assert.Equal([Camilla.ChannelId, Lars.ChannelId], mentions.Order().ToList());
        Assert.Contains("<at>Lars Nielsen</at>", card.Text());
        var refresh = card.GetProperty("refresh");
        Assert.Equal("Action.Execute", refresh.GetProperty("action").GetProperty("type").GetString()); // Teams ignores a refresh without it
        Assert.Equal(HandoverCards.VerbRefresh, refresh.GetProperty("action").GetProperty("verb").GetString());
        var userIds = refresh.GetProperty("userIds").EnumerateArray().Select(x => x.GetString()).ToList();
        Assert.Equal([Camilla.ChannelId, Lars.ChannelId], userIds.Take(2).Order().ToList()); // the receiving side first
        Assert.Contains(Sofie.ChannelId, userIds);
        Assert.DoesNotContain(Birgitte.ChannelId, userIds); // no Teams
        Assert.Empty(InvokeAnswer.CardButtons(card).Except(["Vis mine muligheder"])); // the shared card has no answers on it

        var told = outbox.Where(m => m.Kind == OutboxKind.SendToUser).Select(m => m.UserId).Order().ToList();
        Assert.Equal([Camilla.ChannelId, Lars.ChannelId], told);
        Assert.All(outbox.Where(m => m.Kind == OutboxKind.SendToUser), m => Assert.DoesNotContain("Anders", m.ActivityJson));
        Assert.Single(await _s.AuditAsync("handover.offer"));
    }

    [Fact]
    public async Task EachMemberSeesTheButtonsThatApplyToThemAndRefreshingChangesNothing()
    {
        var h = await _s.OfferAsync(Sofie, "kommunen");

        var receiver = await _s.ClickAsync(Lars, HandoverCards.VerbRefresh, On(h), automatic: true);
        var sender = await _s.ClickAsync(Sofie, HandoverCards.VerbRefresh, On(h), automatic: true);
        var other = await _s.ClickAsync(Rasmus, HandoverCards.VerbRefresh, On(h), automatic: true);

        Assert.Equal(["Accepter", "Afvis", "Vis dokumenter"], receiver.Buttons);
        Assert.Equal(["Træk tilbage", "Vis dokumenter"], sender.Buttons);
        Assert.Equal(["Vis dokumenter"], other.Buttons);
        Assert.All([receiver, sender, other], a => Assert.Contains("Afventer accept fra Aalborg Kommune", a.Text));
        Assert.Equal(1, (await _s.HandoverAsync(h.PublicId)).Version);
    }

    [Fact]
    public async Task AcceptingMakesTheAccepterHolderAndTheSenderFollowsUpUntilLandetTrygt()
    {
        var h = await _s.OfferAsync(Sofie, "Aalborg Kommune");
        _s.Time.Advance(TimeSpan.FromHours(2));

        var accepted = await _s.ClickAsync(Lars, HandoverCards.VerbAccept, On(h));

        Assert.Contains("Du har accepteret stafetten", accepted.Text);
        Assert.Equal(["Landet trygt", "Vis dokumenter"], accepted.Buttons);
        var holder = await _s.HolderAsync();
        Assert.Equal(Lars.AadObjectId, holder.UserId);
        Assert.Equal(DemoTenants.Aalborg, holder.OrganisationId);
        Assert.Equal(Sofie.AadObjectId, holder.FollowingUpUserId);
        var status = await _s.SayAsync(Rasmus, "hvem har stafetten");
        Assert.Contains("Lars Nielsen (Aalborg Kommune)", status.Text());
        Assert.Contains("Sofie Lund (Region Nordjylland, Psykiatrien), indtil borgeren er landet trygt", status.Text());

        _s.Time.Advance(TimeSpan.FromDays(1));
        var notYours = await _s.ClickAsync(Camilla, HandoverCards.VerbLand, On(h));
        Assert.Contains("Kun Lars Nielsen, der har stafetten", notYours.Text);
        var landed = await _s.ClickAsync(Lars, HandoverCards.VerbLand, On(h));

        Assert.Contains("landet trygt", landed.Text);
        Assert.Empty(landed.Buttons.Except(["Vis dokumenter"]));
        holder = await _s.HolderAsync();
        Assert.Equal(Lars.AadObjectId, holder.UserId);
        Assert.Null(holder.FollowingUpUserId);
        var final = await _s.HandoverAsync(h.PublicId);
        Assert.Equal(HandoverState.LandetTrygt, final.State);
        Assert.Equal(["offer", "accept", "land"], final.Transitions.OrderBy(t => t.FromVersion).Select(t => t.Event));

        // Every change updated the posted card for everyone, in order, and told the sender in personal chat.
        var outbox = await _s.Bot.OutboxAsync();
        var updates = outbox.Where(m => m.Kind == OutboxKind.Update && m.TargetCorrelationKey == h.CardKey).ToList();
        Assert.Equal([$"{h.CardKey}:v2:update", $"{h.CardKey}:v3:update"], updates.Select(u => u.IdempotencyKey));
        Assert.Contains("Accepteret af Lars Nielsen", updates[0].ActivityJson);
        Assert.Contains("Landet trygt hos Lars Nielsen", updates[1].ActivityJson);
        Assert.Equal(2, outbox.Count(m => m.Kind == OutboxKind.SendToUser && m.UserId == Sofie.ChannelId));

        // The accepted state may never reach Teams when landing came before it went out (a newer update supersedes an
        // unsent older one); the card Teams shows last is always the newest state.
        await _s.Bot.WaitForOutboxDrainedAsync();
        var puts = _s.Bot.Connector.Requests.Where(r => r.Method == HttpMethod.Put).ToList();
        Assert.InRange(puts.Count, 1, 2);
        Assert.Contains("Landet trygt hos Lars Nielsen", puts[^1].Text ?? puts[^1].Body);
        var postedId = (await _s.Bot.OutboxAsync()).Single(m => m.CorrelationKey == h.CardKey).ResultActivityId;
        Assert.All(puts, p => Assert.EndsWith("/activities/" + postedId, p.Path));
    }

    [Fact]
    public async Task DeclineRequiresAReasonAndLeavesTheBatonWithTheSender()
    {
        var h = await _s.OfferAsync(Sofie, "Aalborg Kommune");

        var noReason = await _s.ClickAsync(Camilla, HandoverCards.VerbDecline, On(h, ("reason", "  ")));
        Assert.Contains("Skriv en begrundelse", noReason.Text);
        Assert.Equal(HandoverState.Afventer, (await _s.HandoverAsync(h.PublicId)).State);

        var declined = await _s.ClickAsync(Camilla, HandoverCards.VerbDecline, On(h, ("reason", "Vi har ikke kapacitet før i næste uge.")));

        Assert.Contains("Du har afvist stafetten", declined.Text);
        var after = await _s.HandoverAsync(h.PublicId);
        Assert.Equal(HandoverState.Afvist, after.State);
        Assert.Equal("Vi har ikke kapacitet før i næste uge.", after.DeclineReason);
        Assert.Equal(Camilla.AadObjectId, after.ClosedByUserId);
        Assert.Equal(Sofie.AadObjectId, (await _s.HolderAsync()).UserId);
        var late = await _s.ClickAsync(Lars, HandoverCards.VerbAccept, On(h));
        Assert.Contains("allerede afvist af Camilla Berg", late.Text);
        // The reason is encrypted at rest.
        var raw = await _s.Bot.WithDbAsync(async db =>
        {
            var conn = db.Database.GetDbConnection();
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT DeclineReason FROM handovers";
            return (string)(await cmd.ExecuteScalarAsync())!;
        });
        Assert.DoesNotContain("kapacitet", raw);
    }

    [Fact]
    public async Task OnlyTheSenderCanWithdrawAndOnlyBeforeAcceptance()
    {
        var h = await _s.OfferAsync(Sofie, "Aalborg Kommune");

        var byReceiver = await _s.ClickAsync(Lars, HandoverCards.VerbWithdraw, On(h));
        Assert.Contains("Kun Sofie Lund, der gav stafetten, kan trække den tilbage", byReceiver.Text);

        var withdrawn = await _s.ClickAsync(Sofie, HandoverCards.VerbWithdraw, On(h));
        Assert.Contains("Du har trukket stafetten tilbage", withdrawn.Text);
        Assert.Equal(HandoverState.TrukketTilbage, (await _s.HandoverAsync(h.PublicId)).State);

        // Accepting a withdrawn baton from the stale card: refused, nothing changes.
        var stale = await _s.ClickAsync(Lars, HandoverCards.VerbAccept, On(h));
        Assert.Contains("trukket tilbage af Sofie Lund", stale.Text);
        Assert.Equal(Sofie.AadObjectId, (await _s.HolderAsync()).UserId);

        var h2 = await _s.OfferAsync(Sofie, "Aalborg Kommune");
        await _s.ClickAsync(Lars, HandoverCards.VerbAccept, On(h2));
        var tooLate = await _s.ClickAsync(Sofie, HandoverCards.VerbWithdraw, On(h2));
        Assert.Contains("Allerede accepteret af Lars Nielsen", tooLate.Text);
        Assert.Equal(HandoverState.Accepteret, (await _s.HandoverAsync(h2.PublicId)).State);
    }

    [Fact]
    public async Task ADoubleClickChangesNothingTheSecondTime()
    {
        var h = await _s.OfferAsync(Sofie, "Aalborg Kommune");

        await _s.ClickAsync(Lars, HandoverCards.VerbAccept, On(h));
        var again = await _s.ClickAsync(Lars, HandoverCards.VerbAccept, On(h));

        Assert.Contains("Du har allerede accepteret stafetten", again.Text);
        Assert.Equal(2, (await _s.HandoverAsync(h.PublicId)).Version);
        Assert.Single(await _s.AuditAsync("handover.accept"));
    }

    [Fact]
    public async Task SomeoneOutsideTheForloebLearnsNothingAndChangesNothing()
    {
        var h = await _s.OfferAsync(Sofie, "Aalborg Kommune");

        var accept = await _s.ClickAsync(Outsider, HandoverCards.VerbAccept, On(h));
        var look = await _s.ClickAsync(Outsider, HandoverCards.VerbRefresh, On(h), automatic: true);
        var forged = await _s.ClickAsync(Outsider, HandoverCards.VerbAccept, new Dictionary<string, string> { ["h"] = "no-such-handover" });

        Assert.All([accept, look, forged], a =>
        {
            Assert.Equal("application/vnd.microsoft.activity.message", a.Type);
            Assert.StartsWith("Jeg kan ikke finde et forløb her, som du er medlem af", a.Text);
        });
        Assert.Equal(forged.Text, accept.Text);
        Assert.Equal(HandoverState.Afventer, (await _s.HandoverAsync(h.PublicId)).State);
        Assert.Equal(2, (await _s.AuditAsync("case.denied")).Count);
    }

    [Fact]
    public async Task OnlyTheNamedPersonCanAcceptABatonOfferedToThem()
    {
        var h = await _s.OfferAsync(Sofie, "distriktspsykiatrien", subject: nameof(HandoverSubject.Task), taskTitle: "Medicinopfølgning efter udskrivning");

        Assert.Equal(Mette.AadObjectId, h.IntendedReceiverUserId);
        var lars = await _s.ClickAsync(Lars, HandoverCards.VerbAccept, On(h));
        Assert.Contains("Kun Mette Kjær (Region Nordjylland, Psykiatrien) kan acceptere", lars.Text);
        var mette = await _s.ClickAsync(Mette, HandoverCards.VerbAccept, On(h));
        Assert.Contains("Du har accepteret", mette.Text);
        // A task baton does not move the forløb's baton.
        Assert.Equal(Sofie.AadObjectId, (await _s.HolderAsync()).UserId);
    }

    [Fact]
    public async Task HandingOverTheCoordinatorRoleMakesTheAccepterCoordinator()
    {
        var h = await _s.OfferAsync(Sofie, "Lars", subject: nameof(HandoverSubject.CoordinatorRole));

        await _s.ClickAsync(Lars, HandoverCards.VerbAccept, On(h));

        Assert.Equal(Lars.AadObjectId, (await _s.CaseAsync()).CoordinatorUserId);
        Assert.Equal(Lars.AadObjectId, (await _s.HolderAsync()).UserId);
        Assert.Single(await _s.AuditAsync("case.coordinator"));
    }

    [Fact]
    public async Task OnlyTheHolderCanHandOverTheWholeForloebAndOnlyOneOfferAtATime()
    {
        var byOther = await _s.SayAsync(Lars, "stafet til regionen");
        var subjects = byOther.GetProperty("body").EnumerateArray().First(e => e.TryGetProperty("id", out var id) && id.GetString() == "subject")
            .GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("value").GetString()).ToList();
        Assert.Equal(["Task"], subjects);
        var forced = await _s.ClickAsync(Lars, HandoverCards.VerbOffer, Submit(byOther, HandoverCards.VerbOffer,
            ("subject", "WholeCase"), ("deadline", DefaultDeadline(byOther))));
        Assert.Contains("Kun den, der har stafetten (Sofie Lund), kan give hele forløbet videre", forced.Text);

        await _s.OfferAsync(Sofie, "Aalborg Kommune");
        var second = await _s.SayAsync(Sofie, "stafet til Jammerbugt");
        var secondTry = await _s.ClickAsync(Sofie, HandoverCards.VerbOffer, Submit(second, HandoverCards.VerbOffer,
            ("subject", "WholeCase"), ("deadline", DefaultDeadline(second))));
        Assert.Contains("Hele forløbet er allerede tilbudt og afventer svar", secondTry.Text);
        Assert.Single(await _s.Bot.WithDbAsync(db => db.Set<Handover>().ToListAsync()));
    }

    [Fact]
    public async Task OnlyDocumentsTheConsentCoversCanBeSentAlong()
    {
        var form = await _s.SayAsync(Sofie, "stafet til Aalborg Kommune");
        var offered = form.GetProperty("body").EnumerateArray().First(e => e.TryGetProperty("id", out var id) && id.GetString() == "documents")
            .GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("title").GetString()).ToList();
        Assert.Equal(["KIP (version 1)", "Referat 1 (version 1)"], offered); // no kriseplan (not consented), no audit export
        Assert.Contains("Sendes ikke med, fordi samtykket ikke dækker Aalborg Kommune: Kriseplan (version 1)", form.Text());

        var smuggled = await _s.ClickAsync(Sofie, HandoverCards.VerbOffer, Submit(form, HandoverCards.VerbOffer,
            ("subject", "WholeCase"), ("deadline", DefaultDeadline(form)), ("documents", $"{_s.DocumentIds["kip"]},{_s.DocumentIds["kriseplan"]}")));
        Assert.Contains("Samtykket dækker ikke Aalborg Kommune for: Kriseplan (version 1)", smuggled.Text);
        Assert.Empty(await _s.Bot.WithDbAsync(db => db.Set<Handover>().ToListAsync()));

        var h = await _s.OfferAsync(Sofie, "Aalborg Kommune", documents: $"{_s.DocumentIds["kip"]},{_s.DocumentIds["referat:1"]}");
        Assert.Equal([_s.DocumentIds["kip"], _s.DocumentIds["referat:1"]], h.DocumentIds.Order());

        var links = await _s.ClickAsync(Lars, HandoverCards.VerbDocuments, On(h));
        Assert.Equal(["KIP (version 1)", "Referat 1 (version 1)"], links.Buttons);
        // Jammerbugt is not covered by the consent: it sees that the documents exist, but gets no link.
        var jammerbugt = await _s.ClickAsync(Rasmus, HandoverCards.VerbDocuments, On(h));
        Assert.Empty(jammerbugt.Buttons);
        Assert.Contains("Samtykket dækker ikke Jammerbugt Kommune", jammerbugt.Text);
    }

    [Fact]
    public async Task AnOfferPastItsDeadlineStaysWithTheSenderAndIsMarkedOverdueForTheCoordinator()
    {
        var h = await _s.OfferAsync(Sofie, "Aalborg Kommune");
        Assert.Equal(0, await _s.MarkOverdueAsync());

        _s.Time.Advance(TimeSpan.FromDays(4));
        Assert.Equal(1, await _s.MarkOverdueAsync());
        Assert.Equal(0, await _s.MarkOverdueAsync()); // marked once

        var overdue = await _s.HandoverAsync(h.PublicId);
        Assert.Equal(HandoverState.Afventer, overdue.State);
        Assert.Equal(OverdueReason.NotAccepted, overdue.OverdueReason);
        Assert.Equal(overdue.Deadline, overdue.OverdueSince);
        Assert.Equal(Sofie.AadObjectId, overdue.EscalateToUserId);
        Assert.Equal(Sofie.AadObjectId, (await _s.HolderAsync()).UserId);
        var update = Assert.Single(await _s.Bot.OutboxAsync(), m => m.Kind == OutboxKind.Update);
        Assert.Contains("Fristen for accept er overskredet", update.ActivityJson);
        Assert.Single(await _s.AuditAsync("handover.overdue"));

        // Accepting late is still possible and clears the mark.
        var accepted = await _s.ClickAsync(Lars, HandoverCards.VerbAccept, On(overdue));
        Assert.Contains("Du har accepteret", accepted.Text);
        Assert.Null((await _s.HandoverAsync(h.PublicId)).OverdueSince);
    }

    [Fact]
    public async Task ADischargeThatHasNotLandedSafelyWithinThreeDaysIsMarked()
    {
        var h = await _s.OfferAsync(Sofie, "Aalborg Kommune", discharge: true);
        await _s.ClickAsync(Lars, HandoverCards.VerbAccept, On(h));
        _s.Time.Advance(TimeSpan.FromDays(3));

        Assert.Equal(1, await _s.MarkOverdueAsync());

        var marked = await _s.HandoverAsync(h.PublicId);
        Assert.Equal(OverdueReason.NotLanded, marked.OverdueReason);
        Assert.Equal(marked.OfferedAt.AddDays(3), marked.OverdueSince);
    }

    [Fact]
    public async Task HistoryListsEveryHandoverWithItsTimes()
    {
        var first = await _s.OfferAsync(Sofie, "Aalborg Kommune");
        await _s.ClickAsync(Lars, HandoverCards.VerbDecline, On(first, ("reason", "Forkert kommune")));
        var second = await _s.OfferAsync(Sofie, "Aalborg Kommune");
        await _s.ClickAsync(Camilla, HandoverCards.VerbAccept, On(second));

        var history = (await _s.SayAsync(Mette, "stafet historik")).Text();

        Assert.Contains("Afvist", history);
        Assert.Contains("Forkert kommune", history);
        Assert.Contains("af Camilla Berg", history);
        Assert.Contains("Nu: Camilla Berg (Aalborg Kommune) har stafetten", history);
        Assert.DoesNotContain("Anders", history);
        Assert.DoesNotContain("010190", history);
    }

    [Fact]
    public async Task AnUnclearReceiverIsAskedAbout()
    {
        var card = await _s.SayAsync(Sofie, "stafet til Ca");

        var choices = card.GetProperty("body").EnumerateArray().First(e => e.TryGetProperty("id", out var id) && id.GetString() == "target")
            .GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("value").GetString()).ToList();
        Assert.Contains("org:aalborg-kommune", choices);
        var form = await _s.ClickAsync(Sofie, HandoverCards.VerbForm, Submit(card, HandoverCards.VerbForm, ("target", "person:" + Camilla.AadObjectId)));
        Assert.Contains("Til: **Camilla Berg", form.Text);
    }

    private static JsonElement CardOf(OutboxMessage m) =>
        JsonDocument.Parse(m.ActivityJson).RootElement.GetProperty("attachments")[0].GetProperty("content").Clone();
}

internal static class CardText
{
    public static string Text(this JsonElement card) => HandoverScenario.AllText(card);
}
