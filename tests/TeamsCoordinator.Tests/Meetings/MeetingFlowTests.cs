using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MimeKit;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Meetings;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Handovers;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Meetings;

public class MeetingFlowTests
{
    [Fact]
    public async Task OnlyTheCoordinatorMayCallAMeeting()
    {
        await using var s = await MeetingScenario.StartAsync();

        var card = await s.SayAsync(Mette, "netværksmøde");

        Assert.Contains("Kun forløbets koordinator (Sofie Lund) kan indkalde til møder", AllText(card));
        Assert.False(FindAction(card, MeetingCards.VerbSearch).HasValue);
    }

    [Fact]
    public async Task AMemberWhoSubmitsTheCoordinatorsMeetingFormIsRefusedAndNothingIsSearchedOrStored()
    {
        await using var s = await MeetingScenario.StartAsync();
        var form = await s.SayAsync(Sofie, "netværksmøde");

        // Mette clicks the coordinator's form (the card is in the channel for everyone to see).
        var answer = await s.ClickAsync(Mette, MeetingCards.VerbSearch, Submit(form, MeetingCards.VerbSearch,
            ("participants", MeetingScenario.Participants(MeetingScenario.Invited)), ("purpose", "Fælles plan for tiden efter udskrivning")));

        Assert.Contains("Kun forløbets koordinator (Sofie Lund) kan indkalde til møder", answer.Text);
        Assert.Equal(0, await s.Bot.WithDbAsync(db => db.Set<Meeting>().CountAsync()));
    }

    [Fact]
    public async Task OnlyMembersOfTheForloebCanCallSeeOrJoinTheMeetingsCards()
    {
        await using var s = await MeetingScenario.StartAsync();
        var (_, slots) = await s.SearchAsync();
        var book = MeetingScenario.Button(slots.Card, MeetingCards.VerbBook);

        var called = await s.SayAsync(Outsider, "møde");
        var clicked = await s.ClickAsync(Outsider, MeetingCards.VerbBook, book);
        var added = await s.SayTextAsync(Outsider, "dagsorden Noget");

        Assert.Contains("Jeg kan ikke finde et forløb her, som du er medlem af", AllText(called));
        Assert.Contains("Jeg kan ikke finde et forløb her, som du er medlem af", clicked.Text);
        Assert.Equal(MeetingState.Forslag, (await s.MeetingAsync()).State);
        Assert.Contains("Jeg kan ikke finde et forløb her, som du er medlem af", added);
        Assert.DoesNotContain((await s.MeetingAsync()).Agenda, a => a.Title == "Noget");
        Assert.NotEmpty(await s.AuditAsync("case.denied"));
    }

    [Fact]
    public async Task ParticipantsOutsideTheConsentForMeetingsAreRefusedWithTheReason()
    {
        await using var s = await MeetingScenario.StartAsync();

        var (_, answer) = await s.SearchAsync(participants: MeetingScenario.Participants([.. MeetingScenario.Invited, Rasmus]));

        Assert.Contains("Rasmus Friis (Jammerbugt Kommune) kan ikke inviteres: borgerens samtykke dækker ikke", answer.Text);
        Assert.True(FindAction(answer.Card, MeetingCards.VerbSearch).HasValue); // the form again, to correct
        Assert.Equal(0, await s.Bot.WithDbAsync(db => db.Set<Meeting>().CountAsync()));
        Assert.Single(await s.AuditAsync("meeting.refused"));
    }

    [Fact]
    public async Task TheSlotsCardShowsWhoIsFreeAndNeverCountsTheGpWithoutACalendarAsFree()
    {
        await using var s = await MeetingScenario.StartAsync();

        var (_, answer) = await s.SearchAsync();

        var text = answer.Text;
        Assert.Equal(3, Enumerable.Range(0, 3).Count(i => text.Contains($"{i + 1}. ")));
        Assert.Contains("Ledige", text);
        Assert.Contains("Ukendt\nBirgitte Holm", text);
        Assert.Contains("Birgitte Holm\nhar ikke Microsoft 365, så kalenderen kan ikke læses", text);
        Assert.DoesNotContain("Optaget", text); // Lars is busy only in the mornings: the best slots are in the afternoon
        Assert.Contains("Send som afstemning", answer.Buttons);
        var m = await s.MeetingAsync();
        Assert.Equal(3, m.Proposed.Count);
        Assert.All(m.Proposed, start => Assert.True(MeetingTexts.Local(start).Hour >= 12, $"{MeetingTexts.Local(start)} is in Lars' busy morning"));
        Assert.All(m.Proposed, start => Assert.True(DanishWorkingDays.IsWorkingDay(MeetingTexts.LocalDay(start))));
    }

