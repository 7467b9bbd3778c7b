using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Meetings;

public static class MeetingsSetup
{
    public static IServiceCollection AddMeetings(this IServiceCollection services)
    {
        services.AddScoped<MeetingWork>();
        services.AddScoped<MeetingDeliveries>();
        services.AddScoped<MeetingReferat>();
        services.AddScoped<IStatusSection, MeetingStatusSection>();
        services.AddHostedService<MeetingDeliveryWorker>();
        return services;
    }

    /// <summary>GET /moeder/{id}: the embedded tenant's join page for a booked online meeting (Graph mode: Teams' own link).</summary>
    public static IEndpointConventionBuilder MapMeetings(this IEndpointRouteBuilder app) =>
        app.MapGet("/moeder/{id}", async (string id, CoordinatorDb db, CancellationToken ct) =>
        {
            var e = await db.Set<EmbeddedEvent>().AsNoTracking().FirstOrDefaultAsync(x => x.EventId == id, ct);
            if (e is null) return Results.NotFound();
            var state = e.Cancelled ? "<p><strong>Mødet er aflyst.</strong></p>" : "<p>Dette er Koordinators lokale mødeside (indlejret tilstand). Med Microsoft 365 (Tenants:Mode=Graph) fører linket til Teams-mødet.</p>";
            var html = $"""
                <!doctype html><html lang="da"><head><meta charset="utf-8"><title>{Enc(e.Subject)}</title></head>
                <body><h1>{Enc(e.Subject)}</h1><p>{Enc(MeetingTexts.When(e.Start, e.End))}</p>{state}</body></html>
                """;
            return Results.Content(html, "text/html; charset=utf-8");
        }).WithName("MeetingJoinPage");

    private static string Enc(string s) => System.Net.WebUtility.HtmlEncode(s);
}

/// <summary>What the referat is pre-filled with: the forløb's meeting that was held last (or, before it is held, the coming one).</summary>
public sealed class MeetingReferat(CoordinatorDb db, TimeProvider time)
{
    public async Task<MeetingFacts?> FactsAsync(CitizenCase c, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var booked = await db.Set<Meeting>().AsNoTracking().Include(m => m.Participants).Include(m => m.Agenda).AsSplitQuery()
            .Where(m => m.CaseId == c.Id && (m.State == MeetingState.Booket || m.State == MeetingState.AfventerBooking)).ToListAsync(ct);
        var m = booked.Where(x => x.Start <= now).OrderByDescending(x => x.Start).FirstOrDefault()
                ?? booked.Where(x => x.Start > now).OrderBy(x => x.Start).FirstOrDefault();
        if (m?.Start is not { } start || m.End is not { } end) return null;
        return new MeetingFacts(MeetingTexts.LocalDay(start), MeetingTexts.Time(start, end), m.Online ? "Online (Teams)" : m.Place, m.JoinUrl, m.Purpose,
            m.Participants.Where(p => p.Answer != ParticipantAnswer.Afbud).Select(p => p.UserId).ToList(),
            m.Participants.Where(p => p.Answer == ParticipantAnswer.Afbud).Select(p => p.UserId).ToList(),
            MeetingCards.Ordered(m.Agenda).Select(a => (a.Title, a.Background, a.Proposal)).ToList());
    }
}
