using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace TeamsCoordinator.Bench.Load;

/// <summary>One request of the mix as the load generator saw it.</summary>
public sealed record Outcome(string Kind, int Status, double Milliseconds, string? Problem);

/// <summary>
/// The mix, per 22 requests: 7 `hjælp` in personal chat, 5 `@Koordinator status` in a forløb's channel, 2 "ny borger"
/// submits, 1 `stafet til kommunen` whose form is submitted and then accepted by 4 people of the receiving
/// municipality in parallel (exactly one may win: 6 requests), 1 `ny KIP` whose form is submitted (2 requests). Every
/// activity id is unique; every form is the one the bot sent for that forløb, submitted as Teams submits it.
/// The shares are fixed: a baton needs a forløb made in the run that has its channel; when none is ready within the
/// reply timeout the baton is counted as skipped (an error: the creates have not kept up), never replaced by
/// another request. <paramref name="only"/> drives one kind alone, to measure what it costs.
/// </summary>
public sealed class Mix(Teams teams, Connector connector, RoundRobin instances, string database, string? only = null)
{
    /// <summary>The kinds a run can drive alone (--only), each with its slot in the cycle of 16.</summary>
    public static readonly IReadOnlyDictionary<string, int> Kinds = new Dictionary<string, int>
    {
        ["hjælp"] = 0, ["status"] = 7, ["ny borger"] = 12, ["stafet"] = 14, ["dokument"] = 15,
    };

    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(15);
    private const int Prepared = 20;
    private long _documents;
    private readonly ConcurrentBag<Outcome> _outcomes = [];
    private readonly List<(long Id, string Channel)> _forloeb = [];
    private readonly ConcurrentQueue<(long Id, string Channel)> _toOffer = new();
    private int _caseNumber;
    private long _sequence, _slot;

    public int ForloebCount { get { lock (_forloeb) return _forloeb.Count; } }
    public IReadOnlyCollection<Outcome> Outcomes => _outcomes;
    public int Offers, Accepted, Winners;

    public void Reset() => _outcomes.Clear();

    /// <summary>
    /// A few forløb to start from, and <paramref name="toOffer"/> more for the batons of the first seconds (or of a
    /// run of batons alone); one KIP made, to fail early when the form and the bot disagree.
    /// </summary>
    public async Task PrepareAsync(int toOffer)
    {
        for (var i = 0; i < Prepared; i++)
            if (await CreateAsync() is { } problem) throw new InvalidOperationException("ny borger failed while preparing: " + problem);
        // These stay with their first coordinator: status and documents go to them, batons to the forløb made after.
        _toOffer.Clear();
        for (var done = 0; done < toOffer; done += 8)
            foreach (var problem in await Task.WhenAll(Enumerable.Range(0, Math.Min(8, toOffer - done)).Select(_ => CreateAsync())))
                if (problem is not null) throw new InvalidOperationException("ny borger failed while preparing: " + problem);
        if (await DocumentAsync() is { } docProblem) throw new InvalidOperationException("ny KIP failed while preparing: " + docProblem);
        Reset();
    }

    /// <summary>"@Koordinator {text}" in the forløb's channel, and the form the bot answers with.</summary>
    private async Task<(JsonObject? Form, string? Problem)> AskAsync(string channelId, string text)
    {
        var activity = teams.ChannelMention(Person.Sofie, channelId, text, out var id);
        using var response = await PostAsync(activity);
        if (response.StatusCode != HttpStatusCode.Accepted) return (null, $"HTTP {(int)response.StatusCode}");
        var reply = await connector.ReplyToAsync(id, ReplyTimeout);
        return reply is null ? (null, $"\"{text}\": accepted (202) but no form within 15 s") : Teams.CardOf(JsonNode.Parse(reply)) is { } form ? (form, null) : (null, $"\"{text}\" answered without a form");
    }

    /// <summary>Required inputs the form leaves empty, filled as a person would.</summary>
    private static Dictionary<string, string> Fill(JsonObject card)
    {
        var values = new Dictionary<string, string>();
        foreach (var input in Teams.Nodes(card).OfType<JsonObject>().Where(n => (bool?)n["isRequired"] == true && n["value"] is null && n["id"] is not null))
            values[(string)input["id"]!] = (string?)input["type"] switch
            {
                "Input.Date" => DateTime.Today.AddDays(14).ToString("yyyy-MM-dd"),
                "Input.Number" => "1",
                "Input.ChoiceSet" => (string?)input["choices"]?[0]?["value"] ?? "",
                _ => "Bostøtte to gange om ugen",
            };
        return values;
    }

