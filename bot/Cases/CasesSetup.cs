namespace TeamsCoordinator.Cases;

public static class CasesSetup
{
    public static IServiceCollection AddCases(this IServiceCollection services)
    {
        services.AddScoped<CaseAccess>();
        services.AddScoped<AuditLog>();
        services.AddScoped<CitizenPrivacy>();
        services.AddScoped<ConsentPolicy>();
        services.AddScoped<CaseChannels>();
        services.AddScoped<CaseStatusCard>();
        services.AddScoped<MemberRemovalRules>();
        services.AddHostedService<CaseChannelRetryWorker>();
        return services;
    }
}
