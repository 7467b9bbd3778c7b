using TeamsCoordinator.Cases;

namespace TeamsCoordinator.Tasks;

public static class TasksSetup
{
    public static IServiceCollection AddTasks(this IServiceCollection services)
    {
        services.AddScoped<TaskQuery>();
        services.AddScoped<ReferatTasks>();
        services.AddScoped<TaskViews>();
        services.AddScoped<TaskWorkflow>();
        services.AddScoped<TaskHandovers>();
        services.AddScoped<IMemberRemovalGuard, TaskRemovalGuard>();
        return services;
    }
}
