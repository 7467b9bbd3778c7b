using System.Globalization;
using System.Text;
using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.Calendar.GetSchedule;
using Microsoft.Graph.Users.Item.Events.Item.Cancel;
using Microsoft.Graph.Users.Item.SendMail;

namespace TeamsCoordinator.Tenants.Graph;

/// <summary>
/// Calendars through Microsoft Graph, app-only, each tenant with its own client: getSchedule per tenant for that
/// tenant's people (at most 20 schedules a call, a period under 62 days), the meeting as an event in the organiser's
/// calendar with a Teams meeting, moves by PATCH, cancellation by .../cancel, and e-mail by sendMail from the
/// organiser. At most 4 calendar requests at once for the whole app (Outlook's limit per app and mailbox); the SDK's
/// retry handler honours Retry-After on 429.
/// </summary>
public sealed class GraphMeetingCalendars(GraphClients clients, GraphOrganisations organisations, ILogger<GraphMeetingCalendars> log) : IMeetingCalendars
{
    public const int SchedulesPerCall = 20;
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(62);
    public const int MaxConcurrentRequests = 4;
    /// <summary>getSchedule's availabilityViewInterval: we read scheduleItems, the view only has to be valid (5–1440).</summary>
    public const int ViewInterval = 15;

    private readonly SemaphoreSlim _concurrency = new(MaxConcurrentRequests, MaxConcurrentRequests);

    public async Task<IReadOnlyList<PersonAvailability>> GetAvailabilityAsync(IReadOnlyList<CalendarPerson> people, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        if (to - from >= MaxPeriod) throw new ArgumentException("getSchedule reads less than 62 days at a time.", nameof(to));
        var result = new Dictionary<string, PersonAvailability>();
        var calls = new List<Task>();
        foreach (var tenantGroup in people.GroupBy(p => organisations.Find(p.OrganisationId)))
        {
            var org = tenantGroup.Key;
            foreach (var p in tenantGroup)
            {
                if (org is null || org.EffectiveMode == ChannelMode.EmailOnly) result[p.UserId] = PersonAvailability.Unknown(p.UserId, EmbeddedMeetingCalendars.NoMicrosoft365);
                else if (string.IsNullOrWhiteSpace(p.Email)) result[p.UserId] = PersonAvailability.Unknown(p.UserId, "har ingen e-mailadresse i brugerkataloget");
            }
            if (org is null || org.EffectiveMode == ChannelMode.EmailOnly) continue;
            foreach (var chunk in tenantGroup.Where(p => !result.ContainsKey(p.UserId)).Chunk(SchedulesPerCall))
                calls.Add(ReadChunkAsync(org, chunk, from, to, result, ct));
        }
        await Task.WhenAll(calls);
        return people.Select(p => result[p.UserId]).ToList();
    }

