using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Tenants;

/// <summary>
/// Calendars of the embedded tenant: free/busy from the database (an organisation without Microsoft 365, or a
/// person without working hours there, is unknown), a booked meeting as an event with busy time for everyone and a
/// local join page (/moeder/{id}), e-mail through <see cref="IMailDrop"/>.
/// </summary>
public sealed class EmbeddedMeetingCalendars(CoordinatorDb db, ICollaborationTenants tenants, IMailDrop mail, PublicBaseUrl baseUrl) : IMeetingCalendars
{
    public const string NoMicrosoft365 = "har ikke Microsoft 365, så kalenderen kan ikke læses";
    public const string NoCalendar = "har ingen kalender, som Koordinator kan læse";

    public async Task<IReadOnlyList<PersonAvailability>> GetAvailabilityAsync(IReadOnlyList<CalendarPerson> people, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var organisations = (await tenants.GetOrganisationsAsync(ct)).ToDictionary(o => o.Id);
        var ids = people.Select(p => p.UserId).ToList();
        var hours = await db.Set<EmbeddedWorkingHours>().AsNoTracking().Where(w => ids.Contains(w.UserId)).ToDictionaryAsync(w => w.UserId, ct);
        var busy = (await db.Set<EmbeddedBusyTime>().AsNoTracking().Where(b => ids.Contains(b.UserId) && b.Start < to && b.End > from).ToListAsync(ct))
            .ToLookup(b => b.UserId);
        return people.Select(p =>
        {
            if (!organisations.TryGetValue(p.OrganisationId, out var org) || org.TenantId is null)
                return PersonAvailability.Unknown(p.UserId, NoMicrosoft365);
            if (!hours.TryGetValue(p.UserId, out var h)) return PersonAvailability.Unknown(p.UserId, NoCalendar);
            return new PersonAvailability(p.UserId, true, null,
                busy[p.UserId].Select(b => new BusyTime(b.Start, b.End, b.Kind)).OrderBy(b => b.Start).ToList(), h.ToWorkingHours());
        }).ToList();
    }

    public async Task<BookedEvent> CreateEventAsync(MeetingEvent meeting, CancellationToken ct)
    {
        var id = "embedded-" + meeting.MeetingId;
        if (await db.Set<EmbeddedEvent>().FindAsync([id], ct) is null)
        {
            db.Add(new EmbeddedEvent
            {
                EventId = id, Subject = meeting.Subject, Start = meeting.Start, End = meeting.End, Location = meeting.Location,
                Online = meeting.Online, OrganiserUserId = meeting.Organiser.UserId, Sequence = meeting.Sequence,
            });
            AddBusy(meeting, id);
        }
        return new BookedEvent(id, meeting.Online ? JoinUrl(id) : null);
    }

    public async Task<BookedEvent> UpdateEventAsync(MeetingEvent meeting, CancellationToken ct)
    {
        var id = meeting.EventId ?? throw new InvalidOperationException("The meeting has no event to update.");
        var e = await db.Set<EmbeddedEvent>().FindAsync([id], ct) ?? throw new CollaborationTenantException("Mødet findes ikke i kalenderen.", false);
        (e.Start, e.End, e.Location, e.Online, e.Sequence) = (meeting.Start, meeting.End, meeting.Location, meeting.Online, meeting.Sequence);
        await db.Set<EmbeddedBusyTime>().Where(b => b.EventId == id).ExecuteDeleteAsync(ct);
        AddBusy(meeting, id);
        return new BookedEvent(id, meeting.Online ? JoinUrl(id) : null);
    }

    public async Task CancelEventAsync(MeetingEvent meeting, string comment, CancellationToken ct)
    {
        var id = meeting.EventId ?? throw new InvalidOperationException("The meeting has no event to cancel.");
        if (await db.Set<EmbeddedEvent>().FindAsync([id], ct) is { } e) (e.Cancelled, e.Sequence) = (true, meeting.Sequence);
        await db.Set<EmbeddedBusyTime>().Where(b => b.EventId == id).ExecuteDeleteAsync(ct);
    }

    public Task SendMailAsync(MeetingMail message, CancellationToken ct) => mail.SendAsync(MeetingMailMessage.Build(message), ct);

    private void AddBusy(MeetingEvent meeting, string id)
    {
        foreach (var person in meeting.Attendees.Append(meeting.Organiser).DistinctBy(p => p.UserId))
            db.Add(new EmbeddedBusyTime { UserId = person.UserId, Start = meeting.Start, End = meeting.End, Kind = BusyKind.Busy, EventId = id });
    }

    private string JoinUrl(string id) => $"{baseUrl.Value}/moeder/{Uri.EscapeDataString(id)}";
}
