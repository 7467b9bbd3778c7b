using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Meetings;

/// <summary>
/// Everything a meeting sends outside Teams: the Graph (or embedded) calendar writes and the e-mails. Each is a
/// <see cref="MeetingDelivery"/> row saved with the change that caused it; it is tried at once and, when Microsoft
/// 365 or the mail server fails, again by <see cref="MeetingDeliveryWorker"/> with backoff (Retry-After when given).
/// A meeting whose calendar write has not gone through is "afventer booking" with the reason in Danish.
/// </summary>
public sealed class MeetingDeliveries(CoordinatorDb db, IMeetingCalendars calendars, Outbox outbox, TimeProvider time, ILogger<MeetingDeliveries> log)
{
    public const int MaxAttempts = 12;
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public MeetingDelivery Enqueue(Meeting m, DeliveryKind kind, string key, string? recipient = null, string? method = null)
    {
        var existing = db.Set<MeetingDelivery>().Local.FirstOrDefault(d => d.Key == key);
        if (existing is not null) return existing;
        var now = time.GetUtcNow();
        var d = new MeetingDelivery
        {
            MeetingId = m.Id, Kind = kind, Key = key, Recipient = recipient, Method = method, Sequence = m.Sequence, CreatedAt = now, NextAttemptAt = now,
        };
        db.Add(d);
        return d;
    }

    /// <summary>One attempt; the caller saves. True when it is done (or refused for good).</summary>
    public async Task<bool> AttemptAsync(MeetingDelivery d, Meeting m, CitizenCase c, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var organiser = Organiser(m, c);
        try
        {
            switch (d.Kind)
            {
                case DeliveryKind.CreateEvent when m.EventId is null && m.State == MeetingState.AfventerBooking:
                    var created = await calendars.CreateEventAsync(Event(m, c, organiser), ct);
                    (m.EventId, m.JoinUrl) = (created.EventId, created.JoinUrl);
                    await BookedAsync(m, c, ct);
                    break;
                case DeliveryKind.UpdateEvent when m.EventId is not null && m.State == MeetingState.AfventerBooking:
                    var moved = await calendars.UpdateEventAsync(Event(m, c, organiser), ct);
                    m.JoinUrl = moved.JoinUrl ?? m.JoinUrl;
                    await BookedAsync(m, c, ct);
                    break;
                case DeliveryKind.CancelEvent when m.EventId is not null:
                    await calendars.CancelEventAsync(Event(m, c, organiser), "Mødet er aflyst.", ct);
                    m.PendingReason = null;
                    break;
                case DeliveryKind.Mail:
                    if (m.EventId is null && m.State == MeetingState.AfventerBooking && d.Method == MeetingInvitation.Request)
                    {
                        d.NextAttemptAt = now + TimeSpan.FromSeconds(30); // the invitation waits for the meeting (and its join link)
                        return false;
                    }
                    if (Mail(d, m, c, organiser) is { } mail) await calendars.SendMailAsync(mail, ct);
                    break;
                // A create or move that a later change made pointless (the meeting was cancelled, or moved again): nothing to send.
            }
            d.DoneAt = time.GetUtcNow();
            d.LastError = null;
            if (d.Kind != DeliveryKind.Mail) m.Version++;
            return true;
        }
        catch (Exception e) when (e is CollaborationTenantException or IOException or System.Net.Sockets.SocketException or MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException)
        {
            d.Attempts++;
            var transient = e is not CollaborationTenantException { IsTransient: false };
            var retryAfter = (e as CollaborationTenantException)?.RetryAfter;
            d.LastError = e.Message.Length > 500 ? e.Message[..500] : e.Message;
            log.LogWarning("Meeting {MeetingId} delivery {Kind} failed (attempt {Attempts}): {Error}", m.Id, d.Kind, d.Attempts, d.LastError);
            if (d.Attempts >= MaxAttempts) d.FailedAt = time.GetUtcNow();
            else d.NextAttemptAt = time.GetUtcNow() + (retryAfter ?? Backoff(d.Attempts, transient));
            if (d.Kind != DeliveryKind.Mail)
            {
                m.PendingReason = d.FailedAt is null
                    ? $"{d.LastError} Koordinator prøver igen automatisk."
                    : $"{d.LastError} Koordinator har opgivet efter {d.Attempts} forsøg; kontakt en administrator, og vælg tidspunktet igen.";
                m.Version++;
                await UpdateAgendaCardAsync(c, m, ct);
            }
            return d.FailedAt is not null;
        }
    }

    /// <summary>Transient: 2 s, 4 s … capped at 30 minutes; a refusal (missing permission) is tried again less often, an administrator may fix it.</summary>
    internal static TimeSpan Backoff(int attempts, bool transient) =>
        TimeSpan.FromSeconds(Math.Min(1800, Math.Pow(2, attempts) * (transient ? 1 : 30)));

