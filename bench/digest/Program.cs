using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Digest;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Meetings;
using TeamsCoordinator.Tasks;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;

// Usage: DigestBench <Sqlite|Postgres> <connection string> [all|compute|deliver] [tenant rates...]
//   all      the national-scale database (one tenant): compute every digest, then deliver 2,000 of them
//   compute  the national-scale database: compute only
//   deliver  a small database of 2,000 coordinators spread over three tenants (each its own 50/s limit): delivery only
//   rates    the per-tenant Delivery:TenantMessagesPerSecond of each delivery run (default: 30, the product's default,
//            and 47, just under Teams' 50 so that the jitter of a loaded machine stays under the limit; 429 +
//            Retry-After handle what still crosses it)
// Prints one line per measurement; run.sh collects them side by side.
// The bot's content root (its appsettings.json): bench/digest/out → bot/.
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_TeamsCoordinator_Bot",
    Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "bot")));
var provider = args[0];
var connection = args[1];
var mode = args.Length > 2 ? args[2] : "all";
var rates = args.Length > 3 ? args[3..].Select(a => double.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToArray() : [30.0, 47.0];
const int Coordinators = 5_000, Cases = 20_000, HandoversPerCase = 10, TasksPerCase = 5, MeetingsPerCase = 3, TenantLimit = 50, ConversationLimit = 7;
// A Thursday 08:00 in Copenhagen; each further delivery run is the next working day.
var thursday = new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero);
string[] deliveryTenants = mode == "deliver" ? ["tenant-region-nord", "tenant-aalborg", "tenant-hjoerring"] : ["tenant-region-nord"];

using (var seedHost = new BenchBot(provider, connection, thursday, tenantRate: 30, connector: new LimitedConnector(TenantLimit, ConversationLimit)))
{
    var sw = Stopwatch.StartNew();
    if (mode == "deliver")
    {
        await Seed.DeliveryOnlyAsync(seedHost, thursday, deliveryTenants);
        Console.WriteLine($"seed {provider}: 2000 coordinators over {deliveryTenants.Length} tenants, one forløb each with a baton not accepted, in {sw.Elapsed.TotalSeconds:F1} s");
    }
    else
    {
        await Seed.RunAsync(seedHost, thursday);
        Console.WriteLine($"seed {provider}: {Coordinators} coordinators, {Cases} forløb, {Cases * HandoversPerCase} handovers, {Cases * TasksPerCase} tasks, " +
                          $"{Cases * MeetingsPerCase} meetings (most with their referat) in {sw.Elapsed.TotalSeconds:F1} s");

        var all = Enumerable.Range(0, Coordinators).Select(Seed.Coordinator).ToList();
        var times = new List<double>();
        var withItems = 0;
        for (var run = 0; run < 3; run++)
        {
            using var scope = seedHost.Services.CreateScope();
            var query = scope.ServiceProvider.GetRequiredService<DigestQuery>();
            sw.Restart();
            var contents = await query.ComputeAsync(all, new HashSet<string>(), thursday.AddMinutes(1), default);
            times.Add(sw.Elapsed.TotalSeconds);
            withItems = contents.Count;
        }
        Console.WriteLine($"compute {provider}: every digest of {Coordinators} coordinators ({withItems} with items) in {times.Min():F2} s best, " +
                          $"{times.Order().ElementAt(1):F2} s median of 3 (goal < 5 s); load average {File.ReadAllText("/proc/loadavg")[..14]}");
    }
}
if (mode == "compute") return;

