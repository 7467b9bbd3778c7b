using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Handovers;

/// <summary>
/// A baton is never dropped: an offer past its deadline stays with the sender and is marked overdue, and a discharge
/// that has not landed safely in time is marked too. The mark keeps what the daily digest needs: since when, why,
/// and whom to tell (the forløb's coordinator).
/// </summary>
public static class HandoverDeadlines
{
    /// <summary>Why and since when the handover is overdue at <paramref name="now"/>; null when it is not.</summary>
    public static (OverdueReason Reason, DateTimeOffset Since)? Due(Handover h, DateTimeOffset now)
    {
        if (!h.IsOpen) return null;
        if (h.LandingDeadline is { } landBy && now >= landBy) return (OverdueReason.NotLanded, landBy);
        if (h.State == HandoverState.Afventer && now >= h.Deadline) return (OverdueReason.NotAccepted, h.Deadline);
        return null;
    }

    /// <summary>True when the mark on the handover must change (a new or a worse reason).</summary>
    public static bool NeedsMark(Handover h, DateTimeOffset now) => Due(h, now) is { } due && h.OverdueReason != due.Reason;

    /// <summary>One pass: marks every handover that became overdue, each in its own unit of work. Returns how many were marked.</summary>
    public static async Task<int> MarkOverdueAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        List<long> ids;
        var now = DateTimeOffset.MinValue;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
            now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
            var candidates = await db.Set<Handover>().AsNoTracking()
                .Where(h => (h.State == HandoverState.Afventer || h.State == HandoverState.Accepteret) &&
                            (h.Deadline <= now || h.LandingDeadline <= now))
                .ToListAsync(ct);
            ids = candidates.Where(h => NeedsMark(h, now)).Select(h => h.Id).ToList();
        }
        var marked = 0;
        foreach (var id in ids)
        {
            using var scope = scopes.CreateScope();
            if (await MarkOneAsync(scope.ServiceProvider, id, now, ct)) marked++;
        }
        return marked;
    }

    private static async Task<bool> MarkOneAsync(IServiceProvider sp, long id, DateTimeOffset now, CancellationToken ct)
    {
        var db = sp.GetRequiredService<CoordinatorDb>();
        var h = await db.Set<Handover>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (h is null || Due(h, now) is not { } due || h.OverdueReason == due.Reason) return false;
        var c = await db.Set<CitizenCase>().Include(x => x.Members).FirstAsync(x => x.Id == h.CaseId, ct);

        h.OverdueSince = due.Since;
        h.OverdueReason = due.Reason;
        h.EscalateToUserId = c.CoordinatorUserId;
        h.Transitions.Add(new HandoverTransition
        {
            FromVersion = h.Version, Event = "overdue", FromState = h.State, ToState = h.State, ActorUserId = "system", At = now,
        });
        h.Version++;
        sp.GetRequiredService<AuditLog>().Record("handover.overdue", c.Id,
            $"{h.PublicId} v{h.Version}: {due.Reason} siden {due.Since:O}; eskaleres til {c.CoordinatorUserId}");
        var card = await sp.GetRequiredService<HandoverViews>().CardAsync(c, h, null, ct);
        await sp.GetRequiredService<HandoverNotifications>().UpdateCardAsync(c, h, card, ct);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Someone answered the baton in the same instant: the next pass looks at it again.
            return false;
        }
    }
}

/// <summary>Runs <see cref="HandoverDeadlines.MarkOverdueAsync"/> every few minutes.</summary>
public sealed class HandoverDeadlineWorker(IServiceScopeFactory scopes, IOptions<HandoverOptions> options, ILogger<HandoverDeadlineWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.Value.DeadlineSweepInterval);
        while (await timer.WaitForNextTickAsync(ct))
        {
            try
            {
                var marked = await HandoverDeadlines.MarkOverdueAsync(scopes, ct);
                if (marked > 0) log.LogInformation("Marked {Count} handover(s) overdue", marked);
            }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogError(e, "Handover deadline pass failed"); }
        }
    }
}
