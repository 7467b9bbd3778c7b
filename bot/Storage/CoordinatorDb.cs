using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace TeamsCoordinator.Storage;

/// <summary>
/// The one database. Each feature configures its own entities (IEntityTypeConfiguration next to the feature);
/// the provider-specific subclasses exist only so that SQLite and PostgreSQL keep their own migrations.
/// </summary>
public abstract class CoordinatorDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    protected override void OnModelCreating(ModelBuilder model) =>
        model.ApplyConfigurationsFromAssembly(typeof(CoordinatorDb).Assembly);
}

public sealed class SqliteCoordinatorDb(DbContextOptions<SqliteCoordinatorDb> options) : CoordinatorDb(options)
{
    // SQLite has no native DateTimeOffset: store UTC ticks so that comparisons and ordering run in SQL.
    protected override void ConfigureConventions(ModelConfigurationBuilder conventions) =>
        conventions.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
}

public sealed class PostgresCoordinatorDb(DbContextOptions<PostgresCoordinatorDb> options) : CoordinatorDb(options);