    private async Task ReadChunkAsync(OrganisationOptions org, CalendarPerson[] chunk, DateTimeOffset from, DateTimeOffset to,
        Dictionary<string, PersonAvailability> result, CancellationToken ct)
    {
        IReadOnlyList<PersonAvailability> read;
        await _concurrency.WaitAsync(ct);
        try
        {
            var response = await clients.For(org.TenantId!).Users[chunk[0].UserId].Calendar.GetSchedule.PostAsGetSchedulePostResponseAsync(new GetSchedulePostRequestBody
            {
                Schedules = chunk.Select(p => p.Email!).ToList(),
                StartTime = Utc(from),
                EndTime = Utc(to),
                AvailabilityViewInterval = ViewInterval,
            }, cancellationToken: ct);
            var byAddress = (response?.Value ?? []).Where(s => s.ScheduleId is not null)
                .GroupBy(s => s.ScheduleId!, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            read = chunk.Select(p => byAddress.TryGetValue(p.Email!, out var s) ? ToAvailability(p, s) : PersonAvailability.Unknown(p.UserId, "kom ikke med i svaret fra Microsoft 365")).ToList();
        }
        catch (Exception e) when (GraphProblem.From(e, ct) is { } problem)
        {
            log.LogWarning("getSchedule in {Organisation} failed: {Problem}", org.Id, problem);
            var reason = problem.Is(403) || problem.Is(401)
                ? $"er i {org.Name}, som ikke har givet Koordinator adgang til at læse kalendere (Calendars.ReadBasic.All)"
                : $"er i {org.Name}, hvis kalendere ikke svarer lige nu";
            read = chunk.Select(p => PersonAvailability.Unknown(p.UserId, reason)).ToList();
        }
        finally { _concurrency.Release(); }
        lock (result)
            foreach (var a in read) result[a.UserId] = a;
    }

    private static PersonAvailability ToAvailability(CalendarPerson p, ScheduleInformation s)
    {
        if (s.Error is { } error)
            return PersonAvailability.Unknown(p.UserId, error.ResponseCode == "5009"
                ? "kan ikke slås op i sin organisations Microsoft 365 (adressen findes ikke der)"
                : $"kalenderen kunne ikke læses ({error.ResponseCode})");
        var busy = (s.ScheduleItems ?? []).Select(i => (Kind: i.Status switch
            {
                FreeBusyStatus.Tentative => BusyKind.Tentative,
                FreeBusyStatus.Busy => BusyKind.Busy,
                FreeBusyStatus.Oof => BusyKind.OutOfOffice,
                _ => (BusyKind?)null, // free, working elsewhere, unknown: no time taken
            }, Start: Parse(i.Start), End: Parse(i.End)))
            .Where(i => i.Kind is not null && i.Start is not null && i.End is not null)
            .Select(i => new BusyTime(i.Start!.Value, i.End!.Value, i.Kind!.Value)).OrderBy(b => b.Start).ToList();
        return new PersonAvailability(p.UserId, true, null, busy, ToWorkingHours(s.WorkingHours));
    }

    internal static WorkingHours? ToWorkingHours(Microsoft.Graph.Models.WorkingHours? w)
    {
        if (w?.StartTime is not { } start || w.EndTime is not { } end || w.DaysOfWeek is not { Count: > 0 } days) return null;
        return new WorkingHours(days.OfType<DayOfWeekObject>().Select(d => (DayOfWeek)(int)d).ToHashSet(),
            new TimeOnly(start.Hour, start.Minute), new TimeOnly(end.Hour, end.Minute), WorkingHours.Zone(w.TimeZone?.Name));
    }

    internal static DateTimeOffset? Parse(DateTimeTimeZone? t)
    {
        if (t?.DateTime is not { } text || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)) return null;
        var zone = t.TimeZone is null or "UTC" ? TimeZoneInfo.Utc : WorkingHours.Zone(t.TimeZone);
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static DateTimeTimeZone Utc(DateTimeOffset t) =>
        new() { DateTime = t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture), TimeZone = "UTC" };

    public Task<BookedEvent> CreateEventAsync(MeetingEvent meeting, CancellationToken ct) => WriteAsync(meeting, "oprette mødet", async (graph, organiser) =>
    {
        // Only what is set is sent (the SDK would send an explicit null for a property assigned null).
        var e = new Event
        {
            Subject = meeting.Subject,
            Body = new ItemBody { ContentType = BodyType.Text, Content = meeting.BodyText },
            Start = Utc(meeting.Start),
            End = Utc(meeting.End),
            Attendees = meeting.Attendees.Where(a => a.Email is not null && a.UserId != meeting.Organiser.UserId).Select(a => new Attendee
            {
                EmailAddress = new EmailAddress { Address = a.Email, Name = a.DisplayName },
                Type = AttendeeType.Required,
            }).ToList(),
            IsOnlineMeeting = meeting.Online,
            AllowNewTimeProposals = false,
            TransactionId = meeting.MeetingId,
        };
        if (meeting.Online) e.OnlineMeetingProvider = OnlineMeetingProviderType.TeamsForBusiness;
        if (meeting.Location is { Length: > 0 } place) e.Location = new Location { DisplayName = place };
        var created = await graph.Users[organiser].Events.PostAsync(e, cancellationToken: ct);
        return new BookedEvent(created?.Id ?? throw new InvalidOperationException("Graph returned no event id."), created.OnlineMeeting?.JoinUrl);
    }, ct);