    [Fact]
    public async Task PickingASlotBooksTheMeetingPostsTheAgendaAndMailsAnInvitationToThoseWithoutTeams()
    {
        await using var s = await MeetingScenario.StartAsync();
        var (_, slots) = await s.SearchAsync();

        var booked = await s.ClickAsync(Sofie, MeetingCards.VerbBook, MeetingScenario.Button(slots.Card, MeetingCards.VerbBook, 1));
        await s.DeliverAsync();

        Assert.Equal(HttpStatusCode.OK, booked.Status);
        var m = await s.MeetingAsync();
        Assert.Equal(MeetingState.Booket, m.State);
        Assert.Equal(m.Proposed[1], m.Start);
        Assert.StartsWith("http", m.JoinUrl);
        Assert.Contains("Deltag i mødet", booked.Buttons);
        Assert.Contains($"1. {MeetingTexts.FollowUpTitle}", booked.Text);
        Assert.Contains("2. Eventuelt", booked.Text);
        var post = Assert.Single(await s.OutboxAsync(m.AgendaCardKey), o => o.Kind == OutboxKind.NewChannelThread);
        Assert.Equal(ChannelId, post.ConversationId);

        var mail = Assert.Single(Directory.GetFiles(s.MailFolder(), "*.eml"));
        var message = await MimeMessage.LoadAsync(mail);
        Assert.Equal("birgitte@laegerne-vestergade.example", message.To.Mailboxes.Single().Address);
        Assert.Equal($"Invitation: Netværksmøde · forløb {await LabelAsync(s)}", message.Subject);
        var calendar = message.BodyParts.OfType<TextPart>().Single(p => p.ContentType.MimeType == "text/calendar");
        Assert.Equal("REQUEST", calendar.ContentType.Parameters["method"]);
        Assert.Contains("METHOD:REQUEST", calendar.Text);
        Assert.Contains(m.JoinUrl!, calendar.Text);

        // The join page answers with the meeting (label and time only).
        using var client = s.Bot.CreateClient();
        var page = await client.GetStringAsync(new Uri(m.JoinUrl!).PathAndQuery);
        Assert.Contains(MeetingTexts.When(m.Start!.Value, m.End!.Value), page);
    }

    [Fact]
    public async Task AgendaAndInvitationsCarryTheForloebsLabelOnlyNeverTheCitizensNameOrCpr()
    {
        await using var s = await MeetingScenario.StartAsync();
        var (_, slots) = await s.SearchAsync();
        var booked = await s.ClickAsync(Sofie, MeetingCards.VerbBook, MeetingScenario.Button(slots.Card, MeetingCards.VerbBook));
        await s.DeliverAsync();

        var everything = string.Join("\n", [slots.Text, booked.Text, .. (await s.Bot.OutboxAsync()).Select(o => o.ActivityJson),
            .. Directory.GetFiles(s.MailFolder()).Select(File.ReadAllText)]);
        Assert.Contains((await s.CaseAsync()).Label, everything);
        Assert.DoesNotContain("Anders", everything);
        Assert.DoesNotContain("Borgersen", everything);
        Assert.DoesNotContain("010190", everything);
    }

    [Fact]
    public async Task AnyMemberMayAddAnAgendaItemAndTheCardUpdatesInPlace()
    {
        await using var s = await MeetingScenario.StartAsync();
        var (_, slots) = await s.SearchAsync();
        await s.ClickAsync(Sofie, MeetingCards.VerbBook, MeetingScenario.Button(slots.Card, MeetingCards.VerbBook));

        var reply = await s.SayTextAsync(Lars, "dagsorden Bolig efter udskrivning");

        Assert.Contains("Punkt 2 »Bolig efter udskrivning« er sat på dagsordenen", reply);

        var m = await s.MeetingAsync();
        Assert.Contains(m.Agenda, a => a.Title == "Bolig efter udskrivning" && a.AddedBy == Lars.AadObjectId);
        var update = (await s.OutboxAsync(m.AgendaCardKey)).Last();
        Assert.Equal(OutboxKind.Update, update.Kind);
        Assert.Contains("2. Bolig efter udskrivning", System.Text.RegularExpressions.Regex.Unescape(update.ActivityJson));
        Assert.Contains("3. Eventuelt", System.Text.RegularExpressions.Regex.Unescape(update.ActivityJson));
    }

