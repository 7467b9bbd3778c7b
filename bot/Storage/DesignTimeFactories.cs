using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace TeamsCoordinator.Storage;

// dotnet-ef builds the model through these, not through Program (whose start-up guard and provider switch would
// pick one provider). The throwaway key never touches data: migrations see column types, not values.
// See add-migration.sh.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCoordinatorDb>
{
    public SqliteCoordinatorDb CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<SqliteCoordinatorDb>().UseSqlite("Data Source=design-time.db").Options,
        new FieldProtector(RandomNumberGenerator.GetBytes(32)));
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCoordinatorDb>
{
    public PostgresCoordinatorDb CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<PostgresCoordinatorDb>().UseNpgsql("Host=localhost;Database=design_time").Options,
        new FieldProtector(RandomNumberGenerator.GetBytes(32)));
}
