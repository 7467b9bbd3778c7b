namespace TeamsCoordinator.Digest;

public static class DigestSetup
{
    /// <summary>The morning overview; Digest:RunScheduler=false leaves the mornings to another instance (or a test).</summary>
    public static IServiceCollection AddDigest(this IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<DigestQuery>();
        services.AddSingleton<DigestFollowUp>();
        services.AddSingleton<DigestRun>();
        if (config.GetValue("Digest:RunScheduler", true)) services.AddHostedService<DigestScheduler>();
        return services;
    }
}
