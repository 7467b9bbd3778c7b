using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Tests.Handovers;

/// <summary>
/// Forces the interleaving in which a double submit of one offer form used to go wrong: the first request to look
/// the form's handover up (and find nothing yet) is held right after that read until another request has saved the
/// offer; only then does it go on to validate. Armed once; every other command runs as usual.
/// </summary>
public sealed class SubmitInterleaving : DbCommandInterceptor, ISaveChangesInterceptor
{
    private readonly TaskCompletionSource _offerSaved = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _armed;

    /// <summary>True once a held lookup has been let go: the interleaving really happened.</summary>
    public bool Happened { get; private set; }

    public void Arm() => Interlocked.Exchange(ref _armed, 1);

    public void AddTo(IServiceCollection services)
    {
        services.ConfigureDbContext<SqliteCoordinatorDb>(o => o.AddInterceptors(this));
        services.ConfigureDbContext<PostgresCoordinatorDb>(o => o.AddInterceptors(this));
    }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken ct = default)
    {
        // The reader has already stepped to its first row (or found none): holding it here keeps what it saw.
        if (IsLookupByPublicId(command.CommandText) && Interlocked.Exchange(ref _armed, 0) == 1)
        {
            await _offerSaved.Task.WaitAsync(TimeSpan.FromSeconds(20), ct);
            Happened = true;
        }
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        if (eventData.Context!.ChangeTracker.Entries<Handover>().Any()) _offerSaved.TrySetResult();
        return ValueTask.FromResult(result);
    }

    private static bool IsLookupByPublicId(string sql) =>
        sql.Contains("FROM \"handovers\"", StringComparison.Ordinal) && sql.Contains("\"PublicId\" = ", StringComparison.Ordinal);
}
