using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tenants.Graph;
using static TeamsCoordinator.Tests.Tenants.Graph.GraphTestBed;

namespace TeamsCoordinator.Tests.Tenants.Graph;

public class GraphMeetingCalendarsContractTests
{
    private static readonly DateTimeOffset From = new(2026, 12, 6, 23, 0, 0, TimeSpan.Zero); // Monday 7 December, 00:00 in Copenhagen
    private static readonly DateTimeOffset To = new(2026, 12, 11, 23, 0, 0, TimeSpan.Zero);

    private static CalendarPerson P(DirectoryPerson p) => new(p.UserId, p.OrganisationId, p.TenantId, p.DisplayName, p.Email);
    private static readonly CalendarPerson FormerEmployee = new("9a9a9a9a-0000-4000-8000-000000000009", "aalborg-kommune", AalborgTenant, "Tidligere ansat", "tidligere.ansat@aalborg.example");

    private static GraphMeetingCalendars Calendars(HttpMessageHandler graph) =>
        new(Clients(graph), new GraphOrganisations(Organisations()), NullLogger<GraphMeetingCalendars>.Instance);

    private static MeetingEvent Event(string? eventId = null, DateTimeOffset? start = null) => new(
        "0123456789abcdef0123456789abcdef", "Netværksmøde · forløb AB · F-2026-0042", "Netværksmøde i forløb AB · F-2026-0042.",
        start ?? new DateTimeOffset(2026, 12, 8, 12, 0, 0, TimeSpan.Zero), (start ?? new DateTimeOffset(2026, 12, 8, 12, 0, 0, TimeSpan.Zero)).AddHours(1),
        null, true, P(Mette), [P(Mette), P(Lars)], eventId);

    [Fact]
    public async Task FreeBusyIsReadInEachTenantWithItsOwnClientAndAnUnresolvableAddressIsUnknown()
    {
        var graph = new ByTenantAndPath("calendar-getschedule-region", "calendar-getschedule-aalborg-unresolvable");

        var read = await Calendars(graph).GetAvailabilityAsync([P(Mette), P(Lars), FormerEmployee, P(Birgitte)], From, To, CancellationToken.None);

        graph.AssertAllServed();
        var (mette, lars, former, gp) = (read[0], read[1], read[2], read[3]);
        Assert.True(mette.Known);
        Assert.Equal([(BusyKind.Busy, new DateTimeOffset(2026, 12, 7, 7, 30, 0, TimeSpan.Zero)), (BusyKind.Tentative, new DateTimeOffset(2026, 12, 8, 11, 0, 0, TimeSpan.Zero))],
            mette.Busy.Select(b => (b.Kind, b.Start))); // "free" items take no time
        Assert.Equal((new TimeOnly(8, 0), new TimeOnly(15, 30), 5), (mette.WorkingHours!.Start, mette.WorkingHours.End, mette.WorkingHours.Days.Count));
        Assert.Equal(TimeSpan.FromHours(1), mette.WorkingHours.TimeZone.BaseUtcOffset); // "Romance Standard Time"
        Assert.Equal(TimeSpan.Zero, lars.WorkingHours!.TimeZone.BaseUtcOffset);      // "GMT Standard Time"
        Assert.DoesNotContain(DayOfWeek.Friday, lars.WorkingHours.Days);
        Assert.Equal(BusyKind.OutOfOffice, Assert.Single(lars.Busy).Kind);
        Assert.False(former.Known);
        Assert.Contains("adressen findes ikke der", former.UnknownReason);
        Assert.False(gp.Known);
        Assert.Equal(EmbeddedMeetingCalendars.NoMicrosoft365, gp.UnknownReason);
    }

