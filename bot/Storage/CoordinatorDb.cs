using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using TeamsCoordinator.Delivery;

namespace TeamsCoordinator.Storage;

/// <summary>
/// The one database. Each feature configures its own entities (IEntityTypeConfiguration next to the feature);
/// the provider-specific subclasses exist only so that SQLite and PostgreSQL keep their own migrations.
/// Contexts are pooled (every turn uses one; setting one up from scratch was a tenth of a turn's CPU in
/// bench/turns), so the constructor takes only the options; the <see cref="FieldProtector"/> comes from the
/// application's services (design-time factories and tests that migrate a bare context pass one).
/// </summary>
public abstract class CoordinatorDb : DbContext
{
    private FieldProtector? _protector;

    protected CoordinatorDb(DbContextOptions options) : base(options) { }

    private protected CoordinatorDb(DbContextOptions options, FieldProtector protector) : base(options) => _protector = protector;

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    /// <summary>Outbox rows of the save in progress, for <see cref="OutboxHandoffInterceptor"/>.</summary>
    internal OutboxHandoffInterceptor.Pending? OutboxPending;

    /// <summary>Conversations of outbox rows saved inside the open transaction (taken off <see cref="ClearConversations"/> again at its commit).</summary>
    internal List<string>? UncommittedConversations;

    /// <summary>Protected values sealed for the save in progress, for <see cref="FieldProtection"/> to put back afterwards.</summary>
    internal List<FieldProtection.Sealed>? SealedValues;

    /// <summary>The key ring of this database's protected columns.</summary>
    internal FieldProtector Protector => _protector ??= this.GetService<FieldProtector>(); // a pooled instance stays with its application

    /// <summary>
    /// Plain replies enqueued and not yet saved (<see cref="Outbox.Enqueue"/>): kept out of the change tracker, because
    /// most of them are sent directly and never stored (<see cref="DirectReplies"/>), and tracking an entity only to
    /// detach it again was a fifth of a read-only turn's CPU (bench/turns). Any save adds them first, so a saved context
    /// stores them exactly as if they had been tracked from the start; a context given back unsaved drops them.
    /// </summary>
    internal List<OutboxMessage>? UnsavedReplies;

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        TrackUnsavedReplies();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken ct = default)
    {
        TrackUnsavedReplies();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
    }

    /// <summary>Saves what is tracked and leaves the unsaved replies unsaved (<see cref="Delivery.DirectReplies"/> sends them next).</summary>
    internal async Task SaveKeepingRepliesUnsavedAsync(CancellationToken ct)
    {
        var replies = UnsavedReplies;
        UnsavedReplies = null;
        try { await base.SaveChangesAsync(true, ct); }
        finally { UnsavedReplies = replies; }
    }

    private void TrackUnsavedReplies()
    {
        if (UnsavedReplies is not { } replies) return;
        UnsavedReplies = null;
        Outbox.AddRange(replies);
    }

    // A pooled context is disposed by its scope before the pool takes it back: nothing unsaved reaches the next lease.
    public override void Dispose()
    {
        UnsavedReplies = null;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        UnsavedReplies = null;
        return base.DisposeAsync();
    }

    /// <summary>How many writes this context has made (saves and bulk updates; it only grows, also across pool leases): a turn compares it with its start.</summary>
    public int Writes { get; internal set; }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.ApplyConfigurationsFromAssembly(typeof(CoordinatorDb).Assembly);
        // Properties marked [Protected] are encrypted at rest with a key kept outside the database (FieldProtection).
        ProtectedFields.Apply(model);
    }
}

public sealed class SqliteCoordinatorDb : CoordinatorDb
{
    public SqliteCoordinatorDb(DbContextOptions<SqliteCoordinatorDb> options) : base(options) { }

    /// <summary>For dotnet-ef only (a pooled context has exactly one public constructor).</summary>
    internal SqliteCoordinatorDb(DbContextOptions<SqliteCoordinatorDb> options, FieldProtector protector) : base(options, protector) { }

    private SemaphoreSlim? _writeGate;

    // One writer at a time per database file, queued asynchronously (see SqliteWriteGate).
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken ct = default)
    {
        if (Database.CurrentTransaction is not null) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
        var gate = WriteGate;
        await gate.WaitAsync(ct);
        try { return await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct); }
        finally { gate.Release(); }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (Database.CurrentTransaction is not null) return base.SaveChanges(acceptAllChangesOnSuccess);
        var gate = WriteGate;
        gate.Wait();
        try { return base.SaveChanges(acceptAllChangesOnSuccess); }
        finally { gate.Release(); }
    }

    private SemaphoreSlim WriteGate => _writeGate ??= SqliteWriteGate.For(Database.GetConnectionString() ?? "");

    // SQLite has no native DateTimeOffset: store UTC ticks so that comparisons and ordering run in SQL.
    protected override void ConfigureConventions(ModelConfigurationBuilder conventions) =>
        conventions.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
}

public sealed class PostgresCoordinatorDb : CoordinatorDb
{
    public PostgresCoordinatorDb(DbContextOptions<PostgresCoordinatorDb> options) : base(options) { }

    /// <summary>For dotnet-ef only (a pooled context has exactly one public constructor).</summary>
    internal PostgresCoordinatorDb(DbContextOptions<PostgresCoordinatorDb> options, FieldProtector protector) : base(options, protector) { }
}