    public Task<BookedEvent> UpdateEventAsync(MeetingEvent meeting, CancellationToken ct) => WriteAsync(meeting, "flytte mødet", async (graph, organiser) =>
    {
        var change = new Event { Start = Utc(meeting.Start), End = Utc(meeting.End) };
        if (meeting.Location is { Length: > 0 } place) change.Location = new Location { DisplayName = place };
        var updated = await graph.Users[organiser].Events[meeting.EventId].PatchAsync(change, cancellationToken: ct);
        return new BookedEvent(meeting.EventId!, updated?.OnlineMeeting?.JoinUrl);
    }, ct);

    public Task CancelEventAsync(MeetingEvent meeting, string comment, CancellationToken ct) => WriteAsync(meeting, "aflyse mødet", async (graph, organiser) =>
    {
        await graph.Users[organiser].Events[meeting.EventId].Cancel.PostAsync(new CancelPostRequestBody { Comment = comment }, cancellationToken: ct);
        return new BookedEvent(meeting.EventId!, null);
    }, ct);

    public Task SendMailAsync(MeetingMail mail, CancellationToken ct) =>
        WriteAsync(mail.From, "sende e-mail", async (graph, organiser) =>
        {
            var message = new Message
            {
                Subject = mail.Subject,
                Body = new ItemBody { ContentType = BodyType.Text, Content = mail.Text },
                ToRecipients = [new Recipient { EmailAddress = new EmailAddress { Address = mail.ToAddress, Name = mail.ToName } }],
            };
            if (mail.Ics is not null)
                message.Attachments =
                [
                    new FileAttachment
                    {
                        OdataType = "#microsoft.graph.fileAttachment",
                        Name = "invitation.ics",
                        ContentType = $"text/calendar; method={mail.Method ?? "REQUEST"}",
                        ContentBytes = Encoding.UTF8.GetBytes(mail.Ics),
                    },
                ];
            await graph.Users[organiser].SendMail.PostAsync(new SendMailPostRequestBody { Message = message, SaveToSentItems = true }, cancellationToken: ct);
            return new BookedEvent("", null);
        }, ct);

    private Task<BookedEvent> WriteAsync(MeetingEvent meeting, string what, Func<Microsoft.Graph.GraphServiceClient, string, Task<BookedEvent>> write, CancellationToken ct) =>
        WriteAsync(meeting.Organiser, what, write, ct);

    private async Task<BookedEvent> WriteAsync(CalendarPerson organiser, string what, Func<Microsoft.Graph.GraphServiceClient, string, Task<BookedEvent>> write, CancellationToken ct)
    {
        var org = organisations.Find(organiser.OrganisationId);
        if (org is null || org.EffectiveMode == ChannelMode.EmailOnly)
            throw new CollaborationTenantException($"Mødets arrangør {organiser.DisplayName} har ikke Microsoft 365 i {org?.Name ?? organiser.OrganisationId}.", false);
        await _concurrency.WaitAsync(ct);
        try { return await write(clients.For(org.TenantId!), organiser.UserId); }
        catch (Exception e) when (GraphProblem.From(e, ct) is { } problem)
        {
            log.LogWarning("Calendar write ({What}) in {Organisation} failed: {Problem}", what, org.Id, problem);
            var reason = problem.Is(403) || problem.Is(401)
                ? $"Microsoft 365 i {org.Name} tillader ikke Koordinator at {what} i {organiser.DisplayName}s kalender (Calendars.ReadWrite / Mail.Send og Exchange-rollen for appen mangler)."
                : problem.IsTransient ? GraphReasons.Busy : GraphReasons.Rejected(problem);
            throw new CollaborationTenantException(reason, problem.IsTransient, problem.RetryAfter, e);
        }
        finally { _concurrency.Release(); }
    }
}
