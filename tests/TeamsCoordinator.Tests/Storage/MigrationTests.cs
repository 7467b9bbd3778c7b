using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tests.Cases;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Storage;

/// <summary>
/// The schema comes from the checked-in migrations, one set per provider. A model change without a migration
/// (bot/Storage/add-migration.sh) fails here, not at a customer's start-up.
/// </summary>
[Collection(nameof(PostgresCollection))]
public sealed class MigrationTests(PostgresServer server) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tc-migrations-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }

    private static readonly FieldProtector Protector = new(RandomNumberGenerator.GetBytes(32));

    private SqliteCoordinatorDb Sqlite(string file = "migrations.db") =>
        new(new DbContextOptionsBuilder<SqliteCoordinatorDb>().UseSqlite($"Data Source={Path.Combine(_folder, file)}").Options, Protector);

    private PostgresCoordinatorDb Postgres(string database) =>
        new(new DbContextOptionsBuilder<PostgresCoordinatorDb>().UseNpgsql(server.ConnectionString(database)).Options, Protector);

    private static string NewDatabase() => "migrate_" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public void TheSqliteMigrationsProduceTheCurrentModel()
    {
        using var db = Sqlite();
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run bot/Storage/add-migration.sh <Name>.");
    }

    [Fact]
    public void ThePostgresMigrationsProduceTheCurrentModel()
    {
        using var db = Postgres(NewDatabase());
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run bot/Storage/add-migration.sh <Name>.");
    }

    [Fact]
    public void EachProviderKeepsItsOwnMigrationSet()
    {
        using var sqlite = Sqlite();
        using var postgres = Postgres(NewDatabase());
        Assert.Empty(sqlite.Database.GetMigrations().Intersect(postgres.Database.GetMigrations()));
    }

    [Fact]
    public async Task MigratingAnUpToDateSqliteDatabaseAgainChangesNothing()
    {
        await using (var first = Sqlite()) await DatabaseMigrator.MigrateAsync(first, default);
        await using var again = Sqlite();
        var applied = (await again.Database.GetAppliedMigrationsAsync()).ToList();
        var schema = await SqliteSchemaAsync(again);

        await DatabaseMigrator.MigrateAsync(again, default);

        Assert.Equal(again.Database.GetMigrations(), applied);
        Assert.Equal(applied, await again.Database.GetAppliedMigrationsAsync());
        Assert.Equal(schema, await SqliteSchemaAsync(again));
        Assert.Empty(await again.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task MigratingAnUpToDatePostgresDatabaseAgainChangesNothing()
    {
        var database = NewDatabase();
        await using (var first = Postgres(database)) await DatabaseMigrator.MigrateAsync(first, default);
        await using var again = Postgres(database);
        var applied = (await again.Database.GetAppliedMigrationsAsync()).ToList();

        await DatabaseMigrator.MigrateAsync(again, default);

        Assert.Equal(again.Database.GetMigrations(), applied);
        Assert.Equal(applied, await again.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await again.Database.GetPendingMigrationsAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SeveralBotInstancesStartingAtOnceOnOnePostgresDatabaseApplyEachMigrationOnce(bool databaseProvisioned)
    {
        var database = NewDatabase();
        // Production provisions the database and the instances race for its schema; a fresh server has not even that.
        if (databaseProvisioned)
            await using (var creator = Postgres(database))
                await creator.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>().CreateAsync();

        var instances = Enumerable.Range(0, 4).Select(_ => Postgres(database)).ToList();
        await Task.WhenAll(instances.Select(db => Task.Run(() => DatabaseMigrator.MigrateAsync(db, default))));

        await using var check = Postgres(database);
        var history = await check.Database.SqlQueryRaw<string>("SELECT \"MigrationId\" AS \"Value\" FROM \"__EFMigrationsHistory\"").ToListAsync();
        Assert.Equal(check.Database.GetMigrations().Order(), history.Order());
        foreach (var db in instances) await db.DisposeAsync();
    }

    [Fact]
    public async Task TheBotStartsAgainOnItsOwnExistingSqliteDatabaseWithItsData()
    {
        var settings = new Dictionary<string, string?> { ["Storage:DataFolder"] = _folder, ["Protection:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
        long caseId;
        using (var first = new BotApplicationFactory { Settings = settings })
            caseId = (await CaseScenario.CreateAsync(first)).Id;
        SqliteConnection.ClearAllPools();

        using var second = new BotApplicationFactory { Settings = settings };
        var exists = await second.WithDbAsync(db => db.Set<TeamsCoordinator.Cases.CitizenCase>().AnyAsync(c => c.Id == caseId));
        Assert.True(exists);
    }

    [Fact]
    public async Task ADatabaseMadeBeforeMigrationsIsRefusedWithAClearMessageInsteadOfHalfMigrated()
    {
        await using (var legacy = Sqlite("legacy.db")) await legacy.Database.EnsureCreatedAsync();
        await using var db = Sqlite("legacy.db");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => DatabaseMigrator.MigrateAsync(db, default));

        Assert.Contains("no migration history", e.Message);
        Assert.False(await db.GetService<IHistoryRepository>().ExistsAsync());
    }

    private static async Task<List<string>> SqliteSchemaAsync(DbContext db) =>
        await db.Database.SqlQueryRaw<string>("SELECT sql AS \"Value\" FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name").ToListAsync();
}
