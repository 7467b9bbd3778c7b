using System.Diagnostics;
using Ical.Net;
using TeamsCoordinator.Meetings;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Tests.Meetings;

/// <summary>The .ics parsed back by Ical.Net and by a small strict RFC 5545 reader in Python that resolves the VTIMEZONE itself.</summary>
public class MeetingInvitationTests
{
    private static readonly CalendarPerson Sofie = new("aad-sofie", DemoTenants.Region, null, "Sofie Lund", "sofie.lund@rn.example");
    private static readonly CalendarPerson Birgitte = new("gp", DemoTenants.Gp, null, "Birgitte Holm", "birgitte.holm@laegerne-vestergade.example");
    private static readonly CalendarPerson Lars = new("aad-lars", DemoTenants.Aalborg, null, "Lars Nielsen", "lars.nielsen@aalborg.example");

    /// <summary>09:00–10:00 in Copenhagen on the Monday after the clocks went forward: 07:00–08:00 UTC.</summary>
    private static Meeting Meeting(int sequence = 0) => new()
    {
        PublicId = "0123456789abcdef0123456789abcdef", Purpose = "x", OrganiserUserId = Sofie.UserId, CreatedBy = Sofie.UserId,
        Start = new DateTimeOffset(2026, 3, 30, 7, 0, 0, TimeSpan.Zero), End = new DateTimeOffset(2026, 3, 30, 8, 0, 0, TimeSpan.Zero),
        Online = true, JoinUrl = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0", Sequence = sequence,
    };

