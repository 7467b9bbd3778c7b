namespace TeamsCoordinator.Tenants;

/// <summary>
/// Calendars, meetings and mail across the organisations' tenants: free/busy read in each tenant with that tenant's
/// own consent, the meeting made in the organiser's calendar (a Teams meeting, invitations across tenants), and
/// e-mail to people without Teams. Two implementations: Microsoft Graph (one client per tenant) and the embedded one
/// (calendars in the project's database, .eml files or SMTP; the default).
/// </summary>
public interface IMeetingCalendars
{
    /// <summary>
    /// Free/busy and working hours for each person, in the order given. A person whose calendar cannot be read
    /// (no Microsoft 365, no consent in their tenant, an address the tenant cannot resolve, an outage) comes back
    /// <see cref="PersonAvailability.Known"/> = false with the reason: never as free.
    /// </summary>
    Task<IReadOnlyList<PersonAvailability>> GetAvailabilityAsync(IReadOnlyList<CalendarPerson> people, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    /// <summary>Creates the meeting in the organiser's calendar and invites the attendees; idempotent on <see cref="MeetingEvent.MeetingId"/>.</summary>
    Task<BookedEvent> CreateEventAsync(MeetingEvent meeting, CancellationToken ct);

    /// <summary>Moves the meeting (<see cref="MeetingEvent.EventId"/>); the attendees get the update.</summary>
    Task<BookedEvent> UpdateEventAsync(MeetingEvent meeting, CancellationToken ct);

    /// <summary>Cancels the meeting; the attendees get the cancellation.</summary>
    Task CancelEventAsync(MeetingEvent meeting, string comment, CancellationToken ct);

    /// <summary>An e-mail from the organiser (with the invitation's .ics when there is one).</summary>
    Task SendMailAsync(MeetingMail mail, CancellationToken ct);
}

public sealed record CalendarPerson(string UserId, string OrganisationId, string? TenantId, string DisplayName, string? Email);

/// <summary>getSchedule's scheduleItem statuses that take time (free and working elsewhere do not).</summary>
public enum BusyKind { Tentative, Busy, OutOfOffice }

public sealed record BusyTime(DateTimeOffset Start, DateTimeOffset End, BusyKind Kind);

/// <summary>A person's working hours as their calendar states them, in their own time zone.</summary>
public sealed record WorkingHours(IReadOnlySet<DayOfWeek> Days, TimeOnly Start, TimeOnly End, TimeZoneInfo TimeZone)
{
    public static readonly TimeZoneInfo Copenhagen = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    public static readonly IReadOnlySet<DayOfWeek> Weekdays =
        new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };

    /// <summary>Outlook's default when a mailbox states none: 08:00–17:00 Monday to Friday.</summary>
    public static WorkingHours Default(TimeZoneInfo? zone = null) => new(Weekdays, new TimeOnly(8, 0), new TimeOnly(17, 0), zone ?? Copenhagen);

    /// <summary>A time zone by IANA or Windows name (Graph gives "Romance Standard Time"); Copenhagen when unknown or custom.</summary>
    public static TimeZoneInfo Zone(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return Copenhagen;
        try { return TimeZoneInfo.FindSystemTimeZoneById(name); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneConverter.TZConvert.TryGetTimeZoneInfo(name, out var zone) ? zone : Copenhagen;
        }
    }
}

public sealed record PersonAvailability(string UserId, bool Known, string? UnknownReason, IReadOnlyList<BusyTime> Busy, WorkingHours? WorkingHours)
{
    public static PersonAvailability Unknown(string userId, string reason) => new(userId, false, reason, [], null);
}

/// <summary>
/// The meeting as Microsoft 365 gets it. <see cref="Subject"/> and <see cref="BodyText"/> carry the forløb's label
/// only, never the citizen's name or CPR number.
/// </summary>
public sealed record MeetingEvent(
    string MeetingId,
    string Subject,
    string BodyText,
    DateTimeOffset Start,
    DateTimeOffset End,
    string? Location,
    bool Online,
    CalendarPerson Organiser,
    IReadOnlyList<CalendarPerson> Attendees,
    string? EventId = null,
    int Sequence = 0);

public sealed record BookedEvent(string EventId, string? JoinUrl);

/// <summary>An e-mail from the organiser; <see cref="Ics"/> (with its METHOD) goes as a text/calendar part.</summary>
public sealed record MeetingMail(CalendarPerson From, string ToName, string ToAddress, string Subject, string Text, string? Ics, string? Method, string Key);
