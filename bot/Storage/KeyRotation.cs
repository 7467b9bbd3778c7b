using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using TeamsCoordinator.Delivery;

namespace TeamsCoordinator.Storage;

/// <summary>
/// Re-encrypts protected columns in place with the current key, row by row in SQL (no entity is loaded, so a
/// value that no longer opens is reported, not thrown). Used by <c>rotate-key</c> and, once, at the first start
/// after a migration asked for it (<see cref="RequestUpgrade"/>): then a value in neither protected format is
/// plaintext from before its column was protected, and is encrypted.
/// </summary>
public static class ProtectedData
{
    private const string UpgradeTable = "protection_upgrade";
    private const int Batch = 200;

    public sealed record Report(int Values, int Current, List<string> Unreadable)
    {
        public override string ToString() =>
            $"{Values} værdier krypteret igen, {Current} havde allerede den aktuelle nøgle, {Unreadable.Count} kan ikke læses. "
            + $"/ {Values} values re-encrypted, {Current} already had the current key, {Unreadable.Count} unreadable.";
    }

    /// <summary>
    /// For a migration that protects a column holding data already: the next start encrypts its plaintext (and any
    /// value still in the v1 format) before the bot takes traffic.
    /// </summary>
    public static void RequestUpgrade(MigrationBuilder migration)
    {
        migration.Sql($"CREATE TABLE IF NOT EXISTS {UpgradeTable} (requested integer NOT NULL)");
        migration.Sql($"INSERT INTO {UpgradeTable} (requested) VALUES (1)");
    }

    public static void DropUpgradeRequests(MigrationBuilder migration) => migration.Sql($"DROP TABLE IF EXISTS {UpgradeTable}");

    /// <summary>Runs the upgrade a migration asked for (after migrating, before traffic); the request is cleared once it is done.</summary>
    public static async Task<Report?> UpgradeIfRequestedAsync(CoordinatorDb db, CancellationToken ct)
    {
        var requested = await ScalarAsync(db, $"SELECT count(*) FROM {UpgradeTable}", ct);
        if (requested == 0) return null;
        var report = await ReencryptAsync(db, db.Protector, legacyPlaintext: true, ct);
        await db.Database.ExecuteSqlRawAsync($"DELETE FROM {UpgradeTable}", ct);
        return report;
    }

