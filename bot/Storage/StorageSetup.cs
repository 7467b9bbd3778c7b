using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using TeamsCoordinator.Delivery;

namespace TeamsCoordinator.Storage;

public static class StorageSetup
{
    /// <summary>
    /// SQLite in the app's data folder by default (created on first run); PostgreSQL when
    /// Storage:Provider is "Postgres" and ConnectionStrings:Coordinator names the server.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        var protector = ProtectionKeys.FromConfiguration(config, env);
        services.AddSingleton(protector);
        services.AddSingleton(sp => new SignedLinks(protector.DeriveKey("signed-links"), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<PublicBaseUrl>();
        var postgres = IsPostgres(config);
        var connection = config.GetConnectionString("Coordinator");
        if (postgres)
        {
            if (string.IsNullOrWhiteSpace(connection)) throw new InvalidOperationException("Storage:Provider=Postgres needs ConnectionStrings:Coordinator.");
            connection = WithPostgresDefaults(connection);
            services.AddDbContextPool<PostgresCoordinatorDb>((sp, o) => o.UseNpgsql(connection).AddInterceptors(
                sp.GetRequiredService<OutboxHandoffInterceptor>(), FieldProtection.Instance, sp.GetRequiredService<WriteCounter>()).WithProtectedFields());
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
            services.AddDbContextPool<SqliteCoordinatorDb>((sp, o) => o.UseSqlite(connection).AddInterceptors(
                sp.GetRequiredService<SqliteConnectionSetup>(), sp.GetRequiredService<OutboxHandoffInterceptor>(), FieldProtection.Instance,
                sp.GetRequiredService<WriteCounter>()).WithProtectedFields());
            services.AddScoped<CoordinatorDb>(sp => sp.GetRequiredService<SqliteCoordinatorDb>());
        }
        services.AddHostedService<DatabaseMigrator>();
        return services;
    }

    /// <summary>
    /// Statements prepared automatically once they are used twice on a connection (Npgsql's auto-prepare): the few
    /// queries every turn repeats are then parsed and planned once per pooled connection instead of on every
    /// execution, PostgreSQL's CPU per `status` in bench/load fell from 5.7 to 3.4 ms. Only when the connection string
    /// does not set it itself ("Max Auto Prepare=0" turns it off). EF Core names every column it reads, so a
    /// migration that adds a column does not invalidate another instance's prepared statements.
    /// <para>
    /// A pooled connection is not reset when it goes back to the pool (No Reset On Close): EF Core opens and closes
    /// the connection around every query, and each return sent seven reset statements (RESET ALL, DISCARD SEQUENCES,
    /// …): 147 of a KIP's 178 statements in bench/load. The bot sets no session state on pooled connections (no SET,
    /// LISTEN, temporary tables or session locks; the migration's advisory lock has an unpooled connection of its
    /// own), and Npgsql still rolls back a transaction left open. Again only when the connection string is silent.
    /// </para>
    /// </summary>
    internal static string WithPostgresDefaults(string connection)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connection };
        bool Given(params string[] names) => names.Any(given.ContainsKey);
        var b = new NpgsqlConnectionStringBuilder(connection);
        if (!Given("Max Auto Prepare", "MaxAutoPrepare")) (b.MaxAutoPrepare, b.AutoPrepareMinUsages) = (64, 2);
        if (!Given("No Reset On Close", "NoResetOnClose")) b.NoResetOnClose = true;
        return b.ConnectionString;
    }

    public static bool IsPostgres(IConfiguration config) =>
        (config["Storage:Provider"] ?? "Sqlite").Equals("Postgres", StringComparison.OrdinalIgnoreCase);

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
/// one PostgreSQL database. EF Core's own migration lock is not enough there: Npgsql takes it per migration
/// transaction, and with two pending migrations a second instance applied the later one again ("column already
/// exists", seen in MigrationTests). So on PostgreSQL the whole migration runs under a session-level advisory lock:
/// one instance migrates, the others wait for it and then find nothing to do. SQLite has one writer per file and
/// EF Core's __EFMigrationsLock row.
/// </summary>
public sealed class DatabaseMigrator(IServiceProvider services, ILogger<DatabaseMigrator> log) : IHostedService
{
    /// <summary>The advisory lock key for "TeamsCoordinator migrates this database" (any fixed bigint, unique to this app).</summary>
    public const long PostgresMigrationLockKey = 0x5443_4D49_4752; // "TCMIGR"

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
        if (!db.Database.IsNpgsql())
        {
            await MigrateUnlockedAsync(db, ct);
            return;
        }
        await CreatePostgresDatabaseIfMissingAsync(db, ct);
        // A connection of its own: the lock belongs to its session, held across EF Core's transactions, and released
        // by the server if this process dies.
        // Unpooled: a session lock must never go back to the pool, whose connections are not reset (WithPostgresDefaults).
        await using var session = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ConnectionString);
        await session.OpenAsync(ct);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", session))
        {
            take.Parameters.AddWithValue("key", PostgresMigrationLockKey);
            await take.ExecuteNonQueryAsync(ct);
        }
        try { await MigrateUnlockedAsync(db, ct); }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", session);
            release.Parameters.AddWithValue("key", PostgresMigrationLockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static async Task MigrateUnlockedAsync(CoordinatorDb db, CancellationToken ct)
    {
        if (await PredatesMigrationsAsync(db, ct))
            throw new InvalidOperationException(
                "The database has tables but no migration history: it was made before the schema moved to migrations. "
                + "Development: delete the data folder (it is recreated). Otherwise restore into an empty database.");
        await db.Database.MigrateAsync(ct);
        await ProtectedData.UpgradeIfRequestedAsync(db, ct);
    }

    /// <summary>The advisory lock lives in the database, so the database must exist first (production provisions it).</summary>
    private static async Task CreatePostgresDatabaseIfMissingAsync(CoordinatorDb db, CancellationToken ct)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(ct)) return;
        try { await creator.CreateAsync(ct); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase) { /* another instance made it first */ }
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
