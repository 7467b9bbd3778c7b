namespace TeamsCoordinator.Drafting;

public static class DraftingSetup
{
    /// <summary>The "Ai" section (<see cref="DraftingOptions"/>): off by default, checked at start-up when on.</summary>
    public static IServiceCollection AddDrafting(this IServiceCollection services, IConfiguration config)
    {
        var options = config.GetSection("Ai").Get<DraftingOptions>() ?? new DraftingOptions();
        // "Ai:Organisations" may also be one comma-separated value (an environment variable).
        if (config["Ai:Organisations"] is { Length: > 0 } list) options.Organisations.AddRange(list.Split(',', ';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton<DraftModel>();
        services.AddScoped<DraftWork>();
        return services;
    }
}