    private async Task BookedAsync(Meeting m, CitizenCase c, CancellationToken ct)
    {
        m.State = MeetingState.Booket;
        m.PendingReason = null;
        // People without Teams get the invitation (or the update) by e-mail, with the .ics; the others got it from their calendar.
        foreach (var p in m.Participants.Where(p => !p.HasTeams && p.Email is not null && p.UserId != m.OrganiserUserId))
            Enqueue(m, DeliveryKind.Mail, $"meeting:{m.PublicId}:s{m.Sequence}:request:{p.UserId}", p.UserId, MeetingInvitation.Request);
        m.Version++;
        await UpdateAgendaCardAsync(c, m, ct);
    }

    /// <summary>The organiser is always a participant (<see cref="MeetingWork"/> adds them); the team member otherwise.</summary>
    public static CalendarPerson Organiser(Meeting m, CitizenCase c)
    {
        if (m.Participants.FirstOrDefault(p => p.UserId == m.OrganiserUserId) is { } p) return p.ToCalendarPerson();
        var member = c.Members.FirstOrDefault(x => x.UserId == m.OrganiserUserId);
        return new CalendarPerson(m.OrganiserUserId, member?.OrganisationId ?? c.CoordinatingOrganisationId, member?.TenantId, member?.DisplayName ?? "Koordinator", member?.Email);
    }

    private MeetingEvent Event(Meeting m, CitizenCase c, CalendarPerson organiser) => new(
        m.PublicId, MeetingTexts.Subject(m, c.Label), Description(m, c), m.Start!.Value, m.End!.Value,
        m.Online ? null : m.Place, m.Online, organiser, m.Participants.Where(p => p.HasTeams).Select(p => p.ToCalendarPerson()).ToList(), m.EventId, m.Sequence);

    /// <summary>What the invitation says: label, kind, purpose stays in Teams; the agenda's titles only.</summary>
    public static string Description(Meeting m, CitizenCase c)
    {
        var lines = new List<string> { $"{MeetingTexts.KindName(m.Kind)} i forløb {c.Label}." };
        if (m.Online && m.JoinUrl is { } join) lines.Add($"Deltag online: {join}");
        else if (m.Place is { } place) lines.Add($"Sted: {place}");
        var agenda = MeetingCards.Ordered(m.Agenda).Select((a, i) => $"{i + 1}. {a.Title}").ToList();
        if (agenda.Count > 0) { lines.Add(""); lines.Add("Dagsorden:"); lines.AddRange(agenda); }
        lines.Add("");
        lines.Add("Dagsordenen med baggrund og bilag findes i forløbets kanal i Teams. Svar arrangøren, hvis du ikke kan deltage.");
        return string.Join("\n", lines);
    }

    private MeetingMail? Mail(MeetingDelivery d, Meeting m, CitizenCase c, CalendarPerson organiser)
    {
        var to = m.Participants.FirstOrDefault(p => p.UserId == d.Recipient);
        if (to?.Email is null) return null;
        var subject = MeetingTexts.Subject(m, c.Label);
        if (d.Method == "POLL")
        {
            var slots = m.Proposed.Select((s, i) => $"{i + 1}. {MeetingTexts.When(s, s + m.Duration)}");
            return new MeetingMail(organiser, to.DisplayName, to.Email, $"Hvornår kan du? {subject}",
                $"{organiser.DisplayName} indkalder til {MeetingTexts.KindName(m.Kind).ToLowerInvariant()} i forløb {c.Label} og foreslår disse tidspunkter (dansk tid):\n\n" +
                string.Join("\n", slots) + "\n\nSvar på denne e-mail med de numre, du kan. Arrangøren vælger tidspunktet, og du får derefter en invitation.",
                null, null, d.Key);
        }
        if (m.Start is null) return null;
        var cancel = d.Method == MeetingInvitation.Cancel;
        if (!cancel && m.State == MeetingState.Aflyst) return null; // an invitation not yet sent when the meeting was cancelled
        var attendees = m.Participants.Where(p => p.UserId != m.OrganiserUserId).Select(p => p.ToCalendarPerson());
        var ics = MeetingInvitation.Build(cancel ? MeetingInvitation.Cancel : MeetingInvitation.Request, m, subject, Description(m, c), organiser, attendees, time.GetUtcNow());
        var text = cancel
            ? $"{MeetingTexts.KindName(m.Kind)} i forløb {c.Label} {MeetingTexts.When(m.Start.Value, m.End!.Value)} er aflyst."
            : $"{MeetingTexts.When(m.Start.Value, m.End!.Value)}\n\n{Description(m, c)}";
        return new MeetingMail(organiser, to.DisplayName, to.Email, cancel ? $"Aflyst: {subject}" : m.Sequence > 0 ? $"Flyttet: {subject}" : $"Invitation: {subject}",
            text, ics, cancel ? MeetingInvitation.Cancel : MeetingInvitation.Request, d.Key);
    }

