using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using TeamsCoordinator.Meetings;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tenants.Graph;

// bench/meetings: 12 people in 3 tenants, 10 working days, 15-minute grid, realistic calendars (working hours from
// 07:00 to 16:00, one person on London time, a part-timer, 3–6 appointments a day, some tentative, a day off).
// Side by side in one run: SlotSearch (a bitmap per person) and a naive search that checks every candidate against
// every appointment and converts every time; then the Graph calls per tenant of GraphMeetingCalendars against a
// counting stand-in for Graph, and what a naive one-request-per-person client would make.
var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
var from = new DateOnly(2027, 3, 22); // the week of the change to summer time and the next
var to = from.AddDays(13);
var tenants = new[] { ("region-nordjylland", "11111111-1111-4111-8111-111111111111"), ("aalborg-kommune", "22222222-2222-4222-8222-222222222222"), ("broenderslev-kommune", "33333333-3333-4333-8333-333333333333") };
var random = new Random(42);
var people = new List<(CalendarPerson Person, PersonAvailability Availability)>();
for (var i = 0; i < 12; i++)
{
    var (org, tenant) = tenants[i % 3];
    var zone = i == 7 ? WorkingHours.Zone("GMT Standard Time") : WorkingHours.Copenhagen;
    var days = i == 4 ? new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday } : new HashSet<DayOfWeek>(WorkingHours.Weekdays);
    var hours = new WorkingHours(days, new TimeOnly(7 + i % 2, 0), new TimeOnly(15 + i % 2, 30), zone);
    var busy = new List<BusyTime>();
    for (var d = from; d <= to; d = d.AddDays(1))
    {
        if (random.Next(20) == 0) { busy.Add(new(SlotSearch.Utc(d, new(0, 0), zone), SlotSearch.Utc(d.AddDays(1), new(0, 0), zone), BusyKind.OutOfOffice)); continue; }
        for (var k = random.Next(3, 7); k > 0; k--)
        {
            var start = new TimeOnly(7, 0).AddMinutes(15 * random.Next(0, 36));
            busy.Add(new(SlotSearch.Utc(d, start, zone), SlotSearch.Utc(d, start, zone).AddMinutes(30 * random.Next(1, 5)),
                random.Next(5) == 0 ? BusyKind.Tentative : BusyKind.Busy));
        }
    }
    people.Add((new CalendarPerson($"user-{i}", org, tenant, $"Person {i}", $"person{i}@{org}.example"), new PersonAvailability($"user-{i}", true, null, busy, hours)));
}
var query = new SlotQuery([.. people.Select(p => p.Availability)], from, to, TimeSpan.FromMinutes(60), DateTimeOffset.MinValue);

var ours = SlotSearch.Find(query);
var naive = NaiveSearch.Find(query);
if (!ours.Best.Select(s => s.Start).SequenceEqual(naive.Select(s => s.Start)))
    throw new InvalidOperationException("The naive search disagrees with SlotSearch: the comparison would be meaningless.");

double MsPerSearch(Func<object> search)
{
    for (var i = 0; i < 20; i++) search(); // warm-up
    var clock = Stopwatch.StartNew();
    var n = 0;
    while (clock.Elapsed.TotalSeconds < seconds) { search(); n++; }
    return clock.Elapsed.TotalMilliseconds / n;
}
var oursMs = MsPerSearch(() => SlotSearch.Find(query));
var naiveMs = MsPerSearch(() => NaiveSearch.Find(query));
Console.WriteLine($"slot search, 12 people, 3 tenants, 10 working days, 15-minute grid, 60-minute meeting");
Console.WriteLine($"  SlotSearch   {oursMs,8:0.000} ms per search (goal < 5 ms)");
Console.WriteLine($"  naive        {naiveMs,8:0.000} ms per search");
Console.WriteLine($"  naive/ours   {naiveMs / oursMs,8:0.0}x");
Console.WriteLine($"  best: {string.Join("; ", ours.Best.Select(s => $"{MeetingTexts.When(s.Start, s.End)} ({s.Count(SlotAnswer.Busy)} busy)"))}");