    /// <summary>Every protected value not sealed by the current key in today's format is opened and sealed again.</summary>
    public static async Task<Report> ReencryptAsync(CoordinatorDb db, FieldProtector protector, bool legacyPlaintext, CancellationToken ct)
    {
        var report = new Report(0, 0, []);
        var (values, current) = (0, 0);
        foreach (var (table, keyColumn, columns) in ProtectedFields.Tables(db.Model))
        {
            var select = $"SELECT \"{keyColumn}\", {string.Join(", ", columns.Select(c => $"\"{c.Name}\""))} FROM \"{table}\" "
                + $"WHERE \"{keyColumn}\" > @after ORDER BY \"{keyColumn}\" LIMIT {Batch}";
            for (long after = 0; ;)
            {
                var rows = new List<(long Id, object?[] Values)>();
                await WithCommandAsync(db, select, [("after", after)], async command =>
                {
                    await using var reader = await command.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                    {
                        var row = new object?[columns.Count];
                        for (var i = 0; i < columns.Count; i++) row[i] = reader.IsDBNull(i + 1) ? null : reader.GetValue(i + 1);
                        rows.Add((reader.GetInt64(0), row));
                    }
                    return 0;
                }, ct);
                if (rows.Count == 0) break;
                after = rows[^1].Id;
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                foreach (var (id, row) in rows)
                    for (var i = 0; i < columns.Count; i++)
                    {
                        if (row[i] is not { } stored) continue;
                        var scope = new FieldScope(table, columns[i].Name, id);
                        var sealedAgain = Reseal(protector, stored, scope, legacyPlaintext, report.Unreadable, ref current);
                        if (sealedAgain is null) continue;
                        // Only if nobody changed it meanwhile (the bot may run): a newer value is already sealed.
                        await WithCommandAsync(db, $"UPDATE \"{table}\" SET \"{columns[i].Name}\" = @value WHERE \"{keyColumn}\" = @id AND \"{columns[i].Name}\" = @old",
                            [("value", sealedAgain), ("id", id), ("old", stored)], c => c.ExecuteNonQueryAsync(ct), ct);
                        values++;
                    }
                await transaction.CommitAsync(ct);
            }
        }
        return report with { Values = values, Current = current };
    }

    /// <summary>The value sealed by the current key, or null when it stays as it is (already current, or unreadable: then listed).</summary>
    private static object? Reseal(FieldProtector protector, object stored, FieldScope scope, bool legacyPlaintext, List<string> unreadable, ref int current)
    {
        if (stored is string s ? protector.IsCurrent(s) : protector.IsCurrent((byte[])stored))
        {
            current++;
            return null;
        }
        try
        {
            switch (stored)
            {
                case string text when FieldProtector.LooksProtected(text):
                    return protector.Protect(protector.Unprotect(text, scope), scope);
                case string text when legacyPlaintext:
                    return protector.Protect(text, scope);
                case byte[] bytes when FieldProtector.LooksProtected(bytes):
                    return protector.Protect(protector.Unprotect(bytes, scope), scope);
                case byte[] bytes when legacyPlaintext:
                    return protector.Protect(bytes, scope);
            }
            unreadable.Add(scope.ToString());
        }
        catch (ProtectedDataException) { unreadable.Add(scope.ToString()); }
        catch (FormatException) { unreadable.Add(scope.ToString()); }
        return null;
    }

    private static async Task<long> ScalarAsync(CoordinatorDb db, string sql, CancellationToken ct)
    {
        long result = 0;
        await WithCommandAsync(db, sql, [], async c => { result = Convert.ToInt64(await c.ExecuteScalarAsync(ct)); return 0; }, ct);
        return result;
    }

    private static async Task<T> WithCommandAsync<T>(CoordinatorDb db, string sql, (string Name, object Value)[] parameters, Func<DbCommand, Task<T>> run, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            foreach (var (name, value) in parameters)
            {
                var p = command.CreateParameter();
                p.ParameterName = "@" + name;
                p.Value = value;
                command.Parameters.Add(p);
            }
            return await run(command);
        }
        finally { await db.Database.CloseConnectionAsync(); }
    }
}

/// <summary>
/// <c>dotnet TeamsCoordinator.Bot.dll rotate-key</c>: with the new key as Protection:Key (and Protection:KeyId) and
/// the old one under Protection:PreviousKeys:&lt;old id&gt;, re-encrypts every protected value with the new key; once
/// it reports nothing unreadable, the old key can be removed from the configuration. Same configuration sources
/// as the bot (appsettings, environment, command line); the schema is migrated first.
/// </summary>
public static class KeyRotationCommand
{
    public const string Verb = "rotate-key";

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddStorage(builder.Configuration, builder.Environment);
        builder.Services.AddDelivery(builder.Configuration); // the outbox's save interceptors (nothing is started)
        await using var app = builder.Build();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        await DatabaseMigrator.MigrateAsync(db, ct);
        var report = await ProtectedData.ReencryptAsync(db, db.Protector, legacyPlaintext: false, ct);
        output.WriteLine($"rotate-key ({db.Database.ProviderName}, nøgle/key «{db.Protector.CurrentKeyId}»): {report}");
        if (report.Unreadable.Count == 0)
        {
            output.WriteLine("Alle beskyttede værdier har nu den aktuelle nøgle; Protection:PreviousKeys kan fjernes. "
                + "/ Every protected value now has the current key; Protection:PreviousKeys can be removed.");
            return 0;
        }
        output.WriteLine("Disse værdier kunne ikke åbnes (mangler en tidligere nøgle?) / These values could not be opened (a previous key missing?):");
        foreach (var place in report.Unreadable.Take(50)) output.WriteLine("  " + place);
        return 1;
    }
}