    /// <summary>Starts a job every 1/rate seconds (open loop) and waits for all of them.</summary>
    public async Task RunAsync(int rate, TimeSpan duration, Action<TimeSpan>? onTick)
    {
        var jobs = new List<Task>();
        var sw = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        long tick = 0, skip = 0;
        while (sw.Elapsed < duration)
        {
            var due = interval * tick;
            if (due > sw.Elapsed) await Task.Delay(due - sw.Elapsed < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : due - sw.Elapsed);
            onTick?.Invoke(sw.Elapsed);
            tick++;
            if (skip > 0) { skip--; continue; }
            // Its own counter: the kinds draw people and forløb from _sequence, which must not shift the shares.
            switch (only is null ? Interlocked.Increment(ref _slot) % 16 : Kinds[only])
            {
                case < 7: jobs.Add(Timed("hjælp", HelpAsync)); break;
                case < 12: jobs.Add(Timed("status", StatusAsync)); break;
                case < 14: jobs.Add(Timed("ny borger", CreateAsync)); break;
                case 14: jobs.Add(OfferAndAcceptAsync()); skip = 5; break;
                default: jobs.Add(Timed("dokument", DocumentAsync)); skip = 1; break;
            }
        }
        await Task.WhenAll(jobs);
    }

    private async Task Timed(string kind, Func<Task<string?>> work)
    {
        var sw = Stopwatch.StartNew();
        string? problem;
        try { problem = await work(); }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { problem = "request failed: " + e.Message; }
        Record(kind, problem, sw);
    }

    private void Record(string kind, string? problem, Stopwatch sw)
    {
        var status = problem is not null && problem.StartsWith("HTTP ", StringComparison.Ordinal) ? int.Parse(problem[5..8]) : problem is null ? 200 : 0;
        _outcomes.Add(new Outcome(kind, status, sw.Elapsed.TotalMilliseconds, problem));
    }

