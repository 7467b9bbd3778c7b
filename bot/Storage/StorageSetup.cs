using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

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

/// <summary>
/// Brings the schema up to date by the checked-in migrations (Migrations/Sqlite, Migrations/Postgres) before the
/// bot takes traffic (hosted services start before Kestrel listens). Several instances may start at once against
/// one PostgreSQL database: EF Core (9+) holds a database lock while migrating (Npgsql: LOCK TABLE on the history
/// table in the migration transaction; SQLite: the __EFMigrationsLock row), so one instance applies each
/// migration and the others wait and then find nothing to do.
/// </summary>
public sealed class DatabaseMigrator(IServiceProvider services, ILogger<DatabaseMigrator> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        await MigrateAsync(db, ct);
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        log.LogInformation("Database ready ({Provider})", db.Database.ProviderName);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public static async Task MigrateAsync(CoordinatorDb db, CancellationToken ct)
    {
        if (await PredatesMigrationsAsync(db, ct))
            throw new InvalidOperationException(
                "The database has tables but no migration history: it was made before the schema moved to migrations. "
                + "Development: delete the data folder (it is recreated). Otherwise restore into an empty database.");
        await db.Database.MigrateAsync(ct);
    }

    // A database from EnsureCreated (before migrations): Migrate would fail half-way with "table already exists".
    private static async Task<bool> PredatesMigrationsAsync(CoordinatorDb db, CancellationToken ct)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        return await creator.ExistsAsync(ct)
            && !await db.GetService<IHistoryRepository>().ExistsAsync(ct)
            && await creator.HasTablesAsync(ct);
    }
}
