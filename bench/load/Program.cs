using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using TeamsCoordinator.Bench.Load;

// Usage: LoadBench --bot-dll PATH --postgres "Host=…;Port=…;Username=postgres" [--rate 200] [--seconds 120]
//                  [--kill-at 60] (0: no kill) [--logs DIR] [--only hjælp|status|"ny borger"|stafet|dokument]
//                  [--postgres-data DIR] (the cluster's data folder, to count its CPU)
//                  [--warmup 10] [--warmup-rate RATE/10] (seconds and rate of the warm-up before the measured run)
//                  [--connection "Max Auto Prepare=0"] (added to the instances' connection string)
//                  [--sql-stats] (run.sh loads pg_stat_statements: the measured run's statements per answered request)
//                  [--pid-file FILE] (the bot instances' pids, one a line: run.sh kills them if this process dies by SIGKILL)
// Two instances of the bot on one PostgreSQL database, round-robin per request; the mix below at a fixed rate
// (open loop: a request starts every 1/rate s whether or not the previous ones have finished), one instance killed
// with SIGKILL half-way, then the checks. Exit code 1 when a check fails.
var options = Options.Parse(args);
using var children = Children.Install(options.PidFile, options.PostgresData);
var logs = Directory.CreateDirectory(options.Logs ?? Directory.CreateTempSubdirectory("tc-load-").FullName).FullName;
var database = $"{options.Postgres};Database=loadbench";
await using (var admin = new NpgsqlConnection(options.Postgres + ";Database=postgres"))
{
    await admin.OpenAsync();
    await new NpgsqlCommand("DROP DATABASE IF EXISTS loadbench WITH (FORCE)", admin).ExecuteNonQueryAsync();
}

