using System.Text.RegularExpressions;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Meetings;

namespace TeamsCoordinator.Digest;

/// <summary>
/// When a morning overview is due, in Copenhagen time: Danish working days only (<see cref="DanishWorkingDays"/>, the
/// one definition meetings use too: no weekend, no helligdag), from the person's time (08:00 unless they chose
/// another) until noon, for today's local date and never another. Daylight saving changes on a Sunday, which is no
/// working day; converting through the time zone keeps 08:00 at 08:00 local on both sides of it.
/// </summary>
public static partial class DigestClock
{
    public static readonly TimeOnly DefaultTime = new(8, 0);
    /// <summary>A bot that was down at the person's time still sends until then; later the morning is over.</summary>
    public static readonly TimeOnly CatchUpUntil = new(12, 0);
    /// <summary>The times a person may choose: early enough to be read before noon.</summary>
    public static readonly TimeOnly EarliestChoice = new(6, 0), LatestChoice = new(11, 30);

    public static DateTime Local(DateTimeOffset now) => TimeZoneInfo.ConvertTime(now, ConsentPolicy.Copenhagen).DateTime;

    public static DateOnly LocalDate(DateTimeOffset now) => DateOnly.FromDateTime(Local(now));

    /// <summary>Whether a digest chosen for <paramref name="sendAt"/> is due at <paramref name="now"/> (a working day, between its time and noon).</summary>
    public static bool IsDue(DateTimeOffset now, TimeOnly? sendAt)
    {
        var local = Local(now);
        var time = TimeOnly.FromDateTime(local);
        return DanishWorkingDays.IsWorkingDay(DateOnly.FromDateTime(local)) && time >= (sendAt ?? DefaultTime) && time < CatchUpUntil;
    }

    /// <summary>The moment the local date of <paramref name="now"/> ends: after it, that day's digest is not delivered.</summary>
    public static DateTimeOffset EndOfLocalDay(DateTimeOffset now) => Handovers.SubmitHandoverAction.EndOfDay(LocalDate(now));

    /// <summary>"7.30", "07:30", "kl 8", "kl. 8.00", "at 7:30": the time a person typed; null when it is none.</summary>
    public static TimeOnly? ParseTime(string text)
    {
        var m = TimeText().Match(text.Trim());
        if (!m.Success) return null;
        var hour = int.Parse(m.Groups["h"].Value);
        var minute = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value) : 0;
        return hour < 24 && minute < 60 ? new TimeOnly(hour, minute) : null;
    }

    [GeneratedRegex(@"^(?:(?:kl\.?|at)\s*)?(?<h>\d{1,2})(?:[.:](?<m>\d{2}))?$", RegexOptions.IgnoreCase)]
    private static partial Regex TimeText();
}