var day = thursday;
foreach (var rate in rates)
{
    var connector = new LimitedConnector(TenantLimit, ConversationLimit);
    using var bot = new BenchBot(provider, connection, day, rate, connector);
    day = day.AddDays(day.DayOfWeek == DayOfWeek.Friday ? 3 : 1);
    var run = bot.Services.GetRequiredService<DigestRun>();
    using var lag = new PoolLag();
    var sw = Stopwatch.StartNew();
    var enqueued = await run.RunAsync(default);
    var enqueueSeconds = sw.Elapsed.TotalSeconds;
    var deadline = DateTime.UtcNow.AddMinutes(10);
    int unsent;
    do
    {
        await Task.Delay(500);
        unsent = await bot.WithDbAsync(db => db.Outbox.CountAsync(m => m.Bulk && m.SentAt == null && m.FailedAt == null));
    } while (unsent > 0 && DateTime.UtcNow < deadline);
    var failed = await bot.WithDbAsync(db => db.Outbox.CountAsync(m => m.Bulk && m.FailedAt != null));
    var r = connector.Report();
    Console.WriteLine($"deliver {provider} Delivery:TenantMessagesPerSecond={rate} ({rate / TenantLimit * 100:F0} % of Teams' {TenantLimit}/s), {deliveryTenants.Length} tenant(s): " +
                      $"{enqueued} digests claimed and enqueued in {enqueueSeconds:F1} s; {r.Delivered} delivered in {r.Seconds:F1} s = {r.PerSecond:F1} digests/s; " +
                      $"429s {r.Refused}, sends into a pause {r.IntoPause}, lost {enqueued - r.Delivered}, failed rows {failed}, unsent {unsent}; " +
                      $"load average {File.ReadAllText("/proc/loadavg")[..14]}");
    Console.WriteLine($"  thread-pool lag, worst per second from the first request (ms): {lag.PerSecondFrom(connector.FirstRequest)}");
    foreach (var t in r.Tenants)
        Console.WriteLine($"  {t.Tenant}: {t.Requests} Connector requests ({t.Digests} digests) in {t.Seconds:F1} s = {t.RequestsPerSecond:F1} requests/s " +
                          $"= {t.RequestsPerSecond / TenantLimit * 100:F0} % of its {TenantLimit}/s limit (goal >= 90 %; Company Communicator users report 4-19 msg/s); " +
                          $"{t.Digests / t.Seconds:F1} digests/s; 429s {t.Refused}\n    {t.Profile}");
}

/// <summary>
/// How late a 10 ms timer's continuation runs on the thread pool, sampled all through a run: a stall of the machine or
/// the pool (a garbage collection, blocked threads, other work on the cores) shows here; a gap at the connector without
/// lag here is the bot having nothing to send.
/// </summary>
sealed class PoolLag : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(long At, double LagMs)> _samples = [];

    public PoolLag() => _ = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            var before = Stopwatch.GetTimestamp();
            await Task.Delay(10);
            var after = Stopwatch.GetTimestamp();
            lock (_samples) _samples.Add((after, (after - before) * 1000.0 / Stopwatch.Frequency - 10));
        }
    });

    public string PerSecondFrom(long start)
    {
        lock (_samples)
            return string.Join(" ", _samples.Where(s => s.At >= start).GroupBy(s => (s.At - start) / Stopwatch.Frequency)
                .OrderBy(g => g.Key).Select(g => $"{g.Max(s => s.LagMs):F0}"));
    }

    public void Dispose() => _stop.Cancel();
}

/// <summary>The real bot's services (Program) on the bench database, with the Connector replaced by <see cref="LimitedConnector"/>.</summary>
// Any type of the bot's assembly names it (the bench's own top-level Program would shadow the bot's).
sealed class BenchBot : WebApplicationFactory<DigestRun>
{
    private readonly string _provider, _connection;
    private readonly TimeProvider _time;
    private readonly double _tenantRate;
    private readonly LimitedConnector _connector;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "digest-bench-" + Guid.NewGuid().ToString("N")[..8]);

    public BenchBot(string provider, string connection, DateTimeOffset start, double tenantRate, LimitedConnector connector)
    {
        (_provider, _connection, _tenantRate, _connector) = (provider, connection, tenantRate, connector);
        _time = new ShiftedClock(start - DateTimeOffset.UtcNow);
        Directory.CreateDirectory(_folder);
    }

    public async Task<T> WithDbAsync<T>(Func<CoordinatorDb, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<CoordinatorDb>());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Bench");
        var settings = new Dictionary<string, string?>
        {
            ["Bot:MicrosoftAppId"] = "9f0c1d2e-3b4a-4c5d-8e6f-70a1b2c3d4e5",
            ["Bot:MicrosoftAppPassword"] = "not-used",
            ["Bot:MicrosoftAppTenantId"] = "5e3d2c1b-0a9f-4e8d-b7c6-a5b4c3d2e1f0",
            ["Storage:Provider"] = _provider,
            ["ConnectionStrings:Coordinator"] = _connection,
            ["Storage:DataFolder"] = _folder,
            ["Protection:Key"] = "q83vEjRWeJCrze8SNFZ4mqvN7xI0NFZ4mqvN7xI0NFY=",
            ["Digest:RunScheduler"] = "false",
            ["Delivery:TenantMessagesPerSecond"] = _tenantRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            // DIGEST_BENCH_SQL=Information prints every SQL command with its duration (to see which query the time goes to).
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = Environment.GetEnvironmentVariable("DIGEST_BENCH_SQL") ?? "Warning",
        };
        foreach (var (k, v) in settings) builder.UseSetting(k, v);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IConnectorTokenProvider>();
            services.AddSingleton<IConnectorTokenProvider>(new FixedToken());
            services.AddHttpClient<ConnectorClient>().ConfigurePrimaryHttpMessageHandler(() => _connector).SetHandlerLifetime(Timeout.InfiniteTimeSpan);
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(_time);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }

    private sealed class FixedToken : IConnectorTokenProvider
    {
        public Task<string?> GetTokenAsync(CancellationToken ct) => Task.FromResult<string?>("bench-token");
    }
}

