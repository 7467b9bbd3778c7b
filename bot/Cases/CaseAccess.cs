using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Cases;

/// <summary>
/// The one door to a forløb: a user gets it only as an active member, and every opening is audited. A non-member
/// gets the same answer whether the forløb exists or not.
/// </summary>
public sealed class CaseAccess(CoordinatorDb db, AuditLog audit, ICollaborationTenants tenants)
{
    public static string NotFound(Turn turn) => turn.T(
        "Jeg kan ikke finde et forløb her, som du er medlem af. Skriv @Koordinator status i en personlig chat for at se dine forløb.",
        "I cannot find a case here that you are a member of. Type status in a personal chat to see your cases.");

    /// <summary>The forløb of the channel the turn is in, if the user is an active member (audited as a read).</summary>
    public async Task<CitizenCase?> ForChannelAsync(Turn turn, string purpose, CancellationToken ct)
    {
        var channelId = turn.ChannelId;
        if (channelId is null) return null;
        var @case = await db.Set<CitizenCase>().Include(c => c.Members).FirstOrDefaultAsync(c => c.ChannelId == channelId, ct);
        return Admit(@case, turn.UserKey, purpose);
    }

    /// <summary>The forløb a card button names in its data ("caseId"), if the clicking user is an active member (audited).</summary>
    public Task<CitizenCase?> ForCardAsync(CardActionInvoke action, Turn turn, string purpose, CancellationToken ct) =>
        ByIdAsync(long.TryParse(action.Get("caseId"), out var id) ? id : null, turn.UserKey, purpose, ct);

    /// <summary>
    /// The forløb with this id, if the user is an active member of it (audited). With <paramref name="tenantId"/>
    /// (a token's tid) the membership must also be in that tenant, where the member's tenant is known.
    /// </summary>
    public async Task<CitizenCase?> ByIdAsync(long? caseId, string userId, string purpose, CancellationToken ct, string? tenantId = null)
    {
        if (caseId is null) return null;
        var @case = await db.Set<CitizenCase>().Include(c => c.Members).FirstOrDefaultAsync(c => c.Id == caseId, ct);
        return Admit(@case, userId, purpose, tenantId);
    }

    public Task<List<CitizenCase>> OfUserAsync(string userId, CancellationToken ct, string? tenantId = null) =>
        db.Set<CitizenCase>().AsNoTracking().Include(c => c.Members)
            .Where(c => c.Members.Any(m => m.UserId == userId && m.RemovedAt == null && (tenantId == null || m.TenantId == null || m.TenantId == tenantId)))
            .OrderBy(c => c.Id).ToListAsync(ct);

    private CitizenCase? Admit(CitizenCase? @case, string userId, string purpose, string? tenantId = null)
    {
        if (@case is null) return null;
        if (@case.ActiveMember(userId) is not { } member || (tenantId is not null && member.TenantId is { } own && own != tenantId))
        {
            audit.Record("case.denied", @case.Id, purpose);
            return null;
        }
        audit.Record("case.read", @case.Id, purpose);
        return @case;
    }

    /// <summary>
    /// Who the user is in the organisations' directories (their own tenant first). Another organisation's directory
    /// being down does not matter once the user is found; if they are found nowhere, that failure is the answer.
    /// </summary>
    public async Task<DirectoryPerson?> WhoIsAsync(Turn turn, CancellationToken ct)
    {
        var organisations = await tenants.GetOrganisationsAsync(ct);
        CollaborationTenantException? failed = null;
        foreach (var org in organisations.OrderByDescending(o => o.TenantId == turn.TenantId))
        {
            try
            {
                if (await tenants.GetPersonAsync(org.Id, turn.UserKey, ct) is { } person) return person;
            }
            catch (CollaborationTenantException e) { failed ??= e; }
        }
        return failed is null ? null : throw failed;
    }
}
