using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Cases;

/// <summary>
/// Keeps a forløb's Teams channel in step with its members. Microsoft 365 may be down or throttling: what could
/// not be done is left in the database (no channel yet, members Pending) and retried by
/// <see cref="CaseChannelRetryWorker"/>, never dropped; status cards say in Danish what is still pending.
/// </summary>
public sealed class CaseChannels(CoordinatorDb db, ICollaborationTenants tenants, Outbox outbox, ConsentPolicy consent,
    ConversationReferences references, TimeProvider time, ILogger<CaseChannels> log)
{
    /// <summary>How long one instance may spend creating a channel (Graph answers 202, then is polled) before another may try.</summary>
    public static readonly TimeSpan CreationLease = TimeSpan.FromMinutes(5);

    public const string ChannelPending = "Kanalen er ikke oprettet endnu: Microsoft 365 svarer ikke lige nu. Jeg prøver igen automatisk, og alle i teamet får adgang, så snart den findes.";

    public static string ChannelName(CitizenCase c) => $"Forløb {c.Initials} {c.CaseNumber}";

    /// <summary>
    /// Creates the channel if missing, then adds every member still pending. Returns false when something is still
    /// pending. <paramref name="creatorSeesAnswer"/>: the creator is the one clicking now and reads the outcome in the
    /// answer; otherwise (a retry) a channel made now is announced to the creator in their personal chat.
    /// </summary>
    public async Task<bool> SyncAsync(CitizenCase c, CancellationToken ct, bool creatorSeesAnswer = false)
    {
        var organisations = await tenants.GetOrganisationsAsync(ct);
        if (c.ChannelId is null)
        {
            var leaseUntil = time.GetUtcNow() + CreationLease;
            if (!await ClaimCreationAsync(c, leaseUntil, ct)) return false; // another turn or instance is creating it right now
            var owner = c.ActiveMember(c.CoordinatorUserId) ?? c.ActiveMembers.First();
            CaseChannel channel;
            try
            {
                channel = await tenants.CreateCaseChannelAsync(new CaseChannelRequest(
                    c.CoordinatingOrganisationId, ChannelName(c), "Tværsektorielt team omkring borgeren (Koordinator).",
                    ToPerson(owner), c.ActiveMembers.Select(m => m.OrganisationId).Distinct().ToList()), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Channel for case {CaseId} not created yet", c.Id);
                await ReleaseCreationAsync(c, leaseUntil);
                return false;
            }
            await RecordChannelAsync(c, channel);
            if (!creatorSeesAnswer) await TellCreatorAsync(c, ct);
            owner.Channel = ChannelMembership.Done;
            PostWelcome(c, organisations, await consent.InForceAsync(c.Id, ct));
        }
        var channelRef = c.CurrentChannel()!;
        var allDone = true;
        foreach (var m in c.ActiveMembers.Where(m => m.Channel == ChannelMembership.Pending).ToList())
        {
            var change = await TryAsync(() => tenants.AddMemberAsync(channelRef, ToPerson(m), ct));
            Apply(m, change);
            allDone &= m.Channel != ChannelMembership.Pending;
        }
        return allDone;
    }

    /// <summary>Takes the creation lease with one conditional update: of several instances exactly one sees "1 row".</summary>
    private async Task<bool> ClaimCreationAsync(CitizenCase c, DateTimeOffset until, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var claimed = await db.Set<CitizenCase>()
            .Where(x => x.Id == c.Id && x.ChannelId == null && (x.ChannelCreationLeaseUntil == null || x.ChannelCreationLeaseUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.ChannelCreationLeaseUntil, until), ct);
        return claimed == 1;
    }

    private async Task ReleaseCreationAsync(CitizenCase c, DateTimeOffset until)
    {
        try
        {
            await db.Set<CitizenCase>().Where(x => x.Id == c.Id && x.ChannelCreationLeaseUntil == until)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.ChannelCreationLeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
        }
        catch (Exception e) when (e is System.Data.Common.DbException) { /* the lease lapses by itself */ }
    }

    /// <summary>
    /// The channel exists in Microsoft 365 from now on, whatever happens to the rest of this unit of work (a
    /// concurrent edit of the forløb, a crash): so it is written at once, not with the turn's other changes, and a
    /// retry can never create a second channel.
    /// </summary>
    private async Task RecordChannelAsync(CitizenCase c, CaseChannel channel)
    {
        await db.Set<CitizenCase>().Where(x => x.Id == c.Id).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.TeamId, channel.TeamId).SetProperty(x => x.ChannelId, channel.ConversationId)
            .SetProperty(x => x.ChannelMode, channel.Mode).SetProperty(x => x.ChannelWebUrl, channel.WebUrl)
            .SetProperty(x => x.ChannelCreationLeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
        (c.TeamId, c.ChannelId, c.ChannelMode, c.ChannelWebUrl, c.ChannelCreationLeaseUntil) = (channel.TeamId, channel.ConversationId, channel.Mode, channel.WebUrl, null);
        var entry = db.Entry(c);
        foreach (var name in new[] { nameof(c.TeamId), nameof(c.ChannelId), nameof(c.ChannelMode), nameof(c.ChannelWebUrl), nameof(c.ChannelCreationLeaseUntil) })
        {
            var property = entry.Property(name);
            property.OriginalValue = property.CurrentValue;
            property.IsModified = false;
        }
    }

    /// <summary>The creator was told "the channel is being created"; when a retry made it later, they hear where it is.</summary>
    private async Task TellCreatorAsync(CitizenCase c, CancellationToken ct)
    {
        var chat = await references.PersonalChatOfAsync(c.CreatedBy, ct);
        if (chat is null) return;
        var link = c.ChannelWebUrl is { Length: > 0 } url ? $" [Åbn kanalen]({url})" : "";
        outbox.Enqueue(OutboxKind.SendToConversation, chat.ServiceUrl,
            Activity.Message($"Kanalen \"{ChannelName(c)}\" til forløb {c.Label} er nu oprettet, og velkomstkortet er lagt i kanalen.{link}"),
            $"case:{c.Id}:channel-ready", conversationId: chat.ConversationId, tenantId: chat.TenantId);
    }

    public async Task RemoveAsync(CitizenCase c, CaseMember m, CancellationToken ct)
    {
        if (c.ChannelId is null || m.Channel == ChannelMembership.EmailOnly) return;
        var change = await TryAsync(() => tenants.RemoveMemberAsync(c.CurrentChannel()!, ToPerson(m), ct));
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

    /// <summary>
    /// One pass. Each forløb in its own scope and unit of work, so that one that fails (a concurrent edit, a database
    /// error) does not undo what was done for the others; forløb whose channel another instance is creating are skipped.
    /// </summary>
    public static async Task RetryPendingAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        List<long> pending;
        using (var scope = scopes.CreateScope())
        {
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
            pending = await scope.ServiceProvider.GetRequiredService<CoordinatorDb>().Set<CitizenCase>()
                .Where(c => c.ChannelId == null && (c.ChannelCreationLeaseUntil == null || c.ChannelCreationLeaseUntil < now)
                            || c.ChannelId != null && c.Members.Any(m => m.RemovedAt == null && m.Channel == ChannelMembership.Pending))
                .OrderBy(c => c.Id).Select(c => c.Id).Take(20).ToListAsync(ct);
        }
        foreach (var id in pending)
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
            try
            {
                var c = await db.Set<CitizenCase>().Include(x => x.Members).SingleAsync(x => x.Id == id, ct);
                await scope.ServiceProvider.GetRequiredService<CaseChannels>().SyncAsync(c, ct);
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e)
            {
                scope.ServiceProvider.GetRequiredService<ILogger<CaseChannelRetryWorker>>()
                    .LogWarning("Channel retry for case {CaseId} not saved ({Error}); the next pass tries again", id, e.GetType().Name);
            }
        }
    }
}
