using System.Diagnostics;
using Activity = System.Diagnostics.Activity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Tests.Cases;
using TeamsCoordinator.Tests.Documents;
using TeamsCoordinator.Tests.Handovers;
using TeamsCoordinator.Tests.Infrastructure;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Operations;

/// <summary>
/// Every span, span event, metric point and log record the bot exports over a whole run (a forløb created with
/// the citizen's identity, status in the channel and in personal chat, KIP and kriseplan filled, a baton offered
/// and accepted) carries no name, CPR number or address of a citizen: forløb public ids at most.
/// </summary>
public sealed class TelemetryPrivacyTests
{
    private static readonly string[] Secrets =
    [
        "Anders Borgersen", "Borgersen", "010190-1234", "0101901234",            // the seeded forløb's citizen
        "Karoline Østergaard Møller", "Karoline", "Østergaard", "240577-2346", "2405772346", // the forløb created in the run
        "Boulevarden", "61 72 83 94",
    ];

    [Fact]
    public async Task NothingExportedOverAWholeRunNamesTheCitizen()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        var logs = new List<LogRecord>();
        await using var s = await DocumentScenario.StartAsync(
            settings: new() { ["Telemetry:Enabled"] = "true" },
            services: services =>
            {
                services.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans)).WithMetrics(m => m.AddInMemoryExporter(metrics));
                services.AddLogging(l => l.AddOpenTelemetry(o => o.AddInMemoryExporter(logs)));
            });

        // A new forløb through the form, the citizen's identity typed into it.
        var formId = await CaseScenario.AskForNewCaseFormAsync(s.Bot, DemoPeople.Mette);
        var form = CaseScenario.Form(formId, initials: "KØ", caseNumber: "F-2026-0077", citizenName: "Karoline Østergaard Møller", cpr: "240577-2346");
        form["citizenAddress"] = "Boulevarden 41, 3. tv., 9000 Aalborg";
        form["citizenPhone"] = "61 72 83 94";
        Assert.Contains("er oprettet", await CaseScenario.SubmitAsync(s.Bot, DemoPeople.Mette, "case.create", form));

        await s.SayAsync(Lars, "status");
        await s.Bot.PostActivityAsync(TeamsActivities.PersonalMessage("status", Sofie.Account, conversationId: "a:personal-sofie"));
        await s.MakeAsync(Sofie, DocumentKind.Kip);
        await s.MakeAsync(Sofie, DocumentKind.Kriseplan);
        var handover = await s.OfferAsync(Sofie, "Aalborg Kommune");
        await s.ClickAsync(Lars, HandoverCards.VerbAccept, On(handover));
        await s.Bot.WaitForOutboxDrainedAsync();

        // Flushed and stopped before reading: background work (the outbox's polling) would go on adding to the lists.
        s.Bot.Services.GetRequiredService<TracerProvider>().ForceFlush();
        s.Bot.Services.GetRequiredService<MeterProvider>().ForceFlush();
        s.Bot.Services.GetRequiredService<TracerProvider>().Dispose();
        s.Bot.Services.GetRequiredService<MeterProvider>().Dispose();
        s.Bot.Services.GetRequiredService<LoggerProvider>().Dispose();

        // The run was observed: turns with their operation, Connector calls, database commands, the metrics.
        Assert.Contains(spans, a => a.OperationName == "turn invoke" && (string?)a.GetTagItem(BotTelemetry.OperationTag) == "case.create");
        Assert.Contains(spans, a => a.OperationName == "turn message" && (string?)a.GetTagItem(BotTelemetry.OperationTag) == "case.status");
        Assert.Contains(spans, a => a.OperationName == "connector reply" && (int?)a.GetTagItem("http.response.status_code") is >= 200 and < 300);
        Assert.Contains(spans, a => a.GetTagItem("db.system") is not null || a.GetTagItem("db.system.name") is not null);
        Assert.Contains(metrics, m => m.Name == "coordinator.turns");
        Assert.Contains(metrics, m => m.Name == "coordinator.documents.made");
        Assert.NotEmpty(logs);

        var exported = spans.SelectMany(SpanTexts)
            .Concat(metrics.SelectMany(MetricTexts))
            .Concat(logs.SelectMany(LogTexts))
            .ToList();
        foreach (var text in exported)
            foreach (var secret in Secrets)
                Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"\"{secret}\" exported: {text}");
        // URLs keep scheme, host and path only.
        Assert.DoesNotContain(spans, a => a.GetTagItem("url.full") is string url && url.Contains('?'));
    }

    private static IEnumerable<string> SpanTexts(Activity a) =>
        new[] { a.OperationName, a.DisplayName, a.StatusDescription ?? "" }
            .Concat(a.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(a.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}").Append(e.Name)))
            .Concat(a.Baggage.Select(b => $"{b.Key}={b.Value}"));

    private static IEnumerable<string> MetricTexts(Metric m)
    {
        yield return m.Name;
        foreach (ref readonly var point in m.GetMetricPoints())
            foreach (var tag in point.Tags)
                yield return $"{m.Name} {tag.Key}={tag.Value}";
    }

    private static IEnumerable<string> LogTexts(LogRecord r) =>
        new[] { r.CategoryName ?? "", r.FormattedMessage ?? "", r.Body ?? "", r.Exception?.ToString() ?? "" }
            .Concat((r.Attributes ?? []).Select(t => $"{t.Key}={t.Value}"));
}
