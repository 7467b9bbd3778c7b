namespace TeamsCoordinator.Bench.Load;

/// <summary>What the database holds after the run, the figures, and every invariant that does not hold.</summary>
public sealed class Report
{
    public long WithoutChannel, Forloeb, Handovers, AcceptedTwice, AuditAcceptedTwice, TwoHolders, AcceptedWithoutReceiver;
    public long OutboxRows, OutboxSent, OutboxFailed, OutboxPending, Documents;
    public List<string> Waiting { get; init; } = [];
    public List<string> Failures { get; } = [];

    public void Print(Mix mix, TimeSpan elapsed, TimeSpan? killedAt, Connector connector, RoundRobin roundRobin, IReadOnlyList<TimeSpan> cpu, bool drained)
    {
        var outcomes = mix.Outcomes.ToList();
        Console.WriteLine();
        Console.WriteLine($"{outcomes.Count} requests in {elapsed.TotalSeconds:F1} s: {outcomes.Count / elapsed.TotalSeconds:F0} requests/s" +
                          (killedAt is { } k ? $", instance B killed (SIGKILL) at {k.TotalSeconds:F0} s" : ", no instance killed"));
        Console.WriteLine($"{"kind",-10} {"count",7} {"errors",7} {"p50 ms",8} {"p99 ms",8} {"max ms",8}");
        foreach (var group in outcomes.GroupBy(o => o.Kind).OrderByDescending(g => g.Count()))
        {
            var ms = group.Select(o => o.Milliseconds).Order().ToList();
            Console.WriteLine($"{group.Key,-10} {ms.Count,7} {group.Count(o => o.Problem is not null),7} {Percentile(ms, 0.50),8:F1} {Percentile(ms, 0.99),8:F1} {ms[^1],8:F1}");
        }
        var all = outcomes.Select(o => o.Milliseconds).Order().ToList();
        if (all.Count > 0) Console.WriteLine($"{"all",-10} {all.Count,7} {outcomes.Count(o => o.Problem is not null),7} {Percentile(all, 0.50),8:F1} {Percentile(all, 0.99),8:F1} {all[^1],8:F1}");
        Console.WriteLine("  (message turns are timed until their reply reached the connector; invokes until their HTTP answer)");
        foreach (var problem in outcomes.Where(o => o.Problem is not null).GroupBy(o => $"{o.Kind}: {o.Problem}").OrderByDescending(g => g.Count()).Take(10))
            Console.WriteLine($"  error ×{problem.Count()}  {problem.Key}");
        Console.WriteLine($"by status: {string.Join(", ", outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "no answer/refused" : g.Key.ToString())} ×{g.Count()}"))}");
        double PerRequest(TimeSpan t) => t.TotalMilliseconds / Math.Max(1, outcomes.Count);
        Console.WriteLine($"CPU per request (ms, of all requests): bot {PerRequest(cpu[0] + cpu[1]):F2} (A {PerRequest(cpu[0]):F2}, B {PerRequest(cpu[1]):F2}; B until its kill), " +
                          $"PostgreSQL {PerRequest(cpu[2]):F2}, load generator + connector {PerRequest(cpu[3]):F2}; " +
                          $"machine capacity {2000.0 / Math.Max(0.01, PerRequest(cpu[0] + cpu[1] + cpu[2] + cpu[3])):F0} requests/s at this cost (2 cores)");
        Console.WriteLine($"round-robin: {roundRobin.Redelivered} requests redelivered to the other instance after a connection failed");
        Console.WriteLine();
        Console.WriteLine($"database: {Forloeb} forløb, {Handovers} handovers ({mix.Offers} offered in the run, {mix.Winners} accepts won), {Documents} stored files");
        Console.WriteLine($"outbox: {OutboxRows} messages, {OutboxSent} sent, {OutboxFailed} given up, {OutboxPending} still waiting{(drained ? "" : " (not drained in time)")}");
        foreach (var w in Waiting) Console.WriteLine($"  waiting: {w}");
        // Two ways a crash can repeat a message, both the at-least-once that an API without idempotency keys (the Bot
        // Connector's) leaves: the killed instance answered a message just before it died, unacknowledged, so Teams
        // redelivers it and the other instance answers again (only a reply that changed nothing: a state change's reply
        // is in the outbox under the activity's idempotency key, so the redelivered turn saves nothing); or it had sent
        // an outbox message and died before marking it sent, so the survivor sends it again when the lease runs out.
        var duplicates = connector.Duplicates;
        var afterRedelivery = duplicates.Count(d => d.Answering is { } a && roundRobin.RedeliveredIds.ContainsKey(a));
        var inFlight = duplicates.Count(d => d.AcrossTheKill && !(d.Answering is { } a && roundRobin.RedeliveredIds.ContainsKey(a)));
        Console.WriteLine($"connector: {connector.Deliveries} deliveries (typing not counted), {duplicates.Count} delivered more than once: " +
                          $"{afterRedelivery} answers to an activity redelivered after the kill, {inFlight} sent by the killed instance just before it died and again by the survivor");
        foreach (var (call, n) in connector.Unknown.OrderByDescending(u => u.Value).Take(5)) Console.WriteLine($"  unknown call ×{n}: {call}");

        Check(outcomes.Count(o => o.Status >= 500) == 0, $"{outcomes.Count(o => o.Status >= 500)} answers with 5xx");
        Check(outcomes.All(o => o.Problem is null), $"{outcomes.Count(o => o.Problem is not null)} requests with an error");
        Check(AcceptedTwice == 0, $"{AcceptedTwice} handovers accepted twice (transitions)");
        Check(AuditAcceptedTwice == 0, $"{AuditAcceptedTwice} forløb with two acceptances in the audit log");
        Check(TwoHolders == 0, $"{TwoHolders} forløb with two baton holders");
        Check(AcceptedWithoutReceiver == 0, $"{AcceptedWithoutReceiver} accepted handovers without a receiver");
        Check(mix.Winners == mix.Accepted, $"{mix.Accepted} offers accepted in parallel, {mix.Winners} winners (must be one each)");
        Check(OutboxPending == 0 && OutboxFailed == 0, $"outbox: {OutboxPending} never sent, {OutboxFailed} given up");
        var unexplained = duplicates.Where(d => !d.AcrossTheKill && !(d.Answering is { } a && roundRobin.RedeliveredIds.ContainsKey(a))).ToList();
        Check(unexplained.Count == 0, $"{unexplained.Count} messages delivered more than once outside the kill, e.g. {unexplained.FirstOrDefault().Key}");
        Check(WithoutChannel == 0, $"{WithoutChannel} forløb without a channel at the end");
        Check(connector.Deliveries >= OutboxSent, $"the connector saw {connector.Deliveries} deliveries, fewer than the {OutboxSent} the outbox marked sent");
        Console.WriteLine();
        Console.WriteLine(Failures.Count == 0 ? "checks: all hold (zero errors, zero duplicates, nothing lost)" : "checks FAILED:\n  " + string.Join("\n  ", Failures));
    }

    private void Check(bool holds, string failure)
    {
        if (!holds) Failures.Add(failure);
    }

    private static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
