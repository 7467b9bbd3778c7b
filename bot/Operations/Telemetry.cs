using System.Diagnostics.Metrics;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Operations;

/// <summary>
/// OpenTelemetry for the bot: traces of turns (BotTelemetry), Connector and Graph calls (HTTP client spans, one per
/// attempt, so throttling and retries show), database commands (EF Core, without statement text), and the metrics
/// of <see cref="AppMetrics"/>. Exported with OTLP when the standard OTEL_EXPORTER_OTLP_ENDPOINT is set, to Azure
/// Monitor when APPLICATIONINSIGHTS_CONNECTION_STRING is, or wherever a test attaches an exporter
/// (Telemetry:Enabled). Nothing is registered otherwise, so an unobserved bot pays nothing.
/// Privacy: spans carry forløb public ids at most; URL query strings and path segments that may name a person
/// (Graph's /users/{upn}) are removed; no message text, card data, SQL text or exception messages.
/// </summary>
public static class Telemetry
{
    internal const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static bool IsEnabled(IConfiguration config) =>
        !string.IsNullOrWhiteSpace(config["OTEL_EXPORTER_OTLP_ENDPOINT"]) ||
        !string.IsNullOrWhiteSpace(config["APPLICATIONINSIGHTS_CONNECTION_STRING"]) ||
        config.GetValue<bool>("Telemetry:Enabled");

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        if (!IsEnabled(config))
        {
            // ASP.NET Core's hosting starts an Activity and a log scope for every request while its logger is enabled
            // at any level; its own lines are request started/finished (Information), below what the bot logs. Off
            // unless the configuration names the category (an operator who wants those lines sets it to Information).
            if (config[$"Logging:LogLevel:{HostingDiagnostics}"] is null) builder.Logging.AddFilter(HostingDiagnostics, LogLevel.None);
            return builder;
        }

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(config["OTEL_SERVICE_NAME"] ?? "teamscoordinator-bot"))
            .WithTracing(t => t
                .AddSource(BotTelemetry.Name, AppMetrics.Name)
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = http => http.Request.Path != "/healthz" && http.Request.Path != "/readyz";
                    o.RecordException = false;
                    o.EnrichWithHttpRequest = (span, request) => span.SetTag("url.path", TelemetryRedaction.Path(request.Path));
                })
                .AddHttpClientInstrumentation(o =>
                {
                    o.RecordException = false;
                    o.EnrichWithHttpRequestMessage = (span, request) =>
                    {
                        if (request.RequestUri is { } uri) span.SetTag("url.full", TelemetryRedaction.Url(uri));
                    };
                })
                .AddEntityFrameworkCoreInstrumentation())
            .WithMetrics(m => m
                .AddMeter(BotTelemetry.Name, AppMetrics.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeScopes = false;
            o.IncludeFormattedMessage = true;
        });
        if (!string.IsNullOrWhiteSpace(config["OTEL_EXPORTER_OTLP_ENDPOINT"])) otel.UseOtlpExporter();
        if (config["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 } appInsights)
        {
            otel.WithTracing(t => t.AddAzureMonitorTraceExporter(o => o.ConnectionString = appInsights))
                .WithMetrics(m => m.AddAzureMonitorMetricExporter(o => o.ConnectionString = appInsights));
            builder.Logging.AddOpenTelemetry(o => o.AddAzureMonitorLogExporter(e => e.ConnectionString = appInsights));
        }
        builder.Services.AddSingleton<OutboxGauges>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxGauges>());
        return builder;
    }
}

/// <summary>What URLs may show in telemetry: scheme, host and path, without query and without segments that name a person.</summary>
public static class TelemetryRedaction
{
    public static string Url(Uri uri) => $"{uri.Scheme}://{uri.Authority}{Path(uri.AbsolutePath)}";

    /// <summary>Segments with '@' (user principal names, e-mail addresses; also Teams' thread ids) become {id}.</summary>
    public static string Path(string path)
    {
        if (!path.Contains('@') && !path.Contains("%40", StringComparison.OrdinalIgnoreCase)) return path;
        return string.Join('/', path.Split('/').Select(s => s.Contains('@') || s.Contains("%40", StringComparison.OrdinalIgnoreCase) ? "{id}" : s));
    }
}

/// <summary>The application's own metrics beside the protocol layer's (BotTelemetry).</summary>
public static class AppMetrics
{
    public const string Name = "TeamsCoordinator";
    internal static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Documents = Meter.CreateCounter<long>("coordinator.documents.made", "{document}", "Word documents filled and stored, by kind");
    private static readonly Counter<long> Digests = Meter.CreateCounter<long>("coordinator.digests.sent", "{digest}", "Morning digests handed to the outbox, by route (personal chat, new chat, installed app)");

    public static void DocumentMade(string kind)
    {
        if (Documents.Enabled) Documents.Add(1, new KeyValuePair<string, object?>("kind", kind));
    }

    /// <summary>One digest card committed to the outbox with its claim; <paramref name="route"/> says how it goes (never who to).</summary>
    public static void DigestSent(string route)
    {
        if (Digests.Enabled) Digests.Add(1, new KeyValuePair<string, object?>("route", route));
    }
}

/// <summary>
/// Outbox depth and the age of its oldest unsent message, sampled from the database every 15 s (shared by all
/// instances, so every instance reports the same figure: take the max, not the sum, in a dashboard).
/// </summary>
public sealed class OutboxGauges : BackgroundService
{
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxGauges> _log;
    private long _depth;
    private double _oldestSeconds;

    public OutboxGauges(IServiceScopeFactory scopes, TimeProvider time, ILogger<OutboxGauges> log)
    {
        _scopes = scopes;
        _time = time;
        _log = log;
        AppMetrics.Meter.CreateObservableGauge("coordinator.outbox.depth", () => Volatile.Read(ref _depth), "{message}", "Unsent outbox messages");
        AppMetrics.Meter.CreateObservableGauge("coordinator.outbox.oldest_age", () => Volatile.Read(ref _oldestSeconds), "s", "Age of the oldest unsent outbox message");
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15), _time);
        do
        {
            try { await SampleAsync(ct); }
            catch (Exception e) when (e is not OperationCanceledException) { _log.LogWarning(e, "Outbox gauges not sampled"); }
        } while (await timer.WaitForNextTickAsync(ct));
    }

    /// <summary>When the oldest message still to be sent was stored (readiness and the age gauge both ask).</summary>
    internal static IQueryable<OutboxMessage> Unsent(CoordinatorDb db) =>
        db.Outbox.AsNoTracking().Where(m => m.SentAt == null && m.FailedAt == null);

    internal static Task<DateTimeOffset?> OldestUnsentAsync(CoordinatorDb db, CancellationToken ct) =>
        Unsent(db).OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(ct);

    internal async Task SampleAsync(CancellationToken ct)
    {
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        var depth = await Unsent(db).LongCountAsync(ct);
        var oldest = await OldestUnsentAsync(db, ct);
        Volatile.Write(ref _depth, depth);
        Volatile.Write(ref _oldestSeconds, oldest is null ? 0 : Math.Max(0, (_time.GetUtcNow() - oldest.Value).TotalSeconds));
    }
}