/// <summary>The system clock moved to the bench's morning: time passes for real (backoffs, leases), on the chosen day.</summary>
sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}

/// <summary>
/// A local Bot Connector with Teams' limits: per tenant at most <c>tenantLimit</c> requests in any second (every
/// request counts: a new 1:1 chat and its message are two) and per conversation <c>conversationLimit</c>; above them
/// 429 with Retry-After: 1, and the tenant counts as paused for that second (a request into it is counted). The tenant
/// is read from the conversation id (the bench's ids carry it: a:{tenant}:...) or the body of a new conversation.
/// Answers after a few milliseconds, as a nearby service would.
/// </summary>
sealed class LimitedConnector(int tenantLimit, int conversationLimit) : HttpMessageHandler
{
    private readonly Dictionary<string, TenantWindow> _tenants = [];
    private readonly Dictionary<string, Queue<long>> _conversations = [];
    private readonly ConcurrentDictionary<string, byte> _delivered = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly long _started = Stopwatch.GetTimestamp();

    /// <summary>When the first request of any tenant arrived (a <see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long FirstRequest { get { lock (_tenants) return _started + _tenants.Values.Where(t => t.First >= 0).Select(t => t.First).DefaultIfEmpty(0).Min(); } }
    private long _first = -1, _last;
    private int _id;

    private sealed class TenantWindow
    {
        public readonly Queue<long> Window = new();
        public long PausedUntil, First = -1, Last, Requests, Digests, Refused, IntoPause;
        /// <summary>When each request arrived (ticks) and whether it was refused: the tenant's profile second by second.</summary>
        public readonly List<(long At, bool Refused)> Arrivals = [];
    }

    public record TenantReport(string Tenant, long Requests, long Digests, double Seconds, double RequestsPerSecond, long Refused, string Profile);

    public (int Delivered, double Seconds, double PerSecond, long Refused, long IntoPause, List<TenantReport> Tenants) Report()
    {
        var seconds = (_last - _first) / (double)Stopwatch.Frequency;
        lock (_tenants)
        {
            var tenants = _tenants.OrderBy(t => t.Key).Select(t =>
            {
                var s = (t.Value.Last - t.Value.First) / (double)Stopwatch.Frequency;
                return new TenantReport(t.Key, t.Value.Requests, t.Value.Digests, s, s > 0 ? (t.Value.Requests - 1) / s : 0, t.Value.Refused, Profile(t.Value));
            }).ToList();
            return (_delivered.Count, seconds, seconds > 0 ? (_delivered.Count - 1) / seconds : 0, _tenants.Values.Sum(t => t.Refused),
                _tenants.Values.Sum(t => t.IntoPause), tenants);
        }
    }

    /// <summary>
    /// Where the tenant's time went: requests accepted in each second from its first one (429s in brackets), and the
    /// gaps between accepted requests longer than 100 ms (a stall, a pause after a 429, no row ready to send).
    /// </summary>
    private static string Profile(TenantWindow t)
    {
        var f = (double)Stopwatch.Frequency;
        var seconds = t.Arrivals.GroupBy(a => (int)((a.At - t.First) / f)).OrderBy(g => g.Key)
            .Select(g => g.Count(a => !a.Refused) + (g.Any(a => a.Refused) ? $"[{g.Count(a => a.Refused)}]" : ""));
        var accepted = t.Arrivals.Where(a => !a.Refused).Select(a => a.At).ToList();
        var gaps = accepted.Zip(accepted.Skip(1), (a, b) => (b - a) / f).Where(g => g > 0.1).ToList();
        return $"per second {string.Join(" ", seconds)}; {gaps.Count} gaps > 100 ms ({gaps.Sum():F2} s: {string.Join(" ", gaps.Select(g => $"{g * 1000:F0}"))} ms)";
    }