await using var connector = await Connector.StartAsync();
var settings = new Dictionary<string, string>
{
    ["Storage:Provider"] = "Postgres",
    ["ConnectionStrings:Coordinator"] = database + ";Maximum Pool Size=60" + (options.Connection is { } extra ? ";" + extra : ""),
    // Both instances read what the other wrote: one key, from the environment as in production.
    ["Protection:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    ["Bot:TrustedServiceUrls:0"] = connector.ServiceUrl,
    ["Digest:RunScheduler"] = "false",
    ["Logging:LogLevel:Default"] = "Warning",
    ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
};
// One after the other, as a deployment slot starts: the first migrates the new database and seeds the demo.
var instances = new List<BotInstance>
{
    await BotInstance.StartAsync("instance A", options.BotDll, settings, Path.Combine(logs, "instance-a.log")),
    await BotInstance.StartAsync("instance B", options.BotDll, settings, Path.Combine(logs, "instance-b.log")),
};
using var roundRobin = new RoundRobin(instances.Select(i => i.Url).ToList());
var teams = new Teams(connector.ServiceUrl);
var mix = new Mix(teams, connector, roundRobin, database, options.Only);

Console.WriteLine($"load average {Load()} · two instances round-robin, PostgreSQL · logs in {logs}");
Console.WriteLine($"pids: {string.Join(", ", instances.Select(i => $"{i.Name} {i.Process.Id}"))}");
// Batons take forløb made in the run; a few made before cover the first seconds, and a run of batons alone takes
// one for each (6 requests: the form, the offer, 4 accepts) of the warm-up and the run.
var warmupRate = options.WarmupRate ?? Math.Max(1, options.Rate / 10);
await mix.PrepareAsync(options.Only == "stafet" ? (warmupRate * options.Warmup + options.Rate * options.Seconds) / 6 + 10 : 20);
Console.WriteLine($"prepared: {mix.ForloebCount} forløb, forms captured from the bot itself");
if (options.SqlStats) await SqlStatementsAsync(database, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");

// Warm up both instances (JIT, pools), by default 10 s at a tenth of the rate, then measure.
await mix.RunAsync(warmupRate, TimeSpan.FromSeconds(options.Warmup), onTick: null);
mix.Reset();
Console.WriteLine($"measuring {options.Seconds} s at {options.Rate}/s");
if (options.SqlStats) await SqlStatementsAsync(database, "SELECT pg_stat_statements_reset()");
var cpuBefore = instances.Select(i => i.Cpu).ToList();
var postgresBefore = PostgresCpu(options.PostgresData);
var generatorBefore = Process.GetCurrentProcess().TotalProcessorTime;
var killedAt = (TimeSpan?)null;
var sw = Stopwatch.StartNew();
// Every 10 s, what the requests answered in that window cost: the steady state shows once the JIT has settled.
using var sampling = new CancellationTokenSource();
var sampler = Task.Run(async () =>
{
    var (bot, postgres, generator, answered) = (instances.Sum(i => i.Cpu.TotalMilliseconds), PostgresCpu(options.PostgresData), Process.GetCurrentProcess().TotalProcessorTime, 0);
    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
    while (await timer.WaitForNextTickAsync(sampling.Token).AsTask().ContinueWith(t => !t.IsCanceled && t.Result))
    {
        var (b, p, g, n) = (instances.Sum(i => i.Cpu.TotalMilliseconds), PostgresCpu(options.PostgresData), Process.GetCurrentProcess().TotalProcessorTime, mix.Outcomes.Count);
        var per = Math.Max(1, n - answered);
        Console.WriteLine($"  {sw.Elapsed.TotalSeconds,4:F0} s: {n - answered,5} answered in 10 s; CPU ms per answer: bot {(b - bot) / per:F2}, PostgreSQL {(p - postgres).TotalMilliseconds / per:F2}, " +
                          $"generator {(g - generator).TotalMilliseconds / per:F2}; cores busy {((b - bot) + (p - postgres).TotalMilliseconds + (g - generator).TotalMilliseconds) / 10_000:F2} of 2 · load average {Load()}");
        (bot, postgres, generator, answered) = (b, p, g, n);
    }
});
await mix.RunAsync(options.Rate, TimeSpan.FromSeconds(options.Seconds), onTick: elapsed =>
{
    if (options.KillAt > 0 && killedAt is null && elapsed >= TimeSpan.FromSeconds(options.KillAt))
    {
        killedAt = elapsed;
        instances[1].Process.Kill(entireProcessTree: true);
        connector.KilledAt = Stopwatch.GetTimestamp();
        Console.WriteLine($"  kill -9 {instances[1].Name} (pid {instances[1].Process.Id}) at {elapsed.TotalSeconds:F0} s");
    }
});
var elapsedRun = sw.Elapsed;
sampling.Cancel();
await sampler;
var cpu = instances.Select((i, n) => i.Cpu - cpuBefore[n]).ToList();
cpu.Add(PostgresCpu(options.PostgresData) - postgresBefore);
cpu.Add(Process.GetCurrentProcess().TotalProcessorTime - generatorBefore);
if (options.SqlStats) await PrintSqlStatementsAsync(database, mix.Outcomes.Count);

// The survivor finishes the work: what the killed instance had claimed is taken over when its lease runs out.
Console.WriteLine("waiting for the outbox to drain and every channel to exist (a killed instance's leases run out after 2 and 5 min)…");
var drained = await mix.WaitForOutboxAsync(TimeSpan.FromMinutes(options.KillAt > 0 ? 7 : 2));
var report = await mix.CheckAsync();
report.Print(mix, elapsedRun, killedAt, connector, roundRobin, cpu, drained);
Console.WriteLine($"load average {Load()}");
Children.KillAll();
return report.Failures.Count == 0 ? 0 : 1;

// The CPU of the cluster: the postmaster, its live backends and the backends that have exited (reaped into the
// postmaster's cutime/cstime). Clock ticks of 1/100 s, Linux's USER_HZ.
static TimeSpan PostgresCpu(string? dataDir)
{
    if (dataDir is null || !File.Exists(Path.Combine(dataDir, "postmaster.pid"))) return TimeSpan.Zero;
    var postmaster = File.ReadLines(Path.Combine(dataDir, "postmaster.pid")).First().Trim();
    long ticks = 0;
    foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => char.IsDigit(Path.GetFileName(d)[0])))
    {
        string stat;
        try { stat = File.ReadAllText(Path.Combine(dir, "stat")); } catch (IOException) { continue; } catch (UnauthorizedAccessException) { continue; }
        var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // f[0] is field 3 (state)
        var self = Path.GetFileName(dir) == postmaster;
        if (!self && f[1] != postmaster) continue;
        ticks += long.Parse(f[11]) + long.Parse(f[12]) + (self ? long.Parse(f[13]) + long.Parse(f[14]) : 0);
    }
    return TimeSpan.FromSeconds(ticks / 100.0);
}

