using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Operations;

/// <summary>Section "Operations:Readiness".</summary>
public sealed class ReadinessOptions
{
    /// <summary>An unsent outbox message older than this means delivery is stuck (Teams down, throttled, a bug).</summary>
    public TimeSpan OutboxMaxAge { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// /healthz answers while the process runs (liveness: restart me if not). /readyz says whether this instance can
/// do its work (the load balancer sends traffic only to ready instances): the database is reachable with every
/// migration applied, the outbox is being delivered, and the Bot Connector's signing keys are fresh. Each failing
/// check is named in the answer; none of them carries personal data.
/// </summary>
public static class Readiness
{
    public const string Tag = "ready";

    public static IServiceCollection AddReadiness(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<ReadinessOptions>().Bind(config.GetSection("Operations:Readiness"));
        services.AddHealthChecks()
            .AddCheck<DatabaseReady>("database", tags: [Tag])
            .AddCheck<OutboxDelivering>("outbox", tags: [Tag])
            .AddCheck<SigningKeysFresh>("openid-metadata", tags: [Tag]);
        return services;
    }

    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Tag), ResponseWriter = WriteAsync });
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(http.Response.Body, new
        {
            status = report.Status.ToString(),
            failing = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key).ToArray(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, cancellationToken: http.RequestAborted);
    }
}

internal sealed class DatabaseReady(CoordinatorDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(ct)) return HealthCheckResult.Unhealthy("the database cannot be reached");
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
            return pending == 0
                ? HealthCheckResult.Healthy($"{db.Database.ProviderName}, migrations applied")
                : HealthCheckResult.Unhealthy($"{pending} migration(s) not applied yet");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"the database cannot be reached ({e.GetType().Name})");
        }
    }
}

internal sealed class OutboxDelivering(CoordinatorDb db, TimeProvider time, IOptions<ReadinessOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var oldest = await OutboxGauges.OldestUnsentAsync(db, ct);
            if (oldest is null) return HealthCheckResult.Healthy("nothing waiting");
            var age = time.GetUtcNow() - oldest.Value;
            var limit = options.Value.OutboxMaxAge;
            return age <= limit
                ? HealthCheckResult.Healthy($"oldest unsent message {age.TotalSeconds:0} s old")
                : HealthCheckResult.Unhealthy($"oldest unsent message {age.TotalSeconds:0} s old (limit {limit.TotalSeconds:0} s)");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"the outbox cannot be read ({e.GetType().Name})");
        }
    }
}

internal sealed class SigningKeysFresh(OpenIdMetadataCache metadata, IOptions<BotOptions> options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var bot = options.Value;
        if (!bot.HasAppId) return HealthCheckResult.Healthy("development mode: no tokens to validate");
        try
        {
            // Fetches the keys if this instance has none yet or they are old; an instance that cannot reach the
            // identity provider cannot authenticate Teams, so it should not take traffic.
            await metadata.GetAsync(bot.BotFrameworkOpenIdMetadataUrl, keyId: null, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"Bot Connector signing keys cannot be fetched ({e.GetType().Name})");
        }
        var fetched = metadata.FetchedAt(bot.BotFrameworkOpenIdMetadataUrl);
        return fetched is { } at && time.GetUtcNow() - at <= OpenIdMetadataCache.MaxAge
            ? HealthCheckResult.Healthy($"signing keys fetched {(time.GetUtcNow() - at).TotalMinutes:0} min ago")
            : HealthCheckResult.Unhealthy("Bot Connector signing keys are older than their maximum age (refresh failing)");
    }
}
