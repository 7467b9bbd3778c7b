using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Cases;

/// <summary>
/// Keeps a forløb's Teams channel in step with its members. Microsoft 365 may be down or throttling: what could
/// not be done is left Pending in the database and retried by <see cref="CaseChannelRetryWorker"/>, never dropped.
/// </summary>
public sealed class CaseChannels(ICollaborationTenants tenants, Outbox outbox, ConsentPolicy consent, ILogger<CaseChannels> log)
{
    public static string ChannelName(CitizenCase c) => $"Forløb {c.Initials} {c.CaseNumber}";

    /// <summary>Creates the channel if missing, then adds every member still pending. Returns false when something is still pending.</summary>
    public async Task<bool> SyncAsync(CitizenCase c, CancellationToken ct)
    {
        var organisations = await tenants.GetOrganisationsAsync(ct);
        if (c.ChannelId is null)
        {
            var owner = c.ActiveMember(c.CoordinatorUserId) ?? c.ActiveMembers.First();
            try
            {
                var channel = await tenants.CreateCaseChannelAsync(new CaseChannelRequest(
                    c.CoordinatingOrganisationId, ChannelName(c), "Tværsektorielt team omkring borgeren (Koordinator).",
                    ToPerson(owner), c.ActiveMembers.Select(m => m.OrganisationId).Distinct().ToList()), ct);
                c.TeamId = channel.TeamId;
                c.ChannelId = channel.ConversationId;
                c.ChannelMode = channel.Mode;
                c.ChannelWebUrl = channel.WebUrl;
                owner.Channel = ChannelMembership.Done;
                c.Version++;
                PostWelcome(c, organisations, await consent.InForceAsync(c.Id, ct));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Channel for case {CaseId} not created yet", c.Id);
                return false;
            }
        }
        var channelRef = new CaseChannel(c.TeamId ?? "", c.ChannelId!, c.ChannelId!, c.ChannelMode, c.ChannelWebUrl);
        var allDone = true;
        foreach (var m in c.ActiveMembers.Where(m => m.Channel == ChannelMembership.Pending).ToList())
        {
            var change = await TryAsync(() => tenants.AddMemberAsync(channelRef, ToPerson(m), ct));
            Apply(m, change);
            allDone &= m.Channel != ChannelMembership.Pending;
        }
        return allDone;
    }

    public async Task RemoveAsync(CitizenCase c, CaseMember m, CancellationToken ct)
    {
        if (c.ChannelId is null || m.Channel == ChannelMembership.EmailOnly) return;
        var change = await TryAsync(() => tenants.RemoveMemberAsync(new CaseChannel(c.TeamId ?? "", c.ChannelId, c.ChannelId, c.ChannelMode, c.ChannelWebUrl), ToPerson(m), ct));
        if (change.Status != MemberChangeStatus.Done) log.LogWarning("Removing member {MemberId} from case {CaseId} channel: {Status}", m.Id, c.Id, change.Status);
    }

    private static void Apply(CaseMember m, MemberChange change)
    {
        (m.Channel, m.ChannelNote) = change.Status switch
        {
            MemberChangeStatus.Done => (change.Mode == ChannelMode.EmailOnly ? ChannelMembership.EmailOnly : ChannelMembership.Done, (string?)null),
            MemberChangeStatus.Pending => (ChannelMembership.Pending, change.Reason ?? "Microsoft 365 svarer ikke lige nu; prøver igen automatisk."),
            MemberChangeStatus.Refused => (ChannelMembership.Refused, change.Reason),
            _ => (ChannelMembership.Failed, change.Reason),
        };
    }

    private static async Task<MemberChange> TryAsync(Func<Task<MemberChange>> call)
    {
        try { return await call(); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new MemberChange(MemberChangeStatus.Pending, ChannelMode.SharedChannel, "Microsoft 365 svarer ikke lige nu; prøver igen automatisk.");
        }
    }

    private void PostWelcome(CitizenCase c, IReadOnlyList<Organisation> organisations, Consent? consentInForce)
    {
        if (c.ServiceUrl is null) return;
        outbox.Enqueue(OutboxKind.NewChannelThread, c.ServiceUrl,
            Activity.Message(attachments: [CaseCards.Welcome(c, organisations, consentInForce).ToAttachment()]),
            idempotencyKey: $"case:{c.Id}:welcome", conversationId: c.ChannelId, tenantId: c.TenantId, correlationKey: $"case:{c.Id}:welcome");
    }

    public static DirectoryPerson ToPerson(CaseMember m) => new(m.UserId, m.OrganisationId, m.TenantId, m.DisplayName, m.Email, m.Function);
}

/// <summary>Retries channel creation and member additions that Microsoft 365 could not do at the time.</summary>
public sealed class CaseChannelRetryWorker(IServiceScopeFactory scopes, ILogger<CaseChannelRetryWorker> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(ct))
        {
            try { await RetryPendingAsync(scopes, ct); }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogError(e, "Channel retry pass failed"); }
        }
    }

    public static async Task RetryPendingAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        var channels = scope.ServiceProvider.GetRequiredService<CaseChannels>();
        var pending = await db.Set<CitizenCase>().Include(c => c.Members)
            .Where(c => c.ChannelId == null || c.Members.Any(m => m.RemovedAt == null && m.Channel == ChannelMembership.Pending))
            .OrderBy(c => c.Id).Take(20).ToListAsync(ct);
        foreach (var c in pending) await channels.SyncAsync(c, ct);
        await db.SaveChangesAsync(ct);
    }
}
