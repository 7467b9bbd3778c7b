using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TeamsCoordinator.Tenants.Graph;

public static class GraphTenantsSetup
{
    /// <summary>
    /// Tenants:Mode=Graph: Tenants:Graph (the multi-tenant app) and Tenants:Organisations (who takes part, in which
    /// tenant, in which mode). Configuration problems stop the bot at start-up with a message saying what is missing.
    /// </summary>
    public static IServiceCollection AddGraphCollaborationTenants(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<GraphTenantsOptions>().Bind(config.GetSection(GraphTenantsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GraphTenantsOptions>>(new ExplainingValidator());
        services.AddSingleton(_ =>
        {
            var organisations = config.GetSection("Tenants:Organisations").Get<List<OrganisationOptions>>() ?? [];
            var problems = OrganisationOptions.Problems(organisations).ToList();
            if (problems.Count > 0) throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
            return new GraphOrganisations(organisations);
        });
        services.AddSingleton(sp => new GraphClients(sp.GetRequiredService<IOptions<GraphTenantsOptions>>().Value));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ICollaborationTenants, GraphCollaborationTenants>();
        services.AddSingleton<IChannelFiles, GraphChannelFiles>();
        services.AddSingleton<IMeetingCalendars, GraphMeetingCalendars>();
        services.AddSingleton<IPersonalApp, GraphPersonalApp>();
        services.AddHostedService<GraphOrganisationsCheck>();
        return services;
    }

    private sealed class ExplainingValidator : IValidateOptions<GraphTenantsOptions>
    {
        public ValidateOptionsResult Validate(string? name, GraphTenantsOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }

    /// <summary>Resolving the organisations at start-up makes a broken Tenants:Organisations stop the bot before the first turn.</summary>
    private sealed class GraphOrganisationsCheck(GraphOrganisations organisations) : IHostedService
    {
        public Task StartAsync(CancellationToken ct) => organisations.All.Count > 0 ? Task.CompletedTask : throw new InvalidOperationException("No organisations.");
        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
