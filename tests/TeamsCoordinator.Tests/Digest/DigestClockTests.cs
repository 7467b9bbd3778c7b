using TeamsCoordinator.Digest;
using TeamsCoordinator.Meetings;
using static TeamsCoordinator.Tests.Digest.DigestTestKit;

namespace TeamsCoordinator.Tests.Digest;

/// <summary>
/// The digest comes at 08:00 Copenhagen time (or the person's time) on working days, until noon, for today only; the
/// daylight-saving Sundays (last Sunday of March and October) move 08:00 in UTC and nothing else.
/// </summary>
public sealed class DigestClockTests
{
    [Fact]
    public void BeforeDaylightSavingStartsEightOClockIsSevenUtc()
    {
        Assert.False(DigestClock.IsDue(new DateTimeOffset(2026, 3, 27, 6, 59, 0, TimeSpan.Zero), null));
        Assert.True(DigestClock.IsDue(new DateTimeOffset(2026, 3, 27, 7, 0, 0, TimeSpan.Zero), null));
    }

    [Fact]
    public void TheMondayAfterDaylightSavingStartsEightOClockIsSixUtc()
    {
        Assert.False(DigestClock.IsDue(new DateTimeOffset(2026, 3, 30, 5, 59, 0, TimeSpan.Zero), null));
        Assert.True(DigestClock.IsDue(new DateTimeOffset(2026, 3, 30, 6, 0, 0, TimeSpan.Zero), null));
    }

    [Theory]
    [InlineData(2026, 3, 29)]
    [InlineData(2026, 10, 25)]
    public void TheDaylightSavingSundaysHaveNoDigestAtAnyHour(int year, int month, int day)
    {
        var start = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero).AddHours(-2);
        for (var t = start; t < start.AddHours(26); t = t.AddMinutes(15)) Assert.False(DigestClock.IsDue(t, null), t.ToString("O"));
    }

    [Fact]
    public void WhenDaylightSavingEndsEightOClockIsSevenUtcAgain()
    {
        Assert.True(DigestClock.IsDue(new DateTimeOffset(2026, 10, 23, 6, 0, 0, TimeSpan.Zero), null)); // Friday, summer time
        Assert.False(DigestClock.IsDue(new DateTimeOffset(2026, 10, 26, 6, 59, 0, TimeSpan.Zero), null)); // Monday, winter time
        Assert.True(DigestClock.IsDue(new DateTimeOffset(2026, 10, 26, 7, 0, 0, TimeSpan.Zero), null));
    }

    [Fact]
    public void AChosenTimeIsLocalTimeOnBothSidesOfTheChange()
    {
        var halfPastSeven = new TimeOnly(7, 30);
        Assert.False(DigestClock.IsDue(Copenhagen(2026, 3, 27, 7, 29), halfPastSeven));
        Assert.True(DigestClock.IsDue(new DateTimeOffset(2026, 3, 27, 6, 30, 0, TimeSpan.Zero), halfPastSeven));
        Assert.False(DigestClock.IsDue(new DateTimeOffset(2026, 3, 30, 5, 29, 0, TimeSpan.Zero), halfPastSeven));
        Assert.True(DigestClock.IsDue(new DateTimeOffset(2026, 3, 30, 5, 30, 0, TimeSpan.Zero), halfPastSeven));
        Assert.False(DigestClock.IsDue(Copenhagen(2026, 3, 30, 7, 45), new TimeOnly(8, 0)));
    }

    [Fact]
    public void ABotThatWasDownCatchesUpUntilNoonAndNotAfter()
    {
        Assert.True(DigestClock.IsDue(Copenhagen(2026, 12, 3, 11, 59), null));
        Assert.False(DigestClock.IsDue(Copenhagen(2026, 12, 3, 12, 0), null));
        Assert.False(DigestClock.IsDue(Copenhagen(2026, 12, 5, 9, 0), null)); // Saturday
    }

    [Fact]
    public void TheLocalDateAndItsEndFollowCopenhagen()
    {
        Assert.Equal(new DateOnly(2026, 3, 30), DigestClock.LocalDate(new DateTimeOffset(2026, 3, 29, 22, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 12, 3), DigestClock.LocalDate(new DateTimeOffset(2026, 12, 3, 22, 59, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 22, 0, 0, TimeSpan.Zero), DigestClock.EndOfLocalDay(new DateTimeOffset(2026, 3, 30, 6, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 23, 0, 0, TimeSpan.Zero), DigestClock.EndOfLocalDay(new DateTimeOffset(2026, 10, 25, 12, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("7.30", 7, 30)]
    [InlineData("kl 7.30", 7, 30)]
    [InlineData("kl. 8", 8, 0)]
    [InlineData("07:30", 7, 30)]
    [InlineData("at 7:30", 7, 30)]
    [InlineData("KL 9.15", 9, 15)]
    public void ATypedTimeIsUnderstood(string typed, int hour, int minute) =>
        Assert.Equal(new TimeOnly(hour, minute), DigestClock.ParseTime(typed));

    [Theory]
    [InlineData("25.00")]
    [InlineData("7.3")]
    [InlineData("syv")]
    [InlineData("7.30 i morgen")]
    public void AnythingElseIsNoTime(string typed) => Assert.Null(DigestClock.ParseTime(typed));

    [Fact]
    public void WorkingDaysSkipTheWeekendAndTheHolidays()
    {
        Assert.Equal(new DateOnly(2026, 12, 8), DanishWorkingDays.Add(new DateOnly(2026, 12, 3), 3)); // Thursday + 3 = Tuesday
        Assert.Equal(new DateOnly(2026, 12, 1), DanishWorkingDays.Add(new DateOnly(2026, 12, 3), -2));
        // Wednesday 23 December + 3: juleaftensdag, juledag, 2. juledag and the weekend are skipped.
        Assert.Equal(new DateOnly(2026, 12, 30), DanishWorkingDays.Add(new DateOnly(2026, 12, 23), 3));
        // Skærtorsdag to 2. påskedag 2027 (25-29 March).
        Assert.Equal(new DateOnly(2027, 3, 30), DanishWorkingDays.Add(new DateOnly(2027, 3, 24), 1));
    }

    [Theory]
    [InlineData(2026, 12, 24)] // juleaftensdag, a Thursday
    [InlineData(2026, 12, 25)] // juledag
    [InlineData(2027, 1, 1)]   // nytårsdag, a Friday
    [InlineData(2027, 3, 26)]  // langfredag
    [InlineData(2027, 5, 6)]   // Kristi himmelfartsdag
    [InlineData(2027, 6, 5)]   // Grundlovsdag, a Saturday anyway
    public void NoDigestOnADanishHoliday(int year, int month, int day)
    {
        Assert.False(DigestClock.IsDue(Copenhagen(year, month, day, 8, 30), null));
        // The next working day has its morning as usual.
        var next = DanishWorkingDays.Add(new DateOnly(year, month, day), 1);
        Assert.True(DigestClock.IsDue(Copenhagen(next.Year, next.Month, next.Day, 8, 30), null));
    }
}