foreach (var count in new[] { 12, 45 })
{
    var graph = new CountingGraph();
    var clients = new GraphClients(new GraphTenantsOptions { ClientId = "bench", ClientSecret = "bench" }, _ => new AnonymousAuthenticationProvider(), graph);
    var organisations = new GraphOrganisations([.. tenants.Select(t => new OrganisationOptions { Id = t.Item1, Name = t.Item1, Sector = Sector.Kommune, TenantId = t.Item2 })]);
    var calendars = new GraphMeetingCalendars(clients, organisations, NullLogger<GraphMeetingCalendars>.Instance);
    var invited = Enumerable.Range(0, count).Select(i => people[i % 12].Person with { UserId = $"u{i}", Email = $"p{i}@{people[i % 12].Person.OrganisationId}.example" }).ToList();
    await calendars.GetAvailabilityAsync(invited, SlotSearch.Utc(from, new(0, 0), WorkingHours.Copenhagen), SlotSearch.Utc(to.AddDays(1), new(0, 0), WorkingHours.Copenhagen), CancellationToken.None);
    Console.WriteLine($"Graph getSchedule calls for {count} people:");
    foreach (var (org, _) in tenants)
    {
        var inTenant = invited.Count(p => p.OrganisationId == org);
        Console.WriteLine($"  {org,-22} {graph.CallsFor(org),3} calls for {inTenant,2} people (goal ceil({inTenant}/20) = {(inTenant + 19) / 20}; naive one per person: {inTenant})");
    }
}

/// <summary>Counts getSchedule calls per organisation (read off the anchor's address) and answers every schedule as free.</summary>
sealed class CountingGraph : HttpMessageHandler
{
    private readonly Dictionary<string, int> calls = [];

    public int CallsFor(string organisation) { lock (calls) return calls.GetValueOrDefault(organisation); }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(ct))!;
        var schedules = (body["schedules"] ?? body["Schedules"])!.AsArray().Select(s => (string)s!).ToList();
        var organisation = schedules[0].Split('@')[1].Replace(".example", "");
        lock (calls) calls[organisation] = calls.GetValueOrDefault(organisation) + 1;
        var json = "{\"value\":[" + string.Join(",", schedules.Select(s => $"{{\"scheduleId\":\"{s}\",\"scheduleItems\":[]}}")) + "]}";
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    }
}

/// <summary>The obvious search: every 15-minute start, every person, every appointment, times converted on each check.</summary>
static class NaiveSearch
{
    public static List<Slot> Find(SlotQuery q)
    {
        var candidates = new List<(DateTimeOffset Start, int Busy, int Tentative, int Day)>();
        var day = 0;
        for (var d = q.From; d <= q.To; d = d.AddDays(1))
        {
            if (!DanishWorkingDays.IsWorkingDay(d)) continue;
            for (var t = SlotSearch.FrameStart; t.Add(q.Duration) <= SlotSearch.FrameEnd && t >= SlotSearch.FrameStart; t = t.Add(SlotSearch.Step))
            {
                var start = SlotSearch.Utc(d, t, WorkingHours.Copenhagen);
                var end = start + q.Duration;
                if (start < q.NotBefore) continue;
                int busy = 0, tentative = 0;
                var possible = true;
                foreach (var p in q.People.Where(p => p.Known))
                {
                    var h = p.WorkingHours ?? WorkingHours.Default();
                    for (var c = start; c < end && possible; c += SlotSearch.Step)
                    {
                        var local = TimeZoneInfo.ConvertTime(c, h.TimeZone);
                        possible = h.Days.Contains(local.DayOfWeek) && TimeOnly.FromDateTime(local.DateTime) >= h.Start && local.TimeOfDay + SlotSearch.Step <= h.End.ToTimeSpan();
                    }
                    if (!possible) break;
                    var overlapping = p.Busy.Where(b => b.Start < end && b.End > start).ToList();
                    if (overlapping.Any(b => b.Kind != BusyKind.Tentative)) busy++;
                    else if (overlapping.Count > 0) tentative++;
                }
                if (possible) candidates.Add((start, busy, tentative, day));
            }
            day++;
        }
        var ordered = candidates.OrderBy(c => c.Busy).ThenBy(c => c.Tentative).ThenBy(c => c.Start).ToList();
        var chosen = new List<(DateTimeOffset Start, int Busy, int Tentative, int Day)>();
        foreach (var oncePerDay in new[] { true, false })
            foreach (var c in ordered)
            {
                if (chosen.Count == q.Count) break;
                if (chosen.Any(x => x.Day == c.Day && (oncePerDay || Math.Abs((x.Start - c.Start).TotalMinutes) < q.Duration.TotalMinutes))) continue;
                chosen.Add(c);
            }
        return [.. chosen.OrderBy(c => c.Start).Select(c => new Slot(c.Start, c.Start + q.Duration, new Dictionary<string, SlotAnswer>()))];
    }
}
