using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Meetings;

/// <summary>
/// The RFC 5545 invitation for people without Teams (RFC 5546 iTIP, RFC 6047 iMIP): METHOD:REQUEST with the times in
/// Europe/Copenhagen (VTIMEZONE included), ORGANIZER, every ATTENDEE, the meeting's stable UID, DTSTAMP and a
/// SEQUENCE raised on every change; METHOD:CANCEL with STATUS:CANCELLED on cancellation. Summary and description
/// carry the forløb's label and the agenda's titles only.
/// </summary>
public static class MeetingInvitation
{
    public const string Request = "REQUEST";
    public const string Cancel = "CANCEL";
    public const string ZoneId = "Europe/Copenhagen";

    public static string Uid(Meeting m) => $"{m.PublicId}@koordinator";

    public static string Build(string method, Meeting m, string subject, string description, CalendarPerson organiser,
        IEnumerable<CalendarPerson> attendees, DateTimeOffset stamp)
    {
        var calendar = new Calendar { Method = method, ProductId = "-//TeamsCoordinator//Koordinator//DA" };
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(ZoneId, m.Start!.Value.UtcDateTime.AddYears(-1), includeHistoricalData: false));
        var e = new CalendarEvent
        {
            Uid = Uid(m),
            Summary = subject,
            Description = description,
            DtStart = Local(m.Start!.Value),
            DtEnd = Local(m.End!.Value),
            DtStamp = new CalDateTime(stamp.UtcDateTime, "UTC", true),
            Sequence = m.Sequence,
            Location = m.Online ? m.JoinUrl ?? "Online" : m.Place,
            Status = method == Cancel ? "CANCELLED" : "CONFIRMED",
            Organizer = new Organizer($"mailto:{organiser.Email ?? "koordinator@localhost"}") { CommonName = organiser.DisplayName },
        };
        if (m.Online && m.JoinUrl is { } join && Uri.TryCreate(join, UriKind.Absolute, out var url)) e.Url = url;
        foreach (var a in attendees.Where(a => a.Email is not null))
            e.Attendees.Add(new Attendee($"mailto:{a.Email}")
            {
                CommonName = a.DisplayName,
                Role = "REQ-PARTICIPANT",
                ParticipationStatus = method == Cancel ? null : "NEEDS-ACTION",
                Rsvp = method != Cancel,
            });
        calendar.Events.Add(e);
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    private static CalDateTime Local(DateTimeOffset utc)
    {
        var local = TimeZoneInfo.ConvertTime(utc, WorkingHours.Copenhagen).DateTime;
        return new CalDateTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), ZoneId, true);
    }
}
