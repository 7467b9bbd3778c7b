using TimeZoneConverter;

namespace TeamsCoordinator.Documents.Templates;

/// <summary>
/// Dates as Danish staff write them ("23. november 2026"), in Europe/Copenhagen. Month names are spelled out here
/// rather than taken from the da-DK culture so the output never depends on the machine's ICU data.
/// </summary>
public static class DanishFormat
{
    public static readonly TimeZoneInfo Copenhagen = TZConvert.GetTimeZoneInfo("Europe/Copenhagen");

    private static readonly string[] Months =
        ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"];

    public static string Date(DateOnly date) => $"{date.Day}. {Months[date.Month - 1]} {date.Year}";

    /// <summary>"23. november 2026 kl. 14.30", local time in Copenhagen.</summary>
    public static string Moment(DateTimeOffset moment)
    {
        var local = LocalDateTime(moment);
        return $"{Date(DateOnly.FromDateTime(local))} kl. {local:HH}.{local:mm}";
    }

    public static DateTime LocalDateTime(DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, Copenhagen).DateTime;

    public static string YesNo(bool answer) => answer ? "Ja" : "Nej";

    /// <summary>"nr. 2, 5 og 9": a Danish enumeration.</summary>
    public static string Enumeration(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " og " + items[^1],
    };
}
