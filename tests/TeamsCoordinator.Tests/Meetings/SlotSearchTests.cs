using TeamsCoordinator.Meetings;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Tests.Meetings;

public class SlotSearchTests
{
    private static readonly TimeZoneInfo Copenhagen = WorkingHours.Copenhagen;
    private static readonly DateTimeOffset LongAgo = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static PersonAvailability Person(string id, WorkingHours? hours = null, params BusyTime[] busy) => new(id, true, null, busy, hours ?? WorkingHours.Default());

    private static DateTimeOffset At(DateOnly day, int hour, int minute = 0) => SlotSearch.Utc(day, new TimeOnly(hour, minute), Copenhagen);

    private static BusyTime Busy(DateOnly day, int from, int to, BusyKind kind = BusyKind.Busy) => new(At(day, from), At(day, to), kind);

    private static SlotResult Find(DateOnly from, DateOnly to, int minutes, params PersonAvailability[] people) =>
        SlotSearch.Find(new SlotQuery(people, from, to, TimeSpan.FromMinutes(minutes), LongAgo));

    [Fact]
    public void SlotsLieInsideEveryPersonsWorkingHoursInTheirOwnTimeZone()
    {
        var tuesday = new DateOnly(2026, 12, 8);
        // getSchedule names zones the Windows way: 08:00–12:00 in London is 09:00–13:00 in Copenhagen in December.
        var london = new WorkingHours(WorkingHours.Weekdays, new TimeOnly(8, 0), new TimeOnly(12, 0), WorkingHours.Zone("GMT Standard Time"));

        var result = Find(tuesday, tuesday, 60, Person("a"), Person("b", london));

        Assert.Equal(3, result.Best.Count);
        Assert.All(result.Best, slot => Assert.True(slot.Start >= At(tuesday, 9) && slot.End <= At(tuesday, 13), $"{slot.Start} is outside London's working hours"));
        Assert.Equal(At(tuesday, 9), result.Best[0].Start);
    }

    [Theory]
    [InlineData("2026-03-27", 8)] // Friday before summer time: 09:00 in Copenhagen is 08:00 UTC
    [InlineData("2026-03-30", 7)] // Monday after the clocks went forward on 29 March: 07:00 UTC
    [InlineData("2026-10-23", 7)] // Friday before the clocks go back on 25 October
    [InlineData("2026-10-26", 8)] // Monday after
    public void TheDaylightSavingWeeksOfMarchAndOctoberKeepTheLocalTime(string day, int utcHour)
    {
        var date = DateOnly.Parse(day);
        var nineToTen = new WorkingHours(WorkingHours.Weekdays, new TimeOnly(9, 0), new TimeOnly(10, 0), Copenhagen);

        var slot = Assert.Single(Find(date, date, 60, Person("a", nineToTen)).Best);

        Assert.Equal(new DateTimeOffset(date.ToDateTime(new TimeOnly(utcHour, 0)), TimeSpan.Zero), slot.Start);
        Assert.Equal("kl. 09.00–10.00", MeetingTexts.Time(slot.Start, slot.End));
    }

    [Fact]
    public void FreeComesBeforeTentativeAndTentativeBeforeBusy()
    {
        var monday = new DateOnly(2026, 12, 7);
        var tuesday = monday.AddDays(1);
        var wednesday = monday.AddDays(2);
        var a = Person("a", null, Busy(monday, 8, 17, BusyKind.Tentative), Busy(tuesday, 8, 17), Busy(wednesday, 8, 15));

        var result = Find(monday, wednesday, 60, a, Person("b"));

        Assert.True(result.Common);
        Assert.Equal([At(monday, 8), At(tuesday, 8), At(wednesday, 15)], result.Best.Select(s => s.Start));
        Assert.Equal([SlotAnswer.Tentative, SlotAnswer.Busy, SlotAnswer.Free], result.Best.Select(s => s.Answers["a"]));
    }

