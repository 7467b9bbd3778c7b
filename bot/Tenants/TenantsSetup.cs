using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants.Graph;

namespace TeamsCoordinator.Tenants;

public static class TenantsSetup
{
    /// <summary>Tenants:Mode "Embedded" (default: everything local, demo seeded) or "Graph" (Microsoft Graph per tenant).</summary>
    public static IServiceCollection AddCollaborationTenants(this IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<PeopleSearch>();
        var mode = config["Tenants:Mode"] ?? "Embedded";
        if (mode.Equals("Embedded", StringComparison.OrdinalIgnoreCase))
        {
            services.AddScoped<ICollaborationTenants, EmbeddedCollaborationTenants>();
            services.AddScoped<IMeetingCalendars, EmbeddedMeetingCalendars>();
            services.AddSingleton<IPersonalApp, EmbeddedPersonalApp>();
            services.AddSingleton<IMailDrop>(sp => config["Mail:Smtp:Host"] is { Length: > 0 }
                ? new SmtpMailDrop(config)
                : new FileMailDrop(Path.Combine(StorageSetup.DataFolder(config, sp.GetRequiredService<IHostEnvironment>()), "mail"), sp.GetRequiredService<ILogger<FileMailDrop>>()));
            services.AddHostedService<EmbeddedDemoSeeder>();
            services.AllowTenantsByDefault(_ => DemoTenants.Organisations.Select(o => o.TenantId).Append(DemoTenants.PlaygroundTenantId));
        }
        else if (mode.Equals("Graph", StringComparison.OrdinalIgnoreCase))
        {
            services.AddGraphCollaborationTenants(config);
            services.AllowTenantsByDefault(sp => sp.GetRequiredService<GraphOrganisations>().All.Select(o => o.TenantId));
        }
        else throw new InvalidOperationException($"Tenants:Mode '{mode}' is not supported.");
        return services;
    }

    /// <summary>Unless Bot:AllowedTenants says otherwise, the bot serves the tenants of the organisations taking part.</summary>
    private static void AllowTenantsByDefault(this IServiceCollection services, Func<IServiceProvider, IEnumerable<string?>> organisationTenants) =>
        services.AddOptions<BotOptions>().PostConfigure<IServiceProvider>((bot, sp) =>
        {
            if (bot.AllowedTenants.TrueForAll(string.IsNullOrWhiteSpace)) bot.AllowedTenants = [.. organisationTenants(sp).OfType<string>()];
        });
}

/// <summary>Seeds the demo organisations and people (first run only) and the configured channel pool.</summary>
public sealed class EmbeddedDemoSeeder(IServiceProvider services, IConfiguration config, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        var pool = config.GetSection("Tenants:Embedded:Channels").GetChildren()
            .Select(c => (c["TeamId"] ?? DemoTenants.PlaygroundTeamId, c["ChannelId"]!, c["Name"]))
            .Where(c => !string.IsNullOrEmpty(c.Item2));
        await DemoTenants.SeedAsync(db, pool, ct);
        await DemoCalendars.SeedAsync(db, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), WorkingHours.Copenhagen).DateTime), ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
