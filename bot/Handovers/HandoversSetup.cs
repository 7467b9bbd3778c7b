using TeamsCoordinator.Cases;

namespace TeamsCoordinator.Handovers;

public static class HandoversSetup
{
    public static IServiceCollection AddHandovers(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<HandoverOptions>().Bind(config.GetSection("Handovers"));
        services.AddScoped<BatonQuery>();
        services.AddScoped<IStatusSection, BatonStatusSection>();
        services.AddScoped<IMemberRemovalGuard, BatonRemovalGuard>();
        services.AddScoped<BatonCards>();
        services.AddScoped<HandoverDocuments>();
        services.AddScoped<HandoverViews>();
        services.AddScoped<HandoverNotifications>();
        services.AddScoped<HandoverForms>();
        services.AddScoped<HandoverWorkflow>();
        services.AddHostedService<HandoverDeadlineWorker>();
        return services;
    }
}