    /// <summary>Posts the agenda card in the channel once, and updates it in place after that (older unsent updates are dropped).</summary>
    public async Task UpdateAgendaCardAsync(CitizenCase c, Meeting m, CancellationToken ct)
    {
        var card = MeetingCards.Agenda(c, m, await DocumentsAsync(c.Id, ct));
        var activity = Activity.Message(attachments: [card.ToAttachment()]);
        var posted = db.Outbox.Local.Any(o => o.CorrelationKey == m.AgendaCardKey) || await db.Outbox.AsNoTracking().AnyAsync(o => o.CorrelationKey == m.AgendaCardKey, ct);
        if (c.ChannelId is null || c.ServiceUrl is null) return;
        if (!posted)
        {
            outbox.Enqueue(OutboxKind.NewChannelThread, c.ServiceUrl, activity, $"{m.AgendaCardKey}:post", conversationId: c.ChannelId, tenantId: c.TenantId,
                correlationKey: m.AgendaCardKey);
            return;
        }
        var now = time.GetUtcNow();
        foreach (var old in await db.Outbox.Where(o => o.Kind == OutboxKind.Update && o.TargetCorrelationKey == m.AgendaCardKey && o.SentAt == null && o.FailedAt == null &&
                                                       (o.LockedUntil == null || o.LockedUntil < now)).ToListAsync(ct))
            (old.FailedAt, old.LastError) = (now, $"superseded by version {m.Version}");
        foreach (var old in db.Outbox.Local.Where(o => o.Kind == OutboxKind.Update && o.TargetCorrelationKey == m.AgendaCardKey && o.SentAt == null && o.Id == 0).ToList())
            db.Outbox.Remove(old);
        outbox.Enqueue(OutboxKind.Update, c.ServiceUrl, activity, $"{m.AgendaCardKey}:v{m.Version}:{Guid.NewGuid():N}", conversationId: c.ChannelId, tenantId: c.TenantId,
            targetCorrelationKey: m.AgendaCardKey);
    }

    /// <summary>The forløb's documents that can be Bilag: the newest version of each, named as on the file cards.</summary>
    public async Task<IReadOnlyList<(string Key, string Title)>> DocumentsAsync(long caseId, CancellationToken ct)
    {
        var files = await db.Set<StoredFile>().AsNoTracking().Where(f => f.CaseId == caseId && f.DocumentKey != "revisionslog")
            .Select(f => new { f.DocumentKey, f.Version }).ToListAsync(ct);
        return files.GroupBy(f => f.DocumentKey).Select(g => (g.Key, Title: $"{Documents.DocumentKind.ByKey(g.Key.Split(':')[0])?.Title ?? g.Key} v{g.Max(f => f.Version)}"))
            .OrderBy(d => d.Title, StringComparer.Ordinal).ToList();
    }
}

/// <summary>Retries what <see cref="MeetingDeliveries"/> could not send at once; several instances never send the same row (a lease).</summary>
public sealed class MeetingDeliveryWorker(IServiceScopeFactory scopes, TimeProvider time, ILogger<MeetingDeliveryWorker> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(ct))
        {
            try { await RunDueAsync(scopes, time, ct); }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogError(e, "Meeting delivery pass failed"); }

        }
    }

    /// <summary>One pass; each delivery in its own scope and unit of work, in the order they were stored. Returns how many were tried.</summary>
    public static async Task<int> RunDueAsync(IServiceScopeFactory scopes, TimeProvider time, CancellationToken ct)
    {
        List<long> due;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
            var now = time.GetUtcNow();
            due = await db.Set<MeetingDelivery>().AsNoTracking()
                .Where(d => d.DoneAt == null && d.FailedAt == null && d.NextAttemptAt <= now && (d.LockedUntil == null || d.LockedUntil < now))
                .OrderBy(d => d.Id).Select(d => d.Id).Take(50).ToListAsync(ct);
        }
        var tried = 0;
        foreach (var id in due)
        {
            using var scope = scopes.CreateScope();
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<CoordinatorDb>();
            var now = time.GetUtcNow();
            var won = await db.Set<MeetingDelivery>().Where(d => d.Id == id && d.DoneAt == null && d.FailedAt == null && (d.LockedUntil == null || d.LockedUntil < now))
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.LockedUntil, now + MeetingDeliveries.Lease), ct);
            if (won != 1) continue;
            var delivery = await db.Set<MeetingDelivery>().FirstAsync(d => d.Id == id, ct);
            var meeting = await db.Set<Meeting>().Include(m => m.Participants).Include(m => m.Agenda).FirstAsync(m => m.Id == delivery.MeetingId, ct);
            var c = await db.Set<CitizenCase>().Include(x => x.Members).FirstAsync(x => x.Id == meeting.CaseId, ct);
            await sp.GetRequiredService<MeetingDeliveries>().AttemptAsync(delivery, meeting, c, ct);
            delivery.LockedUntil = null;
            try { await db.SaveChangesAsync(CancellationToken.None); }
            catch (DbUpdateConcurrencyException) { Log(sp).LogInformation("Meeting {Id} changed during a delivery; it is tried again", meeting.Id); }
            tried++;
        }
        return tried;
    }

    private static ILogger Log(IServiceProvider sp) => sp.GetRequiredService<ILogger<MeetingDeliveryWorker>>();
}
