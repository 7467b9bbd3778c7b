using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Cases;

/// <summary>
/// Keeps a forløb's Teams channel in step with its members. Microsoft 365 may be down, throttling, still creating the
/// channel or refusing: what could not be done is left in the database (no channel yet, the operation Teams is running,
/// the bot not let in yet, members Pending, each with the time Microsoft asked us to come back) and retried by
/// <see cref="CaseChannelRetryWorker"/>, never dropped. A refusal no retry can change stops the retries and tells the
/// coordinator in Danish what the tenant's administrator must do; status cards say what is still pending.
/// </summary>
public sealed class CaseChannels(CoordinatorDb db, ICollaborationTenants tenants, Outbox outbox, ConsentPolicy consent,
    ConversationReferences references, TimeProvider time, ILogger<CaseChannels> log)
{
    /// <summary>How long one instance may spend on one creation step before another may try (a step never waits for Teams).</summary>
    public static readonly TimeSpan CreationLease = TimeSpan.FromMinutes(5);
    /// <summary>The next attempt when Microsoft 365 failed without saying how long to wait.</summary>
    public static readonly TimeSpan DefaultRetry = TimeSpan.FromSeconds(30);

    public const string ChannelPending = "Kanalen er ikke oprettet endnu: Microsoft 365 svarer ikke lige nu. Jeg prøver igen automatisk, og alle i teamet får adgang, så snart den findes.";
    public const string ChannelBeingCreated = "Teams er ved at oprette kanalen. Velkomstkortet lægges i kanalen, så snart den findes, og alle i teamet får adgang.";
    public const string Retrying = "Microsoft 365 svarer ikke lige nu; prøver igen automatisk.";
    public const string NotRetried = "Koordinator prøver ikke igen af sig selv: når det er ordnet, tryk «Prøv igen» på forløbets statuskort (@Koordinator status).";
    public const string BotNotLetIn = "Microsoft 365 lader ikke Koordinator komme ind i en privat kanal af sig selv: en ejer af kanalen skal tilføje " +
        "appen Koordinator i kanalen (… ved kanalens navn → Administrer kanal → Apps). Indtil da kan Koordinator ikke skrive i kanalen.";

    public static string ChannelName(CitizenCase c) => $"Forløb {c.Initials} {c.CaseNumber}";

    /// <summary>
    /// Takes the channel one step further (create it, look at Teams' operation, let the bot in and welcome the team)
    /// and adds every member still pending whose time has come; never waits for Teams. Returns false when something is
    /// still pending. <paramref name="creatorSeesAnswer"/>: the creator is the one clicking now and reads the outcome in
    /// the answer; otherwise (a retry) a channel made ready now is announced to the creator in their personal chat.
    /// </summary>
    public async Task<bool> SyncAsync(CitizenCase c, CancellationToken ct, bool creatorSeesAnswer = false)
    {
        var now = time.GetUtcNow();
        if (c.ChannelId is null)
        {
            // A refusal stops the retries: the coordinator knows what the administrator must do.
            if (c.ChannelProblem is not null || c.ChannelRetryAt > now) return false;
            var leaseUntil = now + CreationLease;
            if (!await ClaimCreationAsync(c, leaseUntil, ct)) return false; // another turn or instance is on it right now
            var creation = await CreateStepAsync(c, now, ct);
            if (creation?.Channel is not { } channel) return false;
            (c.TeamId, c.ChannelId, c.ChannelMode, c.ChannelWebUrl) = (channel.TeamId, channel.ConversationId, channel.Mode, channel.WebUrl);
            (c.ChannelOperation, c.ChannelRetryAt, c.ChannelBotPending) = (null, null, true);
            await PersistChannelStateAsync(c);
            foreach (var m in c.ActiveMembers.Where(m => m.Channel == ChannelMembership.Pending && creation.JoinedUserIds.Contains(m.UserId)))
                (m.Channel, m.ChannelNote, m.ChannelRetryAt) = (ChannelMembership.Done, null, null);
        }
        if (c.ChannelBotPending && c.ChannelProblem is null && !(c.ChannelRetryAt > now)) await LetTheBotInAsync(c, now, creatorSeesAnswer, ct);

        var channelRef = c.CurrentChannel()!;
        var allDone = !c.ChannelBotPending && c.ChannelProblem is null;
        foreach (var m in c.ActiveMembers.Where(m => m.Channel == ChannelMembership.Pending).ToList())
        {
            if (!(m.ChannelRetryAt > now))
            {
                Apply(m, await TryAsync(() => tenants.AddMemberAsync(channelRef, ToPerson(m), ct)), now);
                if (m.Channel == ChannelMembership.Refused) await TellCoordinatorRefusedAsync(c, m, ct);
            }
            allDone &= m.Channel != ChannelMembership.Pending;
        }
        return allDone;
    }

    /// <summary>
    /// "Prøv igen" once an administrator has fixed what Microsoft 365 refused: the channel's steps and the refused
    /// members get another go now (a refusal that stands is told again).
    /// </summary>
    public async Task<bool> RetryRefusedAsync(CitizenCase c, CancellationToken ct)
    {
        (c.ChannelProblem, c.ChannelRetryAt) = (null, null);
        await PersistChannelStateAsync(c);
        foreach (var m in c.ActiveMembers.Where(m => m.Channel == ChannelMembership.Refused))
            (m.Channel, m.ChannelRetryAt) = (ChannelMembership.Pending, null);
        return await SyncAsync(c, ct);
    }

    /// <summary>Asks for the channel (or looks at the operation creating it); what Microsoft 365 answered is recorded at once.</summary>
    private async Task<ChannelCreation?> CreateStepAsync(CitizenCase c, DateTimeOffset now, CancellationToken ct)
    {
        var owner = c.ActiveMember(c.CoordinatorUserId) ?? c.ActiveMembers.First();
        try
        {
            var creation = await tenants.CreateCaseChannelAsync(new CaseChannelRequest(
                c.CoordinatingOrganisationId, ChannelName(c), "Tværsektorielt team omkring borgeren (Koordinator).",
                ToPerson(owner), c.ActiveMembers.Select(m => m.OrganisationId).Distinct().ToList(),
                c.ActiveMembers.Select(ToPerson).ToList(), c.ChannelOperation), ct);
            if (creation.Channel is null)
            {
                (c.ChannelOperation, c.ChannelRetryAt) = (creation.Operation, now + (creation.PollAfter ?? DefaultRetry));
                await PersistChannelStateAsync(c);
            }
            return creation;
        }
        catch (CollaborationTenantException e) when (!e.IsTransient)
        {
            log.LogWarning("Channel for case {CaseId} refused; retries stop: {Reason}", c.Id, e.Message);
            (c.ChannelProblem, c.ChannelOperation, c.ChannelRetryAt) = (e.Message, null, null);
            await PersistChannelStateAsync(c);
            await TellCoordinatorAsync(c, "channel", $"Kanalen til forløb {c.Label} kan ikke oprettes. {e.Message} {NotRetried}", ct);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Channel for case {CaseId} not created yet", c.Id);
            c.ChannelRetryAt = now + ((e as CollaborationTenantException)?.RetryAfter ?? DefaultRetry);
            await PersistChannelStateAsync(c);
            return null;
        }
    }

    /// <summary>
    /// The bot into the channel, then the welcome card there (only the bot can post it). When the app cannot let itself
    /// in (a private channel without beta), the coordinator hears how a channel owner adds it; the team is welcomed then.
    /// </summary>
    private async Task LetTheBotInAsync(CitizenCase c, DateTimeOffset now, bool creatorSeesAnswer, CancellationToken ct)
    {
        var channel = c.CurrentChannel()!;
        bool enabled;
        try
        {
            enabled = await tenants.EnableBotAsync(channel, ct);
        }
        catch (CollaborationTenantException e) when (!e.IsTransient)
        {
            log.LogWarning("Bot not let into the channel of case {CaseId}; retries stop: {Reason}", c.Id, e.Message);
            c.ChannelProblem = e.Message;
            await PersistChannelStateAsync(c);
            await TellCoordinatorAsync(c, "bot", $"Kanalen \"{ChannelName(c)}\" til forløb {c.Label} er oprettet, men Koordinator kan ikke komme ind i den. {e.Message} " +
                $"Velkomstkortet venter til da. {NotRetried}", ct);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Bot not let into the channel of case {CaseId} yet", c.Id);
            c.ChannelRetryAt = now + ((e as CollaborationTenantException)?.RetryAfter ?? DefaultRetry);
            await PersistChannelStateAsync(c);
            return;
        }
        if (!enabled)
        {
            // Members are still added; the bot (and with it the welcome card) waits for a channel owner.
            c.ChannelProblem = BotNotLetIn;
            await PersistChannelStateAsync(c);
            await TellCoordinatorAsync(c, "bot", $"Kanalen \"{ChannelName(c)}\" til forløb {c.Label} er oprettet. {BotNotLetIn}", ct);
            return;
        }
        (c.ChannelBotPending, c.ChannelRetryAt) = (false, null);
        await PersistChannelStateAsync(c);
        PostWelcome(c, await tenants.GetOrganisationsAsync(ct), await consent.InForceAsync(c.Id, ct));
        if (!creatorSeesAnswer) await TellCreatorAsync(c, ct);
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

    /// <summary>
    /// The channel's state as Microsoft 365 now holds it (the channel exists, Teams is still making it, come back then,
    /// refused), whatever happens to the rest of this unit of work (a concurrent edit of the forløb, a crash): so it is
    /// written at once, not with the turn's other changes, and a retry can never create a second channel. It also ends
    /// this instance's creation lease.
    /// </summary>
    private async Task PersistChannelStateAsync(CitizenCase c)
    {
        c.ChannelCreationLeaseUntil = null;
        await db.Set<CitizenCase>().Where(x => x.Id == c.Id).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.TeamId, c.TeamId).SetProperty(x => x.ChannelId, c.ChannelId)
            .SetProperty(x => x.ChannelMode, c.ChannelMode).SetProperty(x => x.ChannelWebUrl, c.ChannelWebUrl)
            .SetProperty(x => x.ChannelOperation, c.ChannelOperation).SetProperty(x => x.ChannelBotPending, c.ChannelBotPending)
            .SetProperty(x => x.ChannelRetryAt, c.ChannelRetryAt).SetProperty(x => x.ChannelProblem, c.ChannelProblem)
            .SetProperty(x => x.ChannelCreationLeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
        var entry = db.Entry(c);
        foreach (var name in ChannelState)
        {
            var property = entry.Property(name);
            property.OriginalValue = property.CurrentValue;
            property.IsModified = false;
        }
    }

    private static readonly string[] ChannelState =
    [
        nameof(CitizenCase.TeamId), nameof(CitizenCase.ChannelId), nameof(CitizenCase.ChannelMode), nameof(CitizenCase.ChannelWebUrl),
        nameof(CitizenCase.ChannelOperation), nameof(CitizenCase.ChannelBotPending), nameof(CitizenCase.ChannelRetryAt),
        nameof(CitizenCase.ChannelProblem), nameof(CitizenCase.ChannelCreationLeaseUntil),
    ];

    /// <summary>Microsoft 365 refused for good: the coordinator hears it in their personal chat, with what the administrator must do.</summary>
    private async Task TellCoordinatorAsync(CitizenCase c, string what, string text, CancellationToken ct)
    {
        var chat = await references.PersonalChatOfAsync(c.CoordinatorUserId, ct);
        if (chat is null) return; // the status card says it too
        // A refusal can come again after "Prøv igen": each telling is its own message.
        outbox.Enqueue(OutboxKind.SendToConversation, chat.ServiceUrl, Activity.Message(text),
            $"case:{c.Id}:refused:{what}:{time.GetUtcNow().ToUnixTimeMilliseconds()}", conversationId: chat.ConversationId, tenantId: chat.TenantId);
    }

    private Task TellCoordinatorRefusedAsync(CitizenCase c, CaseMember m, CancellationToken ct) =>
        TellCoordinatorAsync(c, $"member:{m.Id}", $"{m.DisplayName} kan ikke få adgang til kanalen for forløb {c.Label}. {m.ChannelNote} {NotRetried}", ct);

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

    private static void Apply(CaseMember m, MemberChange change, DateTimeOffset now)
    {
        (m.Channel, m.ChannelNote, m.ChannelRetryAt) = change.Status switch
        {
            MemberChangeStatus.Done => (change.Mode == ChannelMode.EmailOnly ? ChannelMembership.EmailOnly : ChannelMembership.Done, (string?)null, (DateTimeOffset?)null),
            MemberChangeStatus.Pending => (ChannelMembership.Pending, change.Reason ?? Retrying, now + (change.RetryAfter ?? DefaultRetry)),
            MemberChangeStatus.Refused => (ChannelMembership.Refused, change.Reason, null),
            _ => (ChannelMembership.Failed, change.Reason, null),
        };
    }

    /// <summary>A failure the tenants did not turn into a MemberChange: a refusal stays one, anything else is retried.</summary>
    private static async Task<MemberChange> TryAsync(Func<Task<MemberChange>> call)
    {
        try { return await call(); }
        catch (CollaborationTenantException e) when (!e.IsTransient)
        {
            return new MemberChange(MemberChangeStatus.Refused, ChannelMode.SharedChannel, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new MemberChange(MemberChangeStatus.Pending, ChannelMode.SharedChannel, Retrying, (e as CollaborationTenantException)?.RetryAfter);
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

/// <summary>
/// Retries what Microsoft 365 could not do at the time: channel creation (and following Teams' operation), letting the
/// bot in, member additions; each not before the time Microsoft asked for, and never after a refusal for good.
/// </summary>
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
                .Where(c => c.ChannelRetryAt == null || c.ChannelRetryAt <= now)
                .Where(c => c.ChannelProblem == null && c.ChannelId == null && (c.ChannelCreationLeaseUntil == null || c.ChannelCreationLeaseUntil < now)
                            || c.ChannelProblem == null && c.ChannelId != null && c.ChannelBotPending
                            || c.ChannelId != null && c.Members.Any(m => m.RemovedAt == null && m.Channel == ChannelMembership.Pending
                                                                          && (m.ChannelRetryAt == null || m.ChannelRetryAt <= now)))
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

/// <summary>"Prøv igen" on the status card, after an administrator has fixed what Microsoft 365 refused.</summary>
public sealed class RetryChannelAction(CaseAccess access, CaseChannels channels, CaseStatusCard status, AuditLog audit) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var c = await access.ForCardAsync(action, turn, "channel.retry", ct);
        if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        if (CaseCards.NeedsRetryAfterRefusal(c)) // else a double click or an old card: nothing to retry
        {
            audit.Record("channel.retry", c.Id, c.ChannelProblem is null ? "members" : "channel");
            await channels.RetryRefusedAsync(c, ct);
        }
        return AdaptiveCardInvokeResponse.Card(await status.BuildAsync(c, ct));
    }
}
