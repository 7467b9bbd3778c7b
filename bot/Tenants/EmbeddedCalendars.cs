using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Tenants;

// The embedded tenant's calendars: working hours and busy time per person, kept in the project's database.

/// <summary>A person's working hours. A person without a row has no calendar the bot can read (shown as unknown).</summary>
public sealed class EmbeddedWorkingHours
{
    public required string UserId { get; set; }
    /// <summary>Comma-separated day names, e.g. "Monday,Tuesday,Wednesday,Thursday".</summary>
    public required string Days { get; set; }
    public TimeOnly Start { get; set; }
    public TimeOnly End { get; set; }
    public required string TimeZone { get; set; }

    public WorkingHours ToWorkingHours() => new(
        Days.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<DayOfWeek>).ToHashSet(), Start, End, WorkingHours.Zone(TimeZone));
}

public sealed class EmbeddedBusyTime
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset Start { get; set; }
    public DateTimeOffset End { get; set; }
    public BusyKind Kind { get; set; }
    /// <summary>The booked meeting this busy time belongs to (null for the seeded calendar).</summary>
    public string? EventId { get; set; }
}

/// <summary>A meeting booked in the embedded tenant: what its local join page shows.</summary>
public sealed class EmbeddedEvent
{
    public required string EventId { get; set; }
    public required string Subject { get; set; }
    public DateTimeOffset Start { get; set; }
    public DateTimeOffset End { get; set; }
    public string? Location { get; set; }
    public bool Online { get; set; }
    public required string OrganiserUserId { get; set; }
    public int Sequence { get; set; }
    public bool Cancelled { get; set; }
}

internal sealed class EmbeddedCalendarConfiguration :
    IEntityTypeConfiguration<EmbeddedWorkingHours>, IEntityTypeConfiguration<EmbeddedBusyTime>, IEntityTypeConfiguration<EmbeddedEvent>
{
    public void Configure(EntityTypeBuilder<EmbeddedWorkingHours> e)
    {
        e.ToTable("embedded_working_hours");
        e.HasKey(w => w.UserId);
    }

    public void Configure(EntityTypeBuilder<EmbeddedBusyTime> e)
    {
        e.ToTable("embedded_busy_times");
        e.HasIndex(b => new { b.UserId, b.Start });
        e.HasIndex(b => b.EventId);
        e.Property(b => b.Kind).HasConversion<string>().HasMaxLength(20);
    }

    public void Configure(EntityTypeBuilder<EmbeddedEvent> e)
    {
        e.ToTable("embedded_events");
        e.HasKey(x => x.EventId);
    }
}

/// <summary>
/// Realistic calendars for the demo people: each their own working hours (part-time, early shifts) and a working
/// week of meetings, ward rounds, home visits and leave, repeated week by week from the seeding day on. The GP and
/// the relative have no calendar the bot can read, so the demo shows them as unknown.
/// </summary>
public static class DemoCalendars
{
    /// <summary>Weeks of calendar kept ahead of today; topped up at every start.</summary>
    public const int WeeksAhead = 10;

    private sealed record Block(DayOfWeek Day, TimeOnly From, TimeOnly To, BusyKind Kind);

    private sealed record Person(string UserId, string Days, TimeOnly Start, TimeOnly End, Block[] Week);

    private static TimeOnly T(int h, int m = 0) => new(h, m);

