using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Meetings;

/// <summary>How one person stands at a proposed time.</summary>
public enum SlotAnswer { Free, Tentative, Busy, Unknown }

public sealed record SlotQuery(
    IReadOnlyList<PersonAvailability> People,
    DateOnly From,
    DateOnly To,
    TimeSpan Duration,
    /// <summary>Nothing is proposed before this (a meeting is not called for the next hour).</summary>
    DateTimeOffset NotBefore,
    int Count = 3);

public sealed record Slot(DateTimeOffset Start, DateTimeOffset End, IReadOnlyDictionary<string, SlotAnswer> Answers)
{
    public int Count(SlotAnswer answer) => Answers.Values.Count(a => a == answer);
}

/// <summary><see cref="Common"/>: the best slot has every person whose calendar was read free or tentative.</summary>
public sealed record SlotResult(IReadOnlyList<Slot> Best, bool Common)
{
    public bool AnyUnknown => Best.Any(s => s.Count(SlotAnswer.Unknown) > 0);
}

/// <summary>
/// The three best times for a meeting: inside every known person's working hours (in their own time zone), on Danish
/// working days, in the meeting frame 08:00–17:00 Europe/Copenhagen, on a 15-minute grid. Fewest busy first, then
/// fewest tentative, then earliest; at most one per day while other days have one, never overlapping. People whose
/// calendar could not be read are <see cref="SlotAnswer.Unknown"/>, never free. Pure and fast: a bitmap per person.
/// </summary>
public static class SlotSearch
{
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(15);
    public static readonly TimeOnly FrameStart = new(8, 0);
    public static readonly TimeOnly FrameEnd = new(17, 0);
    private static readonly int CellsPerDay = (int)((FrameEnd - FrameStart) / Step);

    private const byte Free = 0, Tentative = 1, Busy = 2, Outside = 3;

    public static SlotResult Find(SlotQuery q)
    {
        var cellsNeeded = (int)Math.Ceiling(q.Duration / Step);
        if (cellsNeeded <= 0 || cellsNeeded > CellsPerDay) return new([], false);
        var days = new List<DateTimeOffset>(); // each working day's frame start, in UTC
        for (var d = q.From; d <= q.To; d = d.AddDays(1))
            if (DanishWorkingDays.IsWorkingDay(d))
                days.Add(Utc(d, FrameStart, WorkingHours.Copenhagen));
        if (days.Count == 0) return new([], false);

        var known = q.People.Where(p => p.Known).ToList();
        var cells = known.Select(p => Cells(p, days)).ToArray();

        var candidates = new List<(int Day, int Cell, int Busy, int Tentative)>();
        for (var day = 0; day < days.Count; day++)
            for (var start = 0; start + cellsNeeded <= CellsPerDay; start++)
            {
                if (days[day] + start * Step < q.NotBefore) continue;
                int busy = 0, tentative = 0;
                var possible = true;
                for (var p = 0; p < cells.Length && possible; p++)
                {
                    byte worst = Free;
                    var offset = day * CellsPerDay + start;
                    for (var c = 0; c < cellsNeeded; c++) worst = Math.Max(worst, cells[p][offset + c]);
                    if (worst == Outside) possible = false;
                    else if (worst == Busy) busy++;
                    else if (worst == Tentative) tentative++;
                }
                if (possible) candidates.Add((day, start, busy, tentative));
            }
        if (candidates.Count == 0) return new([], false);

        candidates.Sort((a, b) => a.Busy != b.Busy ? a.Busy.CompareTo(b.Busy)
            : a.Tentative != b.Tentative ? a.Tentative.CompareTo(b.Tentative)
            : a.Day != b.Day ? a.Day.CompareTo(b.Day) : a.Cell.CompareTo(b.Cell));
        var chosen = new List<(int Day, int Cell, int Busy, int Tentative)>();
        foreach (var oncePerDay in new[] { true, false })
            foreach (var c in candidates)
            {
                if (chosen.Count == q.Count) break;
                if (chosen.Any(x => x.Day == c.Day && (oncePerDay || Math.Abs(x.Cell - c.Cell) < cellsNeeded))) continue;
                chosen.Add(c);
            }
        var slots = chosen.Select(c =>
        {
            var start = days[c.Day] + c.Cell * Step;
            var end = start + q.Duration;
            var answers = new Dictionary<string, SlotAnswer>();
            foreach (var person in q.People)
            {
                if (!person.Known) { answers[person.UserId] = SlotAnswer.Unknown; continue; }
                var row = cells[known.IndexOf(person)];
                byte worst = Free;
                for (var i = 0; i < cellsNeeded; i++) worst = Math.Max(worst, row[c.Day * CellsPerDay + c.Cell + i]);
                answers[person.UserId] = worst switch { Free => SlotAnswer.Free, Tentative => SlotAnswer.Tentative, _ => SlotAnswer.Busy };
            }
            return new Slot(start, end, answers);
        }).OrderBy(s => s.Start).ToList();
        return new(slots, chosen.Count > 0 && chosen[0].Busy == 0);
    }

    /// <summary>The person's state in each 15-minute cell of the frame: outside working hours, busy, tentative or free.</summary>
    private static byte[] Cells(PersonAvailability p, IReadOnlyList<DateTimeOffset> days)
    {
        var cells = new byte[days.Count * CellsPerDay];
        var hours = p.WorkingHours ?? WorkingHours.Default();
        var end = hours.End == TimeOnly.MinValue ? TimeSpan.FromDays(1) : hours.End.ToTimeSpan(); // 00:00 as the end means midnight
        for (var day = 0; day < days.Count; day++)
            for (var c = 0; c < CellsPerDay; c++)
            {
                var start = days[day] + c * Step;
                var local = TimeZoneInfo.ConvertTime(start, hours.TimeZone);
                var from = local.TimeOfDay;
                var inside = hours.Days.Contains(local.DayOfWeek) && from >= hours.Start.ToTimeSpan() && from + Step <= end;
                cells[day * CellsPerDay + c] = inside ? Free : Outside;
            }
        foreach (var busy in p.Busy)
        {
            var value = busy.Kind == BusyKind.Tentative ? Tentative : Busy;
            for (var day = 0; day < days.Count; day++)
            {
                var frameStart = days[day];
                var first = (int)Math.Floor((busy.Start - frameStart) / Step);
                var last = (int)Math.Ceiling((busy.End - frameStart) / Step); // exclusive
                for (var c = Math.Max(0, first); c < Math.Min(CellsPerDay, last); c++)
                {
                    ref var cell = ref cells[day * CellsPerDay + c];
                    if (cell != Outside && cell < value) cell = value;
                }
            }
        }
        return cells;
    }

    /// <summary>A local wall-clock time on a day in a zone, as UTC (the zone's offset on that very day: right across DST).</summary>
    public static DateTimeOffset Utc(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
