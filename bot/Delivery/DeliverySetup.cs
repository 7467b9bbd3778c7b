using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Delivery;

public static class DeliverySetup
{
    /// <summary>
    /// The durable outbox and its dispatcher, the direct replies of turns that changed nothing. Call after
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
        services.AddScoped<Outbox>();
        // SQLite: this process is the database's only writer, so it knows which conversations have no unsent rows.
        services.AddSingleton(new ClearConversations(onlyWriter: !StorageSetup.IsPostgres(config)));
        services.AddHostedService<OutboxDispatcher>();
        return services;
    }
}