    [Fact]
    public async Task TheNextMeetingOpensByReviewingTheAgreementsFromLastTime()
    {
        await using var s = await MeetingScenario.StartAsync();
        await s.OfferAsync(Sofie, "Aalborg Kommune", subject: nameof(HandoverSubject.Task), taskTitle: "Søg bostøtte");
        var (_, slots) = await s.SearchAsync();

        var booked = await s.ClickAsync(Sofie, MeetingCards.VerbBook, MeetingScenario.Button(slots.Card, MeetingCards.VerbBook));

        var first = MeetingCards.Ordered((await s.MeetingAsync()).Agenda).First();
        Assert.Equal(MeetingTexts.FollowUpTitle, first.Title);
        Assert.Contains("Søg bostøtte", first.Background);
        Assert.Contains("Søg bostøtte", booked.Text);
    }

    [Fact]
    public async Task ReferatIsPrefilledFromTheMeeting()
    {
        await using var s = await MeetingScenario.StartAsync();
        var (_, slots) = await s.SearchAsync();
        await s.ClickAsync(Sofie, MeetingCards.VerbBook, MeetingScenario.Button(slots.Card, MeetingCards.VerbBook));
        await s.SayTextAsync(Camilla, "dagsorden Bolig efter udskrivning");
        var agenda = await s.SayAsync(Mette, "dagsorden");
        await s.ClickAsync(Mette, MeetingCards.VerbDecline, MeetingScenario.Button(agenda, MeetingCards.VerbDecline));
        var m = await s.MeetingAsync();

        var form = await s.SayAsync(Sofie, "referat");

        string Value(string id) => form.GetProperty("body").EnumerateArray().First(e => e.TryGetProperty("id", out var i) && i.GetString() == id).GetProperty("value").GetString()!;
        Assert.Equal(MeetingTexts.LocalDay(m.Start!.Value).ToString("yyyy-MM-dd"), Value("MoedeDato"));
        Assert.Equal(MeetingTexts.Time(m.Start.Value, m.End!.Value), Value("Tidspunkt"));
        Assert.Equal(m.JoinUrl, Value("OnlineLink"));
        Assert.Equal("Fælles plan for tiden efter udskrivning", Value("Formaal"));
        Assert.Contains("Bolig efter udskrivning", Value("Dagsorden"));
        Assert.StartsWith(MeetingTexts.FollowUpTitle, Value("Dagsorden"));
        Assert.StartsWith("Mette Kjær | Kontaktperson i distriktspsykiatrien", Value("Afbud"));
    }

    [Fact]
    public async Task PollAnswersUpdateTheCardInPlaceAndTheOrganiserDecides()
    {
        await using var s = await MeetingScenario.StartAsync();
        var (_, slots) = await s.SearchAsync();

        var poll = await s.ClickAsync(Sofie, MeetingCards.VerbPoll, MeetingScenario.Button(slots.Card, MeetingCards.VerbPoll));
        var answered = await s.ClickAsync(Lars, MeetingCards.VerbAnswer, MeetingScenario.Button(poll.Card, MeetingCards.VerbAnswer, 1)); // slot 1: "Jeg kan ikke"
        var notOrganiser = await s.ClickAsync(Lars, MeetingCards.VerbBook, MeetingScenario.Button(poll.Card, MeetingCards.VerbBook, 0));
        await s.DeliverAsync();

        Assert.Contains("Kan ikke\nLars Nielsen", answered.Text);
        Assert.Contains("Kun mødets arrangør (Sofie Lund)", notOrganiser.Text);
        var m = await s.MeetingAsync();
        Assert.Equal(MeetingState.Afstemning, m.State);
        var updates = (await s.OutboxAsync(MeetingWork.PollKey(m))).Where(o => o.Kind == OutboxKind.Update).ToList();
        Assert.Contains("Lars Nielsen", Assert.Single(updates).ActivityJson);
        var pollMail = Assert.Single(Directory.GetFiles(s.MailFolder(), "*.eml"));
        Assert.Contains("Hvornår kan du?", (await MimeMessage.LoadAsync(pollMail)).Subject);

        var decided = await s.ClickAsync(Sofie, MeetingCards.VerbBook, MeetingScenario.Button(poll.Card, MeetingCards.VerbBook, 2));
        Assert.Equal(MeetingState.Booket, (await s.MeetingAsync()).State);
        Assert.Contains("Dagsorden", decided.Text);
    }