    [Fact]
    public async Task AThrottledTenantIsAskedAgainAfterRetryAfter()
    {
        var graph = new ByTenantAndPath("calendar-getschedule-aalborg-throttled", "calendar-getschedule-aalborg-unresolvable");
        var clock = Stopwatch.StartNew();

        var read = await Calendars(graph).GetAvailabilityAsync([P(Lars), FormerEmployee], From, To, CancellationToken.None);

        graph.AssertAllServed();
        Assert.True(read[0].Known);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"asked again after {clock.Elapsed}, Graph said 1 s");
    }

    [Fact]
    public async Task ATenantWithoutConsentMarksItsPeopleUnknownAndTheOthersAreStillRead()
    {
        var graph = new ByTenantAndPath("calendar-getschedule-broenderslev-forbidden", "calendar-getschedule-region");

        var read = await Calendars(graph).GetAvailabilityAsync([P(Peter), P(Mette)], From, To, CancellationToken.None);

        graph.AssertAllServed();
        Assert.False(read[0].Known);
        Assert.Contains("Brønderslev Kommune", read[0].UnknownReason);
        Assert.Contains("Calendars.ReadBasic.All", read[0].UnknownReason);
        Assert.True(read[1].Known);
    }

    [Fact]
    public async Task AtMostTwentySchedulesGoInOneCall()
    {
        var graph = new ByTenantAndPath("calendar-getschedule-region-first-20", "calendar-getschedule-region-second-20");
        var people = Enumerable.Range(0, 21).Select(i => new CalendarPerson($"region-{i}", "region-nordjylland", RegionTenant, $"Person {i}", $"person{i:00}@rn.example")).ToList();

        var read = await Calendars(graph).GetAvailabilityAsync(people, From, To, CancellationToken.None);

        graph.AssertAllServed();
        Assert.All(read, r => Assert.True(r.Known));
        Assert.Equal(people.Select(p => p.UserId), read.Select(r => r.UserId));
    }

    [Fact]
    public async Task AtMostFourCalendarRequestsRunAtOnce()
    {
        var graph = new SlowSchedules();
        var people = Enumerable.Range(0, 200).Select(i => new CalendarPerson($"r{i}", "region-nordjylland", RegionTenant, $"P{i}", $"p{i}@rn.example")).ToList();

        await Calendars(graph).GetAvailabilityAsync(people, From, To, CancellationToken.None);

        Assert.Equal(10, graph.Calls);
        Assert.Equal(GraphMeetingCalendars.MaxConcurrentRequests, graph.MostAtOnce);
    }

    [Fact]
    public async Task TheMeetingIsMadeInTheOrganisersCalendarAsATeamsMeeting()
    {
        var graph = new FakeGraph("event-create-online");

        var booked = await Calendars(graph).CreateEventAsync(Event(), CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal("AAMkAGI1AAAt9AHjAAA=", booked.EventId);
        Assert.StartsWith("https://teams.microsoft.com/l/meetup-join/", booked.JoinUrl);
    }

    [Fact]
    public async Task AMoveAndACancellationChangeTheSameEvent()
    {
        var graph = new FakeGraph("event-update-move", "event-cancel");
        var calendars = Calendars(graph);

        var moved = await calendars.UpdateEventAsync(Event("AAMkAGI1AAAt9AHjAAA=", new DateTimeOffset(2026, 12, 10, 9, 0, 0, TimeSpan.Zero)), CancellationToken.None);
        await calendars.CancelEventAsync(Event("AAMkAGI1AAAt9AHjAAA="), "Mødet er aflyst.", CancellationToken.None);

        graph.AssertAllServed();
        Assert.StartsWith("https://teams.microsoft.com/", moved.JoinUrl);
    }

    [Fact]
    public async Task AWriteTheTenantForbidsIsARefusalWithTheReason()
    {
        var graph = new FakeGraph("event-create-forbidden");

        var e = await Assert.ThrowsAsync<CollaborationTenantException>(() => Calendars(graph).CreateEventAsync(Event(), CancellationToken.None));

        graph.AssertAllServed();
        Assert.False(e.IsTransient);
        Assert.Contains("Region Nordjylland", e.Message);
        Assert.Contains("Calendars.ReadWrite", e.Message);
    }

    [Fact]
    public async Task EmailToPeopleWithoutTeamsGoesFromTheOrganiserWithTheIcs()
    {
        var graph = new FakeGraph("sendmail-invitation");

        await Calendars(graph).SendMailAsync(new MeetingMail(P(Mette), "Birgitte Holm", "birgitte.holm@laegerne-vestergade.example",
            "Invitation: Netværksmøde · forløb AB · F-2026-0042", "Tirsdag 8. december 2026 kl. 13.00–14.00",
            "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n", "REQUEST", "k"), CancellationToken.None);

        graph.AssertAllServed();
    }

    /// <summary>One <see cref="FakeGraph"/> per tenant and path, so that calls made in parallel are each matched against their own contracts in order.</summary>
    private sealed class ByTenantAndPath : HttpMessageHandler
    {
        private readonly Dictionary<string, (FakeGraph Graph, HttpMessageInvoker Invoker)> routes = [];

        public ByTenantAndPath(params string[] contracts)
        {
            foreach (var group in contracts.Select(GraphContract.Load).GroupBy(c => Key(TokenFor(c.Tenant!), c.Path)))
            {
                var fake = new FakeGraph([.. group.Select(c => c.Name)]);
                routes[group.Key] = (fake, new HttpMessageInvoker(fake));
            }
        }

        private static string Key(string token, string path) => $"{token} {path}";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var token = request.Headers.Authorization?.Parameter ?? "";
            var key = Key(token, Uri.UnescapeDataString(request.RequestUri!.AbsolutePath));
            Assert.True(routes.ContainsKey(key), $"no contract for {request.Method} {request.RequestUri} with {token}");
            return routes[key].Invoker.SendAsync(request, ct);
        }

        public void AssertAllServed()
        {
            foreach (var (graph, _) in routes.Values) graph.AssertAllServed();
        }
    }

    /// <summary>getSchedule answering every schedule after a short wait, counting how many requests are in flight.</summary>
    private sealed class SlowSchedules : HttpMessageHandler
    {
        private int inFlight;
        public int MostAtOnce;
        public int Calls;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            Interlocked.Increment(ref Calls);
            var now = Interlocked.Increment(ref inFlight);
            lock (this) MostAtOnce = Math.Max(MostAtOnce, now);
            var body = System.Text.Json.Nodes.JsonNode.Parse(await request.Content!.ReadAsStringAsync(ct))!;
            var schedules = (body["schedules"] ?? body["Schedules"])!.AsArray().Select(s => (string)s!).ToList();
            await Task.Delay(50, ct);
            Interlocked.Decrement(ref inFlight);
            var json = "{\"value\":[" + string.Join(",", schedules.Select(s => $"{{\"scheduleId\":\"{s}\",\"scheduleItems\":[]}}")) + "]}";
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        }
    }
}
