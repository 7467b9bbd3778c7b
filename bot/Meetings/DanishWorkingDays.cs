namespace TeamsCoordinator.Meetings;

/// <summary>
/// Danish working days: Monday to Friday except the public holidays (helligdage, Easter-based ones included; Store
/// Bededag was abolished from 2024) and the days public workplaces keep closed by custom (Grundlovsdag,
/// juleaftensdag, nytårsaftensdag). A meeting is never proposed on any of them, and the daily digest goes out on
/// working-day mornings only and counts its "within 3 working days" by them.
/// </summary>
public static class DanishWorkingDays
{
    public static bool IsWorkingDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && HolidayName(day) is null;

    /// <summary>The day <paramref name="count"/> working days after <paramref name="from"/> (negative: before).</summary>
    public static DateOnly Add(DateOnly from, int count)
    {
        var step = count < 0 ? -1 : 1;
        var day = from;
        for (var left = Math.Abs(count); left > 0;)
        {
            day = day.AddDays(step);
            if (IsWorkingDay(day)) left--;
        }
        return day;
    }

    public static string? HolidayName(DateOnly day)
    {
        switch (day.Month, day.Day)
        {
            case (1, 1): return "Nytårsdag";
            case (6, 5): return "Grundlovsdag";
            case (12, 24): return "Juleaftensdag";
            case (12, 25): return "Juledag";
            case (12, 26): return "2. juledag";
            case (12, 31): return "Nytårsaftensdag";
        }
        var easter = EasterSunday(day.Year);
        return (day.DayNumber - easter.DayNumber) switch
        {
            -3 => "Skærtorsdag",
            -2 => "Langfredag",
            0 => "Påskedag",
            1 => "2. påskedag",
            26 when day.Year < 2024 => "Store bededag",
            39 => "Kristi himmelfartsdag",
            49 => "Pinsedag",
            50 => "2. pinsedag",
            _ => null,
        };
    }

    /// <summary>Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451, month = (h + l - 7 * m + 114) / 31, dayOfMonth = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, dayOfMonth);
    }
}