    [Fact]
    public async Task MovingSendsTheUpdateWithTheSequenceRaisedAndCancellingSendsCancel()
    {
        await using var s = await MeetingScenario.StartAsync();
        var (_, slots) = await s.SearchAsync();
        var booked = await s.ClickAsync(Sofie, MeetingCards.VerbBook, MeetingScenario.Button(slots.Card, MeetingCards.VerbBook));
        await s.DeliverAsync();
        var before = await s.MeetingAsync();

        var moveSlots = await s.ClickAsync(Sofie, MeetingCards.VerbMove, MeetingScenario.Button(booked.Card, MeetingCards.VerbMove));
        var target = (await s.MeetingAsync()).Proposed.Select((p, i) => (p, i)).First(x => x.p != before.Start).i;
        await s.ClickAsync(Sofie, MeetingCards.VerbBook, MeetingScenario.Button(moveSlots.Card, MeetingCards.VerbBook, target));
        await s.DeliverAsync();
        var moved = await s.MeetingAsync();
        var cancelled = await s.ClickAsync(Sofie, MeetingCards.VerbCancel, MeetingScenario.Button(booked.Card, MeetingCards.VerbCancel));
        await s.DeliverAsync();

        Assert.Equal(1, moved.Sequence);
        Assert.NotEqual(before.Start, moved.Start);
        Assert.Equal(MeetingState.Aflyst, (await s.MeetingAsync()).State);
        Assert.Contains("aflyst", cancelled.Text);
        var mails = Directory.GetFiles(s.MailFolder(), "*.eml").Order().Select(f => MimeMessage.Load(f)).ToList();
        var calendars = mails.Select(m => m.BodyParts.OfType<TextPart>().Single(p => p.ContentType.MimeType == "text/calendar").Text).ToList();
        Assert.Equal(3, calendars.Count);
        Assert.Contains("SEQUENCE:0", calendars[0]);
        Assert.Contains("SEQUENCE:1", calendars[1]);
        Assert.Contains("METHOD:CANCEL", calendars[2]);
        Assert.Contains("SEQUENCE:2", calendars[2]);
        Assert.StartsWith("Aflyst:", mails[2].Subject);
        Assert.Empty(await s.Bot.WithDbAsync(db => db.Set<EmbeddedBusyTime>().Where(b => b.EventId != null).ToListAsync()));
    }

    [Fact]
    public async Task AFailedCalendarWriteLeavesTheMeetingAfventerBookingWithTheReasonAndIsRetried()
    {
        var failing = new FailingCalendars();
        await using var s = await MeetingScenario.StartAsync(services => services.AddScoped<IMeetingCalendars>(sp =>
            failing.Around(ActivatorUtilities.CreateInstance<EmbeddedMeetingCalendars>(sp))));
        var (_, slots) = await s.SearchAsync();

        var booked = await s.ClickAsync(Sofie, MeetingCards.VerbBook, MeetingScenario.Button(slots.Card, MeetingCards.VerbBook));
        var status = await s.SayAsync(Mette, "status");

        var pending = await s.MeetingAsync();
        Assert.Equal(MeetingState.AfventerBooking, pending.State);
        Assert.Contains("Microsoft 365 svarer ikke lige nu", pending.PendingReason);
        Assert.Contains("afventer booking", booked.Text);
        Assert.Contains("afventer booking: Microsoft 365 svarer ikke lige nu", AllText(status));

        failing.Failures = 0;
        s.Time.Advance(TimeSpan.FromMinutes(1));
        await s.DeliverAsync();

        var done = await s.MeetingAsync();
        Assert.Equal(MeetingState.Booket, done.State);
        Assert.Null(done.PendingReason);
        Assert.NotNull(done.JoinUrl);
    }

    private static async Task<string> LabelAsync(HandoverScenario s) => (await s.CaseAsync()).Label;

    /// <summary>Microsoft 365 being down for calendar writes while <see cref="Failures"/> is above zero.</summary>
    private sealed class FailingCalendars
    {
        public int Failures { get; set; } = 100;

        public IMeetingCalendars Around(IMeetingCalendars inner) => new Wrapper(this, inner);

        private sealed class Wrapper(FailingCalendars owner, IMeetingCalendars inner) : IMeetingCalendars
        {
            public Task<IReadOnlyList<PersonAvailability>> GetAvailabilityAsync(IReadOnlyList<CalendarPerson> people, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
                inner.GetAvailabilityAsync(people, from, to, ct);
            public Task<BookedEvent> CreateEventAsync(MeetingEvent meeting, CancellationToken ct) =>
                owner.Failures-- > 0 ? throw new CollaborationTenantException("Microsoft 365 svarer ikke lige nu eller beder os vente; der prøves igen automatisk.", true) : inner.CreateEventAsync(meeting, ct);
            public Task<BookedEvent> UpdateEventAsync(MeetingEvent meeting, CancellationToken ct) => inner.UpdateEventAsync(meeting, ct);
            public Task CancelEventAsync(MeetingEvent meeting, string comment, CancellationToken ct) => inner.CancelEventAsync(meeting, comment, ct);
            public Task SendMailAsync(MeetingMail mail, CancellationToken ct) => inner.SendMailAsync(mail, ct);
        }
    }
}
