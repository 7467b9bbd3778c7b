using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Tasks;

/// <summary>
/// A task handed on as a stafet (baton principle): the owner offers it, keeps it while the offer waits, and the
/// task moves to whoever accepts it, at that moment and not before. Declined or withdrawn: the owner still has it.
/// </summary>
public sealed class TaskHandovers(TaskQuery query, AuditLog audit)
{
    /// <summary>The task (tracked) a stafet is about to offer on, or the Danish reason why it cannot be offered now.</summary>
    public async Task<(CaseTask? Task, string? Refusal)> ForOfferAsync(CoordinatorDb db, CitizenCase c, string publicId, string senderUserId, CancellationToken ct)
    {
        var task = await db.Set<CaseTask>().FirstOrDefaultAsync(t => t.PublicId == publicId && t.CaseId == c.Id, ct);
        if (task is null) return (null, TaskTexts.NotFound);
        if (!task.IsOpen) return (task, TaskTexts.AlreadyDone(task));
        if (task.OwnerUserId != senderUserId) return (task, TaskTexts.OnlyOwnerHandsOn(task));
        if ((await query.PendingOffersAsync([task.Id], ct)).TryGetValue(task.Id, out var offer)) return (task, TaskTexts.OfferedAlready(task, offer));
        return (task, null);
    }

    /// <summary>The offer is recorded: the task's version moves on, so a "Udført" or a second offer at the same moment loses the race.</summary>
    public static void Offered(CaseTask task) => task.Version++;

    /// <summary>Someone accepted the task's stafet: they own it now (audited), with their organisation and sector.</summary>
    public async Task AcceptedAsync(CoordinatorDb db, CitizenCase c, Handover h, CaseMember accepter, CancellationToken ct)
    {
        var task = await db.Set<CaseTask>().FirstOrDefaultAsync(t => t.Id == h.TaskId && t.CaseId == c.Id, ct);
        if (task is null || !task.IsOpen) return;
        var from = task.OwnerUserId;
        task.OwnerUserId = accepter.UserId;
        task.OwnerName = accepter.DisplayName;
        task.OwnerOrganisationId = accepter.OrganisationId;
        task.OwnerSector = accepter.Sector;
        task.Version++;
        audit.Record("task.owner", c.Id, $"{task.PublicId} v{task.Version}: {from} -> {accepter.UserId} ({accepter.OrganisationId}), stafet {h.PublicId}");
    }
}
