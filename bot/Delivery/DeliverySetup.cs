using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Delivery;

public static class DeliverySetup
{
    /// <summary>
    /// The durable outbox and its dispatcher, the direct replies of turns that changed nothing, the pacing of what the
    /// polling pass sends. Call after
    /// <see cref="StorageSetup.AddStorage"/>: the dispatcher starts after the database is migrated (hosted services start in order).
    /// </summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxHandoff>();
        services.AddSingleton<OutboxHandoffInterceptor>();
        services.AddSingleton<WriteCounter>();
        services.AddSingleton<OutboxSender>();
        services.AddSingleton<DirectReplies>();
        services.AddOptions<DeliveryOptions>().Bind(config.GetSection("Delivery"));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<DeliveryPacer>(sp, TimeProvider.System));
        services.AddTransient<PacingHandler>();
        // Appended after RetryAfterHandler (AddBotFramework), so it sits inside it and sees every attempt.
        services.AddHttpClient<ConnectorClient>().AddHttpMessageHandler<PacingHandler>();
        services.AddScoped<Outbox>();
        // SQLite: this process is the database's only writer, so it knows which conversations have no unsent rows.
        services.AddSingleton(new ClearConversations(onlyWriter: !StorageSetup.IsPostgres(config)));
        services.AddHostedService<OutboxDispatcher>();
        return services;
    }
}