    private static string Ics(string method, int sequence = 0) => MeetingInvitation.Build(method, Meeting(sequence), "Netværksmøde · forløb AB · F-2026-0042",
        "Netværksmøde i forløb AB · F-2026-0042.", Sofie, [Birgitte, Lars], new DateTimeOffset(2026, 3, 20, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TheRequestReadsBackWithIcalNetWithTheTimesRightInUtc()
    {
        var calendar = Calendar.Load(Ics(MeetingInvitation.Request))!;

        Assert.Equal("REQUEST", calendar.Method);
        Assert.Equal("Europe/Copenhagen", Assert.Single(calendar.TimeZones).TzId);
        var e = Assert.Single(calendar.Events);
        Assert.Equal(new DateTime(2026, 3, 30, 7, 0, 0, DateTimeKind.Utc), e.DtStart!.AsUtc);
        Assert.Equal(new DateTime(2026, 3, 30, 8, 0, 0, DateTimeKind.Utc), e.DtEnd!.AsUtc);
        Assert.Equal("Europe/Copenhagen", e.DtStart.TzId);
        Assert.Equal("0123456789abcdef0123456789abcdef@koordinator", e.Uid);
        Assert.Equal(0, e.Sequence);
        Assert.Equal("mailto:sofie.lund@rn.example", e.Organizer!.Value!.ToString());
        Assert.Equal(["mailto:birgitte.holm@laegerne-vestergade.example", "mailto:lars.nielsen@aalborg.example"], e.Attendees.Select(a => a.Value!.ToString()));
        Assert.All(e.Attendees, a => Assert.Equal("NEEDS-ACTION", a.ParticipationStatus));
        Assert.Equal("Netværksmøde · forløb AB · F-2026-0042", e.Summary);
    }

    [Fact]
    public void ACancellationKeepsTheUidAndRaisesTheSequence()
    {
        var e = Assert.Single(Calendar.Load(Ics(MeetingInvitation.Cancel, sequence: 2))!.Events);

        Assert.Equal("0123456789abcdef0123456789abcdef@koordinator", e.Uid);
        Assert.Equal(2, e.Sequence);
        Assert.Equal("CANCELLED", e.Status);
    }

    [Theory]
    [InlineData("REQUEST", 0)]
    [InlineData("CANCEL", 3)]
    public async Task AnIndependentStrictParserAgreesOnMethodSequenceAndUtcTimes(string method, int sequence)
    {
        var file = Path.GetTempFileName();
        var script = Path.Combine(Path.GetTempPath(), $"ics-check-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(file, Ics(method, sequence));
        await File.WriteAllTextAsync(script, IcsCheck);
        try
        {
            using var p = Process.Start(new ProcessStartInfo("python3", [script, file]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = await p.StandardOutput.ReadToEndAsync();
            var errors = await p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            Assert.True(p.ExitCode == 0, errors + output);
            Assert.Equal($"{method} {sequence} 2026-03-30T07:00:00Z 2026-03-30T08:00:00Z 2", output.Trim());
        }
        finally
        {
            File.Delete(file);
            File.Delete(script);
        }
    }

    /// <summary>
    /// RFC 5545 by hand: CRLF lines of at most 75 octets, unfolding, balanced BEGIN/END, the properties iTIP needs; the
    /// DTSTART/DTEND (TZID=…) resolved through the file's own VTIMEZONE (STANDARD/DAYLIGHT with yearly BYMONTH/BYDAY
    /// rules), then checked against the system's zoneinfo. Prints METHOD SEQUENCE start end attendee-count.
    /// </summary>
    private const string IcsCheck = """
        import sys, re, datetime
        from zoneinfo import ZoneInfo
        raw = open(sys.argv[1], 'rb').read()
        assert raw.endswith(b'\r\n'), 'lines must end with CRLF'
        physical = raw.split(b'\r\n')[:-1]
        for l in physical:
            assert len(l) <= 75, 'line longer than 75 octets: %r' % l
            assert b'\n' not in l and b'\r' not in l, 'bare LF/CR'
        lines = []
        for l in physical:
            l = l.decode('utf-8')
            if l[:1] in (' ', '\t'): lines[-1] += l[1:]
            else: lines.append(l)
        def parse(line):
            m = re.match(r'^([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$', line)
            assert m, 'not a content line: ' + line
            params = dict(p.split('=', 1) for p in m.group(2).split(';')[1:])
            return m.group(1).upper(), params, m.group(3)
        stack, comps, cur = [], [], None
        for line in lines:
            name, params, value = parse(line)
            if name == 'BEGIN':
                cur = {'name': value, 'props': [], 'parent': cur}; stack.append(cur); comps.append(cur)
            elif name == 'END':
                assert stack and stack[-1]['name'] == value, 'unbalanced END:' + value
                stack.pop(); cur = stack[-1] if stack else None
            else:
                cur['props'].append((name, params, value))
        assert not stack, 'unclosed component'
        def prop(c, n): return [p for p in c['props'] if p[0] == n]
        def one(c, n):
            ps = prop(c, n); assert len(ps) == 1, 'expected one %s in %s' % (n, c['name']); return ps[0]
        cal = comps[0]; assert cal['name'] == 'VCALENDAR'
        assert one(cal, 'VERSION')[2] == '2.0'; one(cal, 'PRODID')
        method = one(cal, 'METHOD')[2]
        ev = [c for c in comps if c['name'] == 'VEVENT']; assert len(ev) == 1; ev = ev[0]
        for n in ('UID', 'DTSTAMP', 'DTSTART', 'DTEND', 'SEQUENCE', 'ORGANIZER', 'SUMMARY'): one(ev, n)
        assert one(ev, 'DTSTAMP')[2].endswith('Z'), 'DTSTAMP must be UTC'
        attendees = prop(ev, 'ATTENDEE'); assert attendees and all(a[2].startswith('mailto:') for a in attendees)
        tzs = {one(c, 'TZID')[2]: c for c in comps if c['name'] == 'VTIMEZONE'}
        def offset(s):
            sign = -1 if s[0] == '-' else 1
            return sign * datetime.timedelta(hours=int(s[1:3]), minutes=int(s[3:5]))
        def onset(sub, year):
            start = datetime.datetime.strptime(one(sub, 'DTSTART')[2], '%Y%m%dT%H%M%S')
            rr = prop(sub, 'RRULE')
            if not rr: return start
            rule = dict(x.split('=') for x in rr[0][2].split(';'))
            assert rule['FREQ'] == 'YEARLY'
            month = int(rule['BYMONTH']); m = re.match(r'^(-?\d)([A-Z]{2})$', rule['BYDAY'])
            n, wd = int(m.group(1)), ['MO','TU','WE','TH','FR','SA','SU'].index(m.group(2))
            days = [datetime.date(year, month, d) for d in range(1, 32) if d <= [31,29 if year%4==0 else 28,31,30,31,30,31,31,30,31,30,31][month-1]]
            days = [d for d in days if d.weekday() == wd]
            d = days[n-1] if n > 0 else days[n]
            return datetime.datetime.combine(d, start.time())
        def to_utc(p):
            name, params, value = p
            local = datetime.datetime.strptime(value, '%Y%m%dT%H%M%S')
            tz = tzs[params['TZID']]
            best = None
            for sub in (c for c in comps if c['parent'] is tz and c['name'] in ('STANDARD', 'DAYLIGHT')):
                for year in (local.year - 1, local.year):
                    at = onset(sub, year)
                    if at <= local and (best is None or at > best[0]): best = (at, offset(one(sub, 'TZOFFSETTO')[2]))
            utc = (local - best[1]).replace(tzinfo=datetime.timezone.utc)
            assert utc == local.replace(tzinfo=ZoneInfo(params['TZID'])).astimezone(datetime.timezone.utc), 'VTIMEZONE disagrees with zoneinfo'
            return utc.strftime('%Y-%m-%dT%H:%M:%SZ')
        start, end = to_utc(one(ev, 'DTSTART')), to_utc(one(ev, 'DTEND'))
        status = prop(ev, 'STATUS')
        if method == 'CANCEL': assert status and status[0][2] == 'CANCELLED'
        print(method, one(ev, 'SEQUENCE')[2], start, end, len(attendees))
        """;
}