    private static readonly Person[] People =
    [
        // Mette, distriktspsykiatrien: home visits most mornings.
        new("00000000-0000-4000-8000-00000000a001", "Monday,Tuesday,Wednesday,Thursday,Friday", T(8), T(15, 30),
        [
            new(DayOfWeek.Monday, T(8, 30), T(11), BusyKind.Busy), new(DayOfWeek.Tuesday, T(12), T(13), BusyKind.Tentative),
            new(DayOfWeek.Wednesday, T(8), T(10, 30), BusyKind.Busy), new(DayOfWeek.Thursday, T(13), T(15), BusyKind.Busy),
            new(DayOfWeek.Friday, T(9), T(10), BusyKind.Busy),
        ]),
        // Lars, myndighed: citizen meetings, team meeting Tuesday.
        new("00000000-0000-4000-8000-00000000b001", "Monday,Tuesday,Wednesday,Thursday,Friday", T(8), T(15),
        [
            new(DayOfWeek.Monday, T(13), T(14, 30), BusyKind.Busy), new(DayOfWeek.Tuesday, T(9), T(11), BusyKind.Busy),
            new(DayOfWeek.Wednesday, T(14), T(15), BusyKind.Tentative), new(DayOfWeek.Thursday, T(8), T(9, 30), BusyKind.Busy),
            new(DayOfWeek.Friday, T(12), T(15), BusyKind.OutOfOffice),
        ]),
        // Camilla, socialpsykiatrien: part-time Monday to Thursday.
        new("00000000-0000-4000-8000-00000000b002", "Monday,Tuesday,Wednesday,Thursday", T(8, 30), T(16),
        [
            new(DayOfWeek.Monday, T(10), T(12), BusyKind.Busy), new(DayOfWeek.Tuesday, T(13), T(16), BusyKind.Busy),
            new(DayOfWeek.Wednesday, T(9), T(10), BusyKind.Busy), new(DayOfWeek.Thursday, T(11), T(12), BusyKind.Tentative),
        ]),
        // Jonas, overlæge: ward rounds every morning, conference Wednesday afternoon.
        new("00000000-0000-4000-8000-00000000a002", "Monday,Tuesday,Wednesday,Thursday,Friday", T(7, 30), T(15, 30),
        [
            new(DayOfWeek.Monday, T(7, 30), T(10), BusyKind.Busy), new(DayOfWeek.Tuesday, T(7, 30), T(10), BusyKind.Busy),
            new(DayOfWeek.Wednesday, T(7, 30), T(10), BusyKind.Busy), new(DayOfWeek.Wednesday, T(12), T(15, 30), BusyKind.Busy),
            new(DayOfWeek.Thursday, T(7, 30), T(10), BusyKind.Busy), new(DayOfWeek.Friday, T(7, 30), T(10), BusyKind.Busy),
        ]),
        // Peter, misbrugsbehandling in Brønderslev: group sessions.
        new("00000000-0000-4000-8000-00000000c001", "Monday,Tuesday,Wednesday,Thursday,Friday", T(8), T(16),
        [
            new(DayOfWeek.Monday, T(9), T(11), BusyKind.Busy), new(DayOfWeek.Wednesday, T(13), T(15), BusyKind.Busy),
            new(DayOfWeek.Thursday, T(9), T(12), BusyKind.Busy),
        ]),
        // Sofie, sengeafsnit: day shifts, handover meetings.
        new("00000000-0000-4000-8000-00000000a003", "Monday,Tuesday,Wednesday,Thursday,Friday", T(7), T(15),
        [
            new(DayOfWeek.Monday, T(7), T(8, 30), BusyKind.Busy), new(DayOfWeek.Tuesday, T(14), T(15), BusyKind.Busy),
            new(DayOfWeek.Thursday, T(7), T(8, 30), BusyKind.Busy),
        ]),
        new("00000000-0000-4000-8000-00000000b003", "Monday,Tuesday,Wednesday,Thursday,Friday", T(8), T(15, 30),
            [new(DayOfWeek.Tuesday, T(10), T(12), BusyKind.Busy), new(DayOfWeek.Friday, T(8), T(10), BusyKind.Busy)]),
        new("00000000-0000-4000-8000-00000000b004", "Monday,Tuesday,Wednesday,Thursday,Friday", T(7), T(15),
            [new(DayOfWeek.Monday, T(13), T(15), BusyKind.Busy), new(DayOfWeek.Wednesday, T(7), T(9), BusyKind.Busy)]),
        // Rasmus, visitation in Jammerbugt.
        new("00000000-0000-4000-8000-00000000e001", "Monday,Tuesday,Wednesday,Thursday,Friday", T(8), T(15, 30),
            [new(DayOfWeek.Tuesday, T(13), T(15, 30), BusyKind.Busy), new(DayOfWeek.Thursday, T(10), T(11, 30), BusyKind.Tentative)]),
    ];

    /// <summary>Working hours once; busy time from the last seeded week (or this week) until <see cref="WeeksAhead"/> weeks ahead.</summary>
    public static async Task SeedAsync(CoordinatorDb db, DateOnly today, CancellationToken ct)
    {
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var until = monday.AddDays(7 * WeeksAhead);
        foreach (var p in People)
        {
            if (await db.Set<EmbeddedWorkingHours>().FindAsync([p.UserId], ct) is null)
                db.Add(new EmbeddedWorkingHours { UserId = p.UserId, Days = p.Days, Start = p.Start, End = p.End, TimeZone = "Europe/Copenhagen" });
            var last = await db.Set<EmbeddedBusyTime>().Where(b => b.UserId == p.UserId && b.EventId == null)
                .OrderByDescending(b => b.Start).Select(b => (DateTimeOffset?)b.Start).FirstOrDefaultAsync(ct);
            var from = last is { } l ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(l, WorkingHours.Copenhagen).DateTime).AddDays(1) : monday;
            for (var day = from; day < until; day = day.AddDays(1))
                foreach (var block in p.Week.Where(b => b.Day == day.DayOfWeek))
                    db.Add(new EmbeddedBusyTime
                    {
                        UserId = p.UserId, Kind = block.Kind,
                        Start = Meetings.SlotSearch.Utc(day, block.From, WorkingHours.Copenhagen),
                        End = Meetings.SlotSearch.Utc(day, block.To, WorkingHours.Copenhagen),
                    });
        }
        await db.SaveChangesAsync(ct);
    }
}
