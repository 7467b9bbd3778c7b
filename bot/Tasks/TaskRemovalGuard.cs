using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Tasks;

/// <summary>Nobody leaves the team ("fjern") with open tasks: a task is never left without its named owner.</summary>
public sealed class TaskRemovalGuard(CoordinatorDb db) : IMemberRemovalGuard
{
    public async Task<IReadOnlyDictionary<string, string>> ProtectedMembersAsync(CitizenCase c, CancellationToken ct)
    {
        var owners = await db.Set<CaseTask>().AsNoTracking().Where(t => t.CaseId == c.Id && t.State == TaskState.Open)
            .GroupBy(t => t.OwnerUserId).Select(g => new { UserId = g.Key, Count = g.Count() }).ToListAsync(ct);
        return owners.Where(o => c.ActiveMember(o.UserId) is not null).ToDictionary(o => o.UserId, o =>
        {
            var name = c.ActiveMember(o.UserId)!.DisplayName;
            var what = o.Count == 1 ? "en åben opgave" : $"{o.Count} åbne opgaver";
            return $"{name} er ansvarlig for {what}. Giv dem videre eller markér dem udført (@Koordinator opgaver), før {name} fjernes.";
        });
    }
}
