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
            services.AddHostedService<EmbeddedDemoSeeder>();
        }
        else if (mode.Equals("Graph", StringComparison.OrdinalIgnoreCase)) services.AddGraphCollaborationTenants(config);
        else throw new InvalidOperationException($"Tenants:Mode '{mode}' is not supported.");
        return services;
    }
}

/// <summary>Seeds the demo organisations and people (first run only) and the configured channel pool.</summary>
public sealed class EmbeddedDemoSeeder(IServiceProvider services, IConfiguration config) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        var pool = config.GetSection("Tenants:Embedded:Channels").GetChildren()
            .Select(c => (c["TeamId"] ?? DemoTenants.PlaygroundTeamId, c["ChannelId"]!, c["Name"]))
            .Where(c => !string.IsNullOrEmpty(c.Item2));
        await DemoTenants.SeedAsync(db, pool, ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