    private static string TenantOf(string conversationId, string body) =>
        conversationId.StartsWith("a:") && conversationId.IndexOf(':', 2) is > 2 and var end ? conversationId[2..end]
        : System.Text.Json.JsonDocument.Parse(body).RootElement.TryGetProperty("tenantId", out var t) ? t.GetString()! : "unknown";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(ct);
        await Task.Delay(3, ct);
        var path = request.RequestUri!.AbsolutePath;
        var segments = path.Split('/'); // the service URL has a path of its own (…/emea/v3/conversations/{id}/activities)
        var at = Array.IndexOf(segments, "conversations") + 1;
        var conversationId = at > 0 && at < segments.Length ? Uri.UnescapeDataString(segments[at]) : "";
        var tenantId = TenantOf(conversationId, body);
        var conversation = path.Contains("/activities") ? path : "create:" + body.GetHashCode();
        bool refuse;
        lock (_tenants)
        {
            var now = _clock.ElapsedTicks;
            var second = Stopwatch.Frequency;
            if (!_tenants.TryGetValue(tenantId, out var tenant)) _tenants[tenantId] = tenant = new TenantWindow();
            if (now < tenant.PausedUntil - second / 20) tenant.IntoPause++;
            while (tenant.Window.Count > 0 && tenant.Window.Peek() <= now - second) tenant.Window.Dequeue();
            if (!_conversations.TryGetValue(conversation, out var window)) _conversations[conversation] = window = new Queue<long>();
            while (window.Count > 0 && window.Peek() <= now - second) window.Dequeue();
            refuse = tenant.Window.Count >= tenantLimit || window.Count >= conversationLimit;
            tenant.Arrivals.Add((now, refuse));
            if (refuse) { tenant.Refused++; tenant.PausedUntil = now + second; }
            else
            {
                tenant.Window.Enqueue(now);
                window.Enqueue(now);
                tenant.Requests++;
                if (tenant.First < 0) tenant.First = now;
                tenant.Last = now;
                if (path.EndsWith("/activities") && body.Contains("Dit overblik"))
                {
                    tenant.Digests++;
                    _delivered.TryAdd(body.GetHashCode() + ":" + path, 0);
                    if (_first < 0) _first = now;
                    _last = now;
                }
            }
        }
        if (refuse)
        {
            var tooMany = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
            {
                Content = new StringContent("""{"error":{"code":"TooManyRequests","message":"rate limited"}}""", Encoding.UTF8, "application/json"),
            };
            tooMany.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
            return tooMany;
        }
        var id = Interlocked.Increment(ref _id);
        var json = path.EndsWith("/v3/conversations") ? $$"""{"id":"a:{{tenantId}}:created-{{id}}","activityId":"{{id}}"}""" : $$"""{"id":"{{id}}"}""";
        return new HttpResponseMessage(path.EndsWith("/v3/conversations") ? HttpStatusCode.Created : HttpStatusCode.OK)
            { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    }
}

/// <summary>
/// The national-scale database: 5,000 coordinators with four forløb each, a team of four per forløb, ten handovers
/// per forløb (history: landed, declined, withdrawn), five tasks (four done), three booked meetings each with its
/// referat, consents and KIP dates. The first 2,000 coordinators have something waiting (an unaccepted baton, some a
/// discharge not landed, a task due within three working days, a meeting without its referat, an expiring consent,
/// a KIP date near).
/// </summary>
static class Seed
{
    public static string Coordinator(int n) => $"aad-coordinator-{n:00000}";

