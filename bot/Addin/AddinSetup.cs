using TeamsCoordinator.BotFramework;

namespace TeamsCoordinator.Addin;

public static class AddinSetup
{
    /// <summary>
    /// Addin:* (see <see cref="AddinOptions"/>): the Word add-in's API and its sign-in. Without Addin:ClientId the
    /// development token exists only when the bot runs in anonymous development mode (loopback, no bot app id).
    /// </summary>
    public static IServiceCollection AddAddin(this IServiceCollection services, IConfiguration config)
    {
        var section = config.GetSection("Addin");
        services.Configure<AddinOptions>(section);
        var options = section.Get<AddinOptions>() ?? new AddinOptions();
        var bot = config.GetSection("Bot").Get<BotOptions>() ?? new BotOptions();
        services.AddAddinAuthentication(config, options, development: bot.AllowAnonymous && !bot.HasAppId);
        services.AddSingleton<AddinConfig>();
        services.AddScoped<AddinDocuments>();
        return services;
    }
}
