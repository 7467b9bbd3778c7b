using Microsoft.EntityFrameworkCore;

namespace TeamsCoordinator.Storage;

public static class StorageSetup
{
    /// <summary>
    /// SQLite in the app's data folder by default (created on first run); PostgreSQL when
    /// Storage:Provider is "Postgres" and ConnectionStrings:Coordinator names the server.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        var protector = FieldProtector.FromConfiguration(config, env);
        services.AddSingleton(protector);
        services.AddSingleton(sp => new SignedLinks(protector.DeriveKey("signed-links"), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<PublicBaseUrl>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxPulseInterceptor>();
        services.AddScoped<Outbox>();
        var provider = config["Storage:Provider"] ?? "Sqlite";
        var connection = config.GetConnectionString("Coordinator");
        if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connection)) throw new InvalidOperationException("Storage:Provider=Postgres needs ConnectionStrings:Coordinator.");
            services.AddDbContext<PostgresCoordinatorDb>((sp, o) => o.UseNpgsql(connection).AddInterceptors(sp.GetRequiredService<OutboxPulseInterceptor>()));
            services.AddScoped<CoordinatorDb>(sp => sp.GetRequiredService<PostgresCoordinatorDb>());
        }
        else
        {
            if (string.IsNullOrWhiteSpace(connection))
            {
                var folder = DataFolder(config, env);
                connection = $"Data Source={Path.Combine(folder, "teamscoordinator.db")}";
            }
            services.AddSingleton(new SqliteConnectionSetup(config.GetValue("Storage:SqliteSynchronous", SqliteSynchronous.Normal)));
            services.AddDbContext<SqliteCoordinatorDb>((sp, o) => o.UseSqlite(connection).AddInterceptors(
                sp.GetRequiredService<SqliteConnectionSetup>(), sp.GetRequiredService<OutboxPulseInterceptor>()));
            services.AddScoped<CoordinatorDb>(sp => sp.GetRequiredService<SqliteCoordinatorDb>());
        }
        services.AddHostedService<DatabaseMigrator>();
        services.AddHostedService<OutboxDispatcher>();
        return services;
    }

    public static string DataFolder(IConfiguration config, IHostEnvironment env)
    {
        var folder = config["Storage:DataFolder"] is { Length: > 0 } f ? f : Path.Combine(env.ContentRootPath, "data");
        Directory.CreateDirectory(folder);
        return folder;
    }
}

/// <summary>Brings the schema up to date before the bot takes traffic (hosted services start before Kestrel listens).</summary>
public sealed class DatabaseMigrator(IServiceProvider services, ILogger<DatabaseMigrator> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        if (db.Database.GetMigrations().Any()) await db.Database.MigrateAsync(ct);
        else await db.Database.EnsureCreatedAsync(ct);
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        log.LogInformation("Database ready ({Provider})", db.Database.ProviderName);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
