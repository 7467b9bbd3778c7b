using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TeamsCoordinator.Storage;

/// <summary>
/// SQLite lets one connection write at a time. When two SaveChanges collide, Microsoft.Data.Sqlite retries the busy
/// database by blocking its thread for 150 ms, which under load starves the thread pool (seen in bench/turns: most
/// of a turn's time was that sleep). <see cref="SqliteCoordinatorDb"/> therefore makes each SaveChanges wait for
/// this async gate, one per database file, so writers queue instead of meeting the lock. A SaveChanges inside an
/// explicit transaction is not gated (that transaction may already hold the lock; waiting for the gate while
/// holding it could deadlock); busy_timeout covers those writes and ExecuteUpdate/ExecuteDelete.
/// </summary>
public static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    public static SemaphoreSlim For(string connectionString) => Gates.GetOrAdd(connectionString, _ => new SemaphoreSlim(1, 1));
}

/// <summary>
/// Per-connection SQLite settings, applied once per native connection (pooled connections keep them):
/// busy_timeout lets SQLite itself wait, in short steps, for a writer outside the gate instead of failing at once
/// into Microsoft.Data.Sqlite's 150 ms retry sleep; synchronous is the durability level of a commit in WAL mode
/// (see <see cref="SqliteSynchronous"/>).
/// </summary>
public sealed class SqliteConnectionSetup(SqliteSynchronous synchronous) : DbConnectionInterceptor
{
    private readonly ConditionalWeakTable<object, object> _configured = new();

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!NeedsSetup(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        if (!NeedsSetup(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(ct);
    }

    private string Pragmas => $"PRAGMA busy_timeout = 5000; PRAGMA synchronous = {synchronous.ToString().ToUpperInvariant()};";

    private bool NeedsSetup(System.Data.Common.DbConnection connection)
    {
        if (connection is not Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle }) return true;
        if (_configured.TryGetValue(handle, out _)) return false;
        _configured.AddOrUpdate(handle, this);
        return true;
    }
}

/// <summary>
/// How hard a SQLite commit waits for the disk (Storage:SqliteSynchronous). The database runs in WAL mode.
/// Normal (the default): a commit is written to the WAL before SaveChanges returns, so an outbox row is stored before
/// its message is sent and survives a crash of the bot; the WAL is synced to disk at checkpoints, so a power cut or
/// operating-system crash can lose the last commits. Full: every commit waits for fsync (several milliseconds
/// here, and commits queue behind each other), durable across power loss. PostgreSQL is unaffected.
/// </summary>
public enum SqliteSynchronous
{
    Normal,
    Full,
}