static async Task SqlStatementsAsync(string database, string sql)
{
    await using var db = new NpgsqlConnection(database);
    await db.OpenAsync();
    await new NpgsqlCommand(sql, db).ExecuteNonQueryAsync();
}

// What the database was asked during the measured run (both instances, their background work included), per
// answered request: the statements a kind repeats show here (pg_stat_statements, its text normalised).
static async Task PrintSqlStatementsAsync(string database, int answered)
{
    await using var db = new NpgsqlConnection(database);
    await db.OpenAsync();
    await using var cmd = new NpgsqlCommand("""
        SELECT calls, total_exec_time, rows, regexp_replace(query, '\s+', ' ', 'g') FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY calls DESC
        """, db);
    await using var r = await cmd.ExecuteReaderAsync();
    var rows = new List<(long Calls, double Ms, long Rows, string Query)>();
    while (await r.ReadAsync()) rows.Add((r.GetInt64(0), r.GetDouble(1), r.GetInt64(2), r.GetString(3)));
    var per = Math.Max(1, answered);
    Console.WriteLine($"SQL statements: {rows.Sum(x => x.Calls) / (double)per:F1} per answered request ({answered} answered), " +
                      $"{rows.Sum(x => x.Ms) / per:F2} ms execution per request; the 40 most called:");
    Console.WriteLine($"{"per req",8} {"ms/call",8} {"rows/call",9}  statement");
    foreach (var x in rows.Take(40))
        Console.WriteLine($"{x.Calls / (double)per,8:F2} {x.Ms / Math.Max(1, x.Calls),8:F3} {x.Rows / (double)Math.Max(1, x.Calls),9:F1}  {(x.Query.Length > 220 ? x.Query[..220] + "…" : x.Query)}");
}

static string Load() => File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => a + " " + b);

sealed record Options(string BotDll, string Postgres, int Rate, int Seconds, int KillAt, string? Logs, string? Only, string? PostgresData, int Warmup, int? WarmupRate, string? Connection, bool SqlStats, string? PidFile)
{
    public static Options Parse(string[] args)
    {
        string? Get(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var seconds = int.Parse(Get("--seconds") ?? "120");
        return new(Get("--bot-dll") ?? throw new ArgumentException("--bot-dll PATH"), Get("--postgres") ?? throw new ArgumentException("--postgres CONNECTION"),
            int.Parse(Get("--rate") ?? "200"), seconds, int.Parse(Get("--kill-at") ?? (seconds / 2).ToString()), Get("--logs"),
            Get("--only") is { } only ? Mix.Kinds.ContainsKey(only) ? only : throw new ArgumentException("--only " + string.Join(" | ", Mix.Kinds.Keys)) : null,
            Get("--postgres-data"), int.Parse(Get("--warmup") ?? "10"), Get("--warmup-rate") is { } wr ? int.Parse(wr) : null,
            Get("--connection"), args.Contains("--sql-stats"), Get("--pid-file"));
    }
}
