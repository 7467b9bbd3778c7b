using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Bench.Protection;

/// <summary>
/// dotnet run -c Release -- [SECONDS]. An outbox row's activity (a card message of about 4 KB, Danish text) side by
/// side: serialised as before (JSON only), serialised and sealed (what a save does now), and opened again (what the
/// polling pass does). Rounds alternate; prints µs and bytes allocated per row for each, and the ratios to JSON only.
/// </summary>
public static class Bench
{
    public static int Main(string[] args)
    {
        var seconds = double.Parse(args.ElementAtOrDefault(0) ?? "3", CultureInfo.InvariantCulture);
        var protector = new FieldProtector("1", RandomNumberGenerator.GetBytes(32));
        var text = string.Concat(Enumerable.Repeat("Stafet: forløb AB · F-2026-0042 til Aalborg Kommune, bostøtte fra første dag. ", 48));
        var activity = Activity.Message(text);
        var scope = new FieldScope("outbox", "ActivityJson", 123456);
        var json = JsonSerializer.Serialize(activity, BotJson.Options);
        var sealedJson = protector.Protect(json, scope);
        if (protector.Unprotect(sealedJson, scope) != json) throw new InvalidOperationException("round trip failed");
        Console.WriteLine($"activity JSON {json.Length} chars, sealed {sealedJson.Length} chars");

        var results = new Dictionary<string, List<(double Us, double Bytes)>> { ["json"] = [], ["json+seal"] = [], ["open"] = [] };
        for (var round = 0; round < 6; round++)
        {
            var order = round % 2 == 0 ? new[] { "json", "json+seal", "open" } : ["open", "json+seal", "json"];
            foreach (var name in order)
                results[name].Add(Measure(seconds / 6, name switch
                {
                    "json" => () => JsonSerializer.Serialize(activity, BotJson.Options).Length,
                    "json+seal" => () => protector.Protect(JsonSerializer.Serialize(activity, BotJson.Options), scope).Length,
                    _ => () => protector.Unprotect(sealedJson, scope).Length,
                }));
        }
        var baseline = Median(results["json"]);
        foreach (var (name, runs) in results)
        {
            var m = Median(runs);
            Console.WriteLine(FormattableString.Invariant($"{name,-10} {m.Us,8:F2} µs/row {m.Bytes,9:F0} B/row   ratio to json: {m.Us / baseline.Us:F2}× time, {m.Bytes / baseline.Bytes:F2}× bytes"));
        }
        return 0;
    }

    private static (double Us, double Bytes) Median(List<(double Us, double Bytes)> runs)
    {
        var sorted = runs.OrderBy(r => r.Us).ToList();
        return sorted[sorted.Count / 2];
    }

    private static (double Us, double Bytes) Measure(double seconds, Func<int> work)
    {
        for (var i = 0; i < 200; i++) work();
        var watch = Stopwatch.StartNew();
        var before = GC.GetAllocatedBytesForCurrentThread();
        long n = 0;
        while (watch.Elapsed.TotalSeconds < seconds) { for (var i = 0; i < 100; i++) work(); n += 100; }
        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        return (watch.Elapsed.TotalMicroseconds / n, (double)bytes / n);
    }
}