    private Task<HttpResponseMessage> PostAsync(JsonObject activity)
    {
        var body = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(body)) activity.WriteTo(writer);
        return instances.PostAsync(body.WrittenSpan.ToArray(), (string)activity["id"]!);
    }

    /// <summary>A message turn: 202 at once, then its reply at the connector (the turn is timed until then).</summary>
    private async Task<string?> MessageAsync(JsonObject activity, string id)
    {
        using var response = await PostAsync(activity);
        if (response.StatusCode != HttpStatusCode.Accepted) return $"HTTP {(int)response.StatusCode}";
        return await connector.ReplyToAsync(id, ReplyTimeout) is null ? "accepted (202) but no reply within 15 s" : null;
    }

    private Task<string?> HelpAsync()
    {
        // Many people, one personal chat each: a chat's turns run in order, and one person does not type five a second.
        var n = Interlocked.Increment(ref _sequence) % 500;
        var who = new Person($"bench-{n:000}", $"00000000-0000-4000-8000-{n:000000000000}", $"Bruger {n:000}");
        return MessageAsync(teams.PersonalMessage(who, "hjælp", out var id), id);
    }

    private Task<string?> StatusAsync()
    {
        var (_, channel) = Any();
        return MessageAsync(teams.ChannelMention(Person.Sofie, channel, "status", out var id), id);
    }

    private (long Id, string Channel) Any()
    {
        lock (_forloeb) return _forloeb[(int)((ulong)Interlocked.Increment(ref _sequence) % (ulong)_forloeb.Count)];
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> InvokeAsync(Person from, string? channel, string verb, IReadOnlyDictionary<string, string> data)
    {
        using var response = await PostAsync(teams.CardAction(from, channel, verb, data));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text)?["value"] : null);
    }

    /// <summary>"Opret forløb" on the ny borger form, as Sofie of the region: the team, a consent for Aalborg, a channel.</summary>
    private async Task<string?> CreateAsync()
    {
        var number = $"L-{Interlocked.Increment(ref _caseNumber):00000}";
        var data = new Dictionary<string, string>
        {
            ["formId"] = Guid.NewGuid().ToString("N"),
            ["initials"] = "AB", ["caseNumber"] = number,
            ["handlekommune"] = "aalborg-kommune", ["organisations"] = "aalborg-kommune",
            ["coordinator"] = Person.Sofie.AadObjectId,
            ["members"] = string.Join(",", Person.Aalborg.Select(p => "aalborg-kommune|" + p.AadObjectId).Append("region-nordjylland|" + Person.Mette.AadObjectId)),
            ["consentOrganisations"] = "aalborg-kommune", ["consentKinds"] = "ContactData,Plans,CrisisPlan,Minutes", ["consentGivenHow"] = "Mundtligt",
            ["citizenName"] = "Anders Borgersen", ["citizenCpr"] = "010190-1234",
        };
        var (status, body) = await InvokeAsync(Person.Sofie, null, "case.create", data);
        if (status != HttpStatusCode.OK) return $"HTTP {(int)status}";
        var text = Teams.Text(body);
        if (!text.Contains("oprettet", StringComparison.OrdinalIgnoreCase)) return "ny borger refused: " + First(text);
        // The channel is made in the background; the forløb joins the pool when it has one.
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        // (When the instance that made it died, the other makes the channel once the creation lease has run out: then
        // the forløb joins no pool, and the final check sees whether it got its channel.)
        for (var i = 0; i < 50; i++)
        {
            await using var cmd = new NpgsqlCommand("""SELECT "Id", "ChannelId" FROM cases WHERE "CaseNumber" = @n""", db);
            cmd.Parameters.AddWithValue("n", number);
            await using var r = await cmd.ExecuteReaderAsync();
            if (await r.ReadAsync() && !r.IsDBNull(1))
            {
                var forloeb = (r.GetInt64(0), r.GetString(1));
                lock (_forloeb) _forloeb.Add(forloeb);
                _toOffer.Enqueue(forloeb);
                return null;
            }
            await r.DisposeAsync();
            await Task.Delay(100);
        }
        return null;
    }

    /// <summary>Sofie offers the whole forløb to Aalborg Kommune; at once four of them press "Accepter".</summary>
    private async Task OfferAndAcceptAsync()
    {
        var sw = Stopwatch.StartNew();
        (long Id, string Channel) forloeb;
        while (!_toOffer.TryDequeue(out forloeb))
        {
            if (sw.Elapsed > ReplyTimeout)
            {
                // The share stays fixed: a baton that has no forløb to go with is counted, never turned into another request.
                Record("stafet", "skipped: no new forløb with a channel within 15 s (the creates have not kept up)", sw);
                return;
            }
            await Task.Delay(50);
        }
        sw.Restart();
        string? problem;
        try
        {
            var (form, formProblem) = await AskAsync(forloeb.Channel, "stafet til kommunen");
            if (form is null)
            {
                Record("stafet", formProblem, sw);
                return;
            }
            var data = Teams.Submit(form, "handover.offer", new Dictionary<string, string> { ["message"] = "Udskrives fredag. Har brug for bostøtte fra første dag." });
            var (status, body) = await InvokeAsync(Person.Sofie, forloeb.Channel, "handover.offer", data);
            problem = status != HttpStatusCode.OK ? $"HTTP {(int)status}" : Teams.Text(body).Contains("Stafetten er givet") ? null : "offer refused: " + First(Teams.Text(body));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { problem = "request failed: " + e.Message; }
        Record("stafet", problem, sw);
        if (problem is not null) return;
        Interlocked.Increment(ref Offers);

        var (handover, version) = await HandoverOfAsync(forloeb.Id);
        var accepts = Person.Aalborg.Select(async p =>
        {
            var t = Stopwatch.StartNew();
            try
            {
                var (status, body) = await InvokeAsync(p, forloeb.Channel, "handover.accept", new Dictionary<string, string> { ["h"] = handover, ["v"] = version.ToString() });
                var text = Teams.Text(body);
                var won = text.Contains("Du har accepteret stafetten");
                if (won) Interlocked.Increment(ref Winners);
                Record("accept", status != HttpStatusCode.OK ? $"HTTP {(int)status}" : won || text.Contains("Allerede accepteret af") ? null : "accept answered: " + First(text), t);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { Record("accept", "request failed: " + e.Message, t); }
        });
        await Task.WhenAll(accepts);
        Interlocked.Increment(ref Accepted);
    }

    private async Task<(string PublicId, int Version)> HandoverOfAsync(long caseId)
    {
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand("""SELECT "PublicId", "Version" FROM handovers WHERE "CaseId" = @c ORDER BY "Id" DESC LIMIT 1""", db);
        cmd.Parameters.AddWithValue("c", caseId);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetString(0), r.GetInt32(1));
    }

    /// <summary>"Lav KIP" on the KIP form of a forløb: the template filled, version stored, its card on the way to the channel.</summary>
    private async Task<string?> DocumentAsync()
    {
        // Round-robin over the prepared forløb: one person at a time works on a forløb's KIP (two at once are told to try again).
        string channel;
        lock (_forloeb) channel = _forloeb[(int)(Interlocked.Increment(ref _documents) % Math.Min(Prepared, _forloeb.Count))].Channel;
        var (form, problem) = await AskAsync(channel, "ny KIP");
        if (form is null) return problem;
        var (status, body) = await InvokeAsync(Person.Sofie, channel, "document.create", Teams.Submit(form, "document.create", Fill(form)));
        if (status != HttpStatusCode.OK) return $"HTTP {(int)status}";
        var text = Teams.Text(body);
        return text.Contains("version", StringComparison.OrdinalIgnoreCase) ? null : "KIP refused: " + First(text);
    }

    private static string First(string text) => text.Split('\n').FirstOrDefault(l => l.Length > 0) is { } l ? (l.Length > 160 ? l[..160] : l) : "(empty)";

    /// <summary>True when, within the time, no outbox message is waiting any more (sent or given up) and every forløb has its channel.</summary>
    public async Task<bool> WaitForOutboxAsync(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        while (DateTime.UtcNow < until)
        {
            await using var cmd = new NpgsqlCommand("""
                SELECT (SELECT count(*) FROM outbox WHERE "SentAt" IS NULL AND "FailedAt" IS NULL) + (SELECT count(*) FROM cases WHERE "ChannelId" IS NULL)
                """, db);
            if ((long)(await cmd.ExecuteScalarAsync())! == 0) return true;
            await Task.Delay(1000);
        }
        return false;
    }

    /// <summary>The invariants, read from the database: one baton holder, no double acceptance, every message sent once.</summary>
    public async Task<Report> CheckAsync()
    {
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        async Task<long> Count(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, db);
            return (long)(await cmd.ExecuteScalarAsync())!;
        }
        return new Report
        {
            Forloeb = await Count("SELECT count(*) FROM cases"),
            WithoutChannel = await Count("""SELECT count(*) FROM cases WHERE "ChannelId" IS NULL"""),
            Handovers = await Count("SELECT count(*) FROM handovers"),
            AcceptedTwice = await Count("""SELECT count(*) FROM (SELECT "HandoverId" FROM handover_transitions WHERE "Event" = 'accept' GROUP BY "HandoverId" HAVING count(*) > 1) x"""),
            AuditAcceptedTwice = await Count("""SELECT count(*) FROM (SELECT "CaseId" FROM audit_log WHERE "Action" = 'handover.accept' GROUP BY "CaseId" HAVING count(*) > 1) x"""),
            // The mix gives each forløb's baton once: two accepted handovers of the whole forløb would be two holders.
            TwoHolders = await Count("""SELECT count(*) FROM (SELECT "CaseId" FROM handovers WHERE "State" IN ('Accepteret', 'LandetTrygt') AND "Subject" = 'WholeCase' GROUP BY "CaseId" HAVING count(*) > 1) x"""),
            AcceptedWithoutReceiver = await Count("""SELECT count(*) FROM handovers WHERE "State" = 'Accepteret' AND "ReceiverUserId" IS NULL"""),
            OutboxRows = await Count("SELECT count(*) FROM outbox"),
            OutboxSent = await Count("""SELECT count(*) FROM outbox WHERE "SentAt" IS NOT NULL"""),
            OutboxFailed = await Count("""SELECT count(*) FROM outbox WHERE "FailedAt" IS NOT NULL"""),
            OutboxPending = await Count("""SELECT count(*) FROM outbox WHERE "SentAt" IS NULL AND "FailedAt" IS NULL"""),
            Documents = await Count("SELECT count(*) FROM stored_files"),
            Waiting = await WaitingAsync(),
        };

        async Task<List<string>> WaitingAsync()
        {
            await using var cmd = new NpgsqlCommand("""
                SELECT "Kind", coalesce(left("LastError", 200), '(not tried yet)'), "LockedBy" IS NOT NULL AND "LockedUntil" > now(), count(*)
                FROM outbox WHERE "SentAt" IS NULL AND "FailedAt" IS NULL GROUP BY 1, 2, 3 ORDER BY 4 DESC LIMIT 10
                """, db);
            await using var r = await cmd.ExecuteReaderAsync();
            var waiting = new List<string>();
            while (await r.ReadAsync()) waiting.Add($"{r.GetInt64(3)}× {r.GetString(0)}{(r.GetBoolean(2) ? " (leased)" : "")}: {r.GetString(1)}");
            return waiting;
        }
    }
}