    public static async Task RunAsync(BenchBot bot, DateTimeOffset now)
    {
        var today = DigestClock.LocalDate(now);
        for (var start = 0; start < 20_000; start += 1_000)
        {
            using var scope = bot.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var cases = new List<CitizenCase>();
            for (var i = start; i < start + 1_000; i++)
            {
                var n = i % 5_000;
                var pending = n < 2_000;
                var c = new CitizenCase
                {
                    Initials = "AB", CaseNumber = $"N-{i:000000}", CoordinatingOrganisationId = "region-nord", CoordinatorUserId = Coordinator(n),
                    ChannelId = $"19:case{i}@thread.tacv2", ServiceUrl = "https://smba.trafficmanager.net/emea/", TenantId = "tenant-region-nord",
                    CreatedAt = now.AddDays(-400 + i % 300), CreatedBy = Coordinator(n),
                    NextReviewDate = pending && i % 4 == 1 ? today.AddDays(7) : today.AddDays(90),
                };
                c.Members.Add(Member(Coordinator(n), c.CreatedAt));
                for (var k = 0; k < 3; k++) c.Members.Add(Member($"aad-member-{i * 3 + k:000000}", c.CreatedAt));
                cases.Add(c);
            }
            db.AddRange(cases);
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            var handovers = new List<object>();
            foreach (var c in cases)
            {
                var i = int.Parse(c.CaseNumber[2..]);
                var pending = i % 5_000 < 2_000;
                for (var k = 0; k < 10; k++)
                {
                    var offered = c.CreatedAt.AddDays(k * 30);
                    var state = k switch
                    {
                        9 when pending => HandoverState.Afventer,
                        8 when pending && i % 5 == 0 => HandoverState.Accepteret,
                        _ => (k % 3) switch { 0 => HandoverState.LandetTrygt, 1 => HandoverState.Afvist, _ => HandoverState.TrukketTilbage },
                    };
                    handovers.Add(new Handover
                    {
                        PublicId = $"h-{i}-{k}", CaseId = c.Id, Subject = HandoverSubject.WholeCase, IsDischarge = k == 8,
                        SenderUserId = c.CoordinatorUserId, SenderName = "Koordinator", SenderOrganisationId = "region-nord", SenderSector = Sector.Region,
                        ReceiverOrganisationId = "aalborg", ReceiverSector = Sector.Kommune, ReceiverUserId = state == HandoverState.Accepteret ? $"aad-member-{i * 3:000000}" : null,
                        ReceiverName = state == HandoverState.Accepteret ? "Modtager" : null,
                        Deadline = state == HandoverState.Afventer ? now.AddDays(i % 3 == 0 ? -2 : 2) : offered.AddDays(3),
                        LandingDeadline = k == 8 ? (state == HandoverState.Accepteret ? now.AddDays(-1) : offered.AddDays(3)) : null,
                        State = state, OfferedAt = offered, Version = 2,
                    });
                }
                handovers.Add(new Consent
                {
                    CaseId = c.Id, OrganisationIds = ["aalborg"], Kinds = InformationKind.All, ValidFrom = today.AddDays(-300),
                    ValidTo = pending && i % 7 == 0 ? today.AddDays(20) : null, RecordedAt = c.CreatedAt, RecordedBy = c.CoordinatorUserId,
                });
            }
            db.AddRange(handovers);
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            var history = new List<object>();
            foreach (var c in cases)
            {
                var i = int.Parse(c.CaseNumber[2..]);
                var pending = i % 5_000 < 2_000;
                for (var k = 0; k < 5; k++)
                    history.Add(new CaseTask
                    {
                        PublicId = $"t-{i}-{k}", CaseId = c.Id, Title = "Aftale", OwnerUserId = $"aad-member-{i * 3 + k % 3:000000}", OwnerName = "Ansvarlig",
                        OwnerOrganisationId = "aalborg", OwnerSector = Sector.Kommune, AgreementNo = k + 1, CreatedAt = c.CreatedAt.AddDays(k * 60),
                        CreatedByUserId = c.CoordinatorUserId, Version = 1,
                        State = k < 4 ? TaskState.Done : TaskState.Open,
                        Due = k < 4 ? today.AddDays(-300 + k * 60) : pending && i % 3 == 2 ? today.AddDays(2) : today.AddDays(40),
                    });
                for (var k = 0; k < 3; k++)
                {
                    var held = now.AddDays(k == 2 ? -5 : -200 + k * 90);
                    history.Add(new Meeting
                    {
                        PublicId = $"m-{i}-{k}", CaseId = c.Id, Kind = MeetingKind.Netvaerksmoede, Purpose = "Netværksmøde", DurationMinutes = 60,
                        WindowFrom = DateOnly.FromDateTime(held.UtcDateTime), WindowTo = DateOnly.FromDateTime(held.UtcDateTime), OrganiserUserId = c.CoordinatorUserId,
                        State = MeetingState.Booket, Start = held, End = held.AddHours(1), CreatedAt = held.AddDays(-14), CreatedBy = c.CoordinatorUserId, Version = 1,
                    });
                    if (k < 2 || !(pending && i % 6 == 3)) // the last meeting of some pending forløb has no referat yet
                        history.Add(new StoredFile
                        {
                            CaseId = c.Id, DocumentKey = "referat", Version = k + 1, FileName = $"referat-v{k + 1}.docx", ContentType = "application/octet-stream",
                            Content = [], CreatedAt = held.AddHours(3), CreatedBy = c.CoordinatorUserId,
                        });
                }
            }
            db.AddRange(history);
            await db.SaveChangesAsync();
        }
        using (var scope = bot.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var n = 0; n < 5_000; n++)
            {
                db.Add(new KnownChannelAccount { AadObjectId = Coordinator(n), ChannelAccountId = $"29:coordinator-{n}", UpdatedAt = now });
                if (n % 10 != 0) // most coordinators have talked to the bot before; the others get a new 1:1 chat
                    db.Add(new ConversationReference
                    {
                        ConversationId = $"a:tenant-region-nord:personal-{n}", ConversationType = "personal", ServiceUrl = "https://smba.trafficmanager.net/emea/",
                        TenantId = "tenant-region-nord", UserId = $"29:coordinator-{n}", UserAadObjectId = Coordinator(n), UpdatedAt = now,
                    });
            }
            await db.SaveChangesAsync();
        }
    }

    /// <summary>
    /// Delivery only: 2,000 coordinators spread round-robin over <paramref name="tenants"/>, each with one forløb (on
    /// their own team) and one baton not accepted; nine in ten have talked to the bot before (a stored 1:1 chat), the
    /// others get a new one.
    /// </summary>
    public static async Task DeliveryOnlyAsync(BenchBot bot, DateTimeOffset now, string[] tenants)
    {
        using var scope = bot.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var cases = new List<CitizenCase>();
        for (var n = 0; n < 2_000; n++)
        {
            var tenant = tenants[n % tenants.Length];
            var c = new CitizenCase
            {
                Initials = "AB", CaseNumber = $"N-{n:000000}", CoordinatingOrganisationId = "region-nord", CoordinatorUserId = Coordinator(n),
                ChannelId = $"19:case{n}@thread.tacv2", ServiceUrl = "https://smba.trafficmanager.net/emea/", TenantId = tenant,
                CreatedAt = now.AddDays(-30), CreatedBy = Coordinator(n), NextReviewDate = DigestClock.LocalDate(now).AddDays(90),
            };
            var member = Member(Coordinator(n), c.CreatedAt);
            member.TenantId = tenant;
            c.Members.Add(member);
            cases.Add(c);
            db.Add(new KnownChannelAccount { AadObjectId = Coordinator(n), ChannelAccountId = $"29:coordinator-{n}", UpdatedAt = now });
            if (n % 10 != 0)
                db.Add(new ConversationReference
                {
                    ConversationId = $"a:{tenant}:personal-{n}", ConversationType = "personal", ServiceUrl = "https://smba.trafficmanager.net/emea/",
                    TenantId = tenant, UserId = $"29:coordinator-{n}", UserAadObjectId = Coordinator(n), UpdatedAt = now,
                });
        }
        db.AddRange(cases);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        foreach (var c in cases)
            db.Add(new Handover
            {
                PublicId = $"h-{c.CaseNumber}", CaseId = c.Id, Subject = HandoverSubject.WholeCase,
                SenderUserId = c.CoordinatorUserId, SenderName = "Koordinator", SenderOrganisationId = "region-nord", SenderSector = Sector.Region,
                ReceiverOrganisationId = "aalborg", ReceiverSector = Sector.Kommune, Deadline = now.AddDays(2),
                State = HandoverState.Afventer, OfferedAt = now.AddDays(-1), Version = 1,
            });
        await db.SaveChangesAsync();
    }

    private static CaseMember Member(string user, DateTimeOffset at) => new()
    {
        UserId = user, OrganisationId = "region-nord", Sector = Sector.Region, DisplayName = user, TenantId = "tenant-region-nord", AddedAt = at, AddedBy = user,
    };
}