    [Fact]
    public void OutOfOfficeCountsAsBusy()
    {
        var monday = new DateOnly(2026, 12, 7);
        var result = Find(monday, monday, 60, Person("a", null, Busy(monday, 8, 17, BusyKind.OutOfOffice)));

        Assert.False(result.Common);
        Assert.All(result.Best, s => Assert.Equal(SlotAnswer.Busy, s.Answers["a"]));
    }

    [Fact]
    public void PeopleWhoseCalendarCannotBeReadAreUnknownNeverFree()
    {
        var monday = new DateOnly(2026, 12, 7);
        var gp = PersonAvailability.Unknown("gp", "har ikke Microsoft 365");

        var result = Find(monday, monday.AddDays(4), 60, Person("a"), gp);

        Assert.Equal(3, result.Best.Count);
        Assert.All(result.Best, s => Assert.Equal(SlotAnswer.Unknown, s.Answers["gp"]));
        Assert.All(result.Best, s => Assert.Equal(1, s.Count(SlotAnswer.Free)));
        Assert.True(result.AnyUnknown);
    }

    [Fact]
    public void NoCommonSlotIsSaidSoAndTheLeastBusyTimesAreStillOffered()
    {
        var monday = new DateOnly(2026, 12, 7);
        var result = Find(monday, monday, 60, Person("a", null, Busy(monday, 8, 12)), Person("b", null, Busy(monday, 12, 17)));

        Assert.False(result.Common);
        Assert.NotEmpty(result.Best);
        Assert.All(result.Best, s => Assert.Equal(1, s.Count(SlotAnswer.Busy)));
    }

    [Fact]
    public void ThreeBestSlotsOnDifferentDaysWhileThereAreDaysEnough()
    {
        var monday = new DateOnly(2026, 12, 7);
        var result = Find(monday, monday.AddDays(4), 60, Person("a"));

        Assert.Equal(3, result.Best.Select(s => MeetingTexts.LocalDay(s.Start)).Distinct().Count());
    }

    [Fact]
    public void SlotsNeverOverlapOnOneDay()
    {
        var monday = new DateOnly(2026, 12, 7);
        var result = Find(monday, monday, 90, Person("a"));

        Assert.Equal(3, result.Best.Count);
        for (var i = 1; i < result.Best.Count; i++) Assert.True(result.Best[i].Start >= result.Best[i - 1].End);
    }

    [Theory]
    [InlineData("2026-04-02", "2026-04-06")] // skærtorsdag, langfredag, the weekend, 2. påskedag
    [InlineData("2026-05-14", "2026-05-14")] // Kristi himmelfartsdag
    [InlineData("2026-05-25", "2026-05-25")] // 2. pinsedag
    [InlineData("2026-12-24", "2026-12-27")] // juleaften, juledag, 2. juledag, Sunday
    public void NoMeetingOnWeekendsOrDanishHolidays(string from, string to) =>
        Assert.Empty(Find(DateOnly.Parse(from), DateOnly.Parse(to), 60, Person("a")).Best);

    [Fact]
    public void NothingIsProposedBeforeNotBefore()
    {
        var monday = new DateOnly(2026, 12, 7);
        var result = SlotSearch.Find(new SlotQuery([Person("a")], monday, monday, TimeSpan.FromMinutes(60), At(monday, 14, 10)));

        Assert.All(result.Best, s => Assert.True(s.Start >= At(monday, 14, 10)));
        Assert.Equal(At(monday, 14, 15), result.Best[0].Start);
    }

    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2038, 4, 25)]
    public void EasterSundayIsComputedForAnyYear(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), DanishWorkingDays.EasterSunday(year));

    [Fact]
    public void StoreBededagIsAWorkingDayFrom2024()
    {
        Assert.Equal("Store bededag", DanishWorkingDays.HolidayName(new DateOnly(2023, 5, 5)));
        Assert.True(DanishWorkingDays.IsWorkingDay(new DateOnly(2024, 4, 26)));
    }
}
