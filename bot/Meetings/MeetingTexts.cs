using System.Globalization;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Meetings;

/// <summary>Danish words and times of meetings (Europe/Copenhagen), the same on cards, in e-mails and in the referat.</summary>
public static class MeetingTexts
{
    private static readonly CultureInfo Danish = CultureInfo.GetCultureInfo("da-DK");

    public static string KindName(MeetingKind kind) => kind switch
    {
        MeetingKind.Koordinationsmoede => "Koordinationsmøde",
        MeetingKind.Udskrivningsmoede => "Udskrivningsmøde",
        MeetingKind.Statusmoede => "Statusmøde",
        _ => "Netværksmøde",
    };

    public static DateTime Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, WorkingHours.Copenhagen).DateTime;

    public static DateOnly LocalDay(DateTimeOffset t) => DateOnly.FromDateTime(Local(t));

    /// <summary>"mandag 7. december 2026"</summary>
    public static string Day(DateTimeOffset t) => Local(t).ToString("dddd d. MMMM yyyy", Danish);

    /// <summary>"kl. 10.00–11.00"</summary>
    public static string Time(DateTimeOffset start, DateTimeOffset end) =>
        $"kl. {Local(start).ToString("HH.mm", Danish)}–{Local(end).ToString("HH.mm", Danish)}";

    /// <summary>"mandag 7. december 2026 kl. 10.00–11.00"</summary>
    public static string When(DateTimeOffset start, DateTimeOffset end) => $"{Day(start)} {Time(start, end)}";

    /// <summary>The subject of every invitation and e-mail: the kind and the forløb's label, nothing about the citizen.</summary>
    public static string Subject(Meeting m, string caseLabel) => $"{KindName(m.Kind)} · forløb {caseLabel}";

    public const string FollowUpTitle = "Opfølgning på aftaler fra sidste møde";
    public const string AnyOtherBusiness = "Eventuelt";

    public static string StateName(Meeting m) => m.State switch
    {
        MeetingState.Forslag => "tidspunkter foreslået",
        MeetingState.Afstemning => "afstemning i gang",
        MeetingState.AfventerBooking => "afventer booking",
        MeetingState.Booket => "booket",
        _ => "aflyst",
    };
}
