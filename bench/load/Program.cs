using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using TeamsCoordinator.Bench.Load;

// Usage: LoadBench --bot-dll PATH --postgres "Host=…;Port=…;Username=postgres" [--rate 200] [--seconds 120]
//                  [--kill-at 60] (0: no kill) [--logs DIR]
// Two instances of the bot on one PostgreSQL database behind a round-robin forwarder; the mix below at a fixed rate
// (open loop: a request starts every 1/rate s whether or not the previous ones have finished), one instance killed
// with SIGKILL half-way, then the checks. Exit code 1 when a check fails.
var options = Options.Parse(args);
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
    ["ConnectionStrings:Coordinator"] = database + ";Maximum Pool Size=60",
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
await using var forwarder = await Forwarder.StartAsync(instances.Select(i => i.Url).ToList());
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { Timeout = TimeSpan.FromSeconds(30) };
var teams = new Teams(connector.ServiceUrl);
var mix = new Mix(teams, connector, http, forwarder.Url, database);

Console.WriteLine($"load average {Load()} · two instances, PostgreSQL, forwarder {forwarder.Url} · logs in {logs}");
await mix.PrepareAsync();
Console.WriteLine($"prepared: {mix.ForloebCount} forløb, forms captured from the bot itself");

// Warm up both instances (JIT, pools) at a tenth of the rate, then measure.
await mix.RunAsync(options.Rate / 10, TimeSpan.FromSeconds(10), onTick: null);
mix.Reset();
var cpuBefore = instances.Select(i => i.Cpu).ToList();
var killedAt = (TimeSpan?)null;
var sw = Stopwatch.StartNew();
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
var cpu = instances.Select((i, n) => (i.Cpu == TimeSpan.Zero ? TimeSpan.Zero : i.Cpu - cpuBefore[n])).ToList();

// The survivor finishes the work: what the killed instance had claimed is taken over when its lease runs out.
Console.WriteLine("waiting for the outbox to drain and every channel to exist (a killed instance's leases run out after 2 and 5 min)…");
var drained = await mix.WaitForOutboxAsync(TimeSpan.FromMinutes(options.KillAt > 0 ? 7 : 2));
var report = await mix.CheckAsync();
report.Print(mix, elapsedRun, killedAt, connector, forwarder, cpu, drained);
Console.WriteLine($"load average {Load()}");
foreach (var i in instances.Where(i => !i.Process.HasExited)) i.Process.Kill(entireProcessTree: true);
return report.Failures.Count == 0 ? 0 : 1;

static string Load() => File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => a + " " + b);

sealed record Options(string BotDll, string Postgres, int Rate, int Seconds, int KillAt, string? Logs)
{
    public static Options Parse(string[] args)
    {
        string? Get(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var seconds = int.Parse(Get("--seconds") ?? "120");
        return new(Get("--bot-dll") ?? throw new ArgumentException("--bot-dll PATH"), Get("--postgres") ?? throw new ArgumentException("--postgres CONNECTION"),
            int.Parse(Get("--rate") ?? "200"), seconds, int.Parse(Get("--kill-at") ?? (seconds / 2).ToString()), Get("--logs"));
    }
}
