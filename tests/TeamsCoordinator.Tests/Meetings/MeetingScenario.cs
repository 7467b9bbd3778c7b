using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TeamsCoordinator.Meetings;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Handovers;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Meetings;

/// <summary>
/// The forløb of <see cref="HandoverScenario"/> (Sofie coordinates; Mette and Sofie in the region, Lars and Camilla in
/// Aalborg, Rasmus in Jammerbugt whom the consent does not cover, Birgitte the GP without Teams) with calendars in the
/// embedded tenant (the consent covers Aalborg and the GP): Lars is busy every morning until 12, Camilla tentative 12–13; the GP has no calendar to read.
/// </summary>
public static class MeetingScenario
{
    public static readonly TeamPerson[] Invited = [Sofie, Mette, Lars, Camilla, Birgitte];

    public static async Task<HandoverScenario> StartAsync(Action<IServiceCollection>? services = null)
    {
        var s = await HandoverScenario.StartAsync(withDocuments: true, extraServices: services);
        await s.Bot.WithDbAsync(async db =>
        {
            // The citizen has agreed that the GP takes part (besides Aalborg); Jammerbugt stays outside the consent.
            var consent = await db.Set<TeamsCoordinator.Cases.Consent>().SingleAsync(c => c.CaseId == s.CaseId);
            consent.OrganisationIds = [DemoTenants.Aalborg, DemoTenants.Gp];
            foreach (var m in await db.Set<TeamsCoordinator.Cases.CaseMember>().Where(m => m.CaseId == s.CaseId).ToListAsync())
                m.Email = $"{m.UserId.Replace("aad-", "")}@{(m.OrganisationId == DemoTenants.Gp ? "laegerne-vestergade" : m.OrganisationId)}.example";
            foreach (var p in new[] { Sofie, Mette, Lars, Camilla, Rasmus })
                db.Add(new EmbeddedWorkingHours { UserId = p.AadObjectId, Days = "Monday,Tuesday,Wednesday,Thursday,Friday", Start = new(8, 0), End = new(16, 0), TimeZone = "Europe/Copenhagen" });
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.Time.GetUtcNow(), WorkingHours.Copenhagen).DateTime);
            for (var d = today; d < today.AddDays(60); d = d.AddDays(1))
            {
                db.Add(new EmbeddedBusyTime { UserId = Lars.AadObjectId, Start = SlotSearch.Utc(d, new(8, 0), WorkingHours.Copenhagen), End = SlotSearch.Utc(d, new(12, 0), WorkingHours.Copenhagen), Kind = BusyKind.Busy });
                db.Add(new EmbeddedBusyTime { UserId = Camilla.AadObjectId, Start = SlotSearch.Utc(d, new(12, 0), WorkingHours.Copenhagen), End = SlotSearch.Utc(d, new(13, 0), WorkingHours.Copenhagen), Kind = BusyKind.Tentative });
            }
            await db.SaveChangesAsync();
            return 0;
        });
        return s;
    }

    /// <summary>Types "@Koordinator {text}" in the channel and returns what the bot answered (text, or every string of its card).</summary>
    public static async Task<string> SayTextAsync(this HandoverScenario s, TeamPerson from, string text)
    {
        var activity = Infrastructure.TeamsActivities.ChannelMessageMentioningBot(text, from.Account, ChannelId);
        Assert.Equal(HttpStatusCode.Accepted, (await s.Bot.PostActivityAsync(activity)).StatusCode);
        var reply = (await s.Bot.Connector.WaitForAsync(1, r => r.Method == HttpMethod.Post && r.Path.EndsWith("/activities/" + activity.Id))).Single();
        return reply.Json.TryGetProperty("text", out var t) && t.GetString() is { Length: > 0 } plain ? plain : AllText(reply.Json);
    }

    public static string Participants(params TeamPerson[] people) => string.Join(",", people.Select(p => p.AadObjectId));

    /// <summary>Sofie types "netværksmøde", keeps the form's defaults but for the participants, and clicks "Find tidspunkter".</summary>
    public static async Task<(JsonElement Form, InvokeAnswer Slots)> SearchAsync(this HandoverScenario s, TeamPerson? who = null, string? participants = null,
        params (string, string)[] more)
    {
        var form = await s.SayAsync(who ?? Sofie, "netværksmøde");
        var answer = await s.ClickAsync(who ?? Sofie, MeetingCards.VerbSearch, Submit(form, MeetingCards.VerbSearch,
            [("participants", participants ?? Participants(Invited)), ("purpose", "Fælles plan for tiden efter udskrivning"), .. more]));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return (form, answer);
    }

    /// <summary>The data of the n-th button with this verb on a card (the slot buttons sit in containers).</summary>
    public static Dictionary<string, string> Button(JsonElement card, string verb, int n = 0)
    {
        var found = new List<JsonElement>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                if (e.TryGetProperty("verb", out var v) && v.GetString() == verb) found.Add(e);
                foreach (var p in e.EnumerateObject()) Walk(p.Value);
            }
            else if (e.ValueKind == JsonValueKind.Array) foreach (var i in e.EnumerateArray()) Walk(i);
        }
        Walk(card);
        Assert.True(found.Count > n, $"the card has no button {n} with verb {verb}: {card}");
        return found[n].GetProperty("data").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    public static Task<Meeting> MeetingAsync(this HandoverScenario s) =>
        s.Bot.WithDbAsync(db => db.Set<Meeting>().AsNoTracking().Include(m => m.Participants).Include(m => m.Agenda).OrderByDescending(m => m.Id).FirstAsync());

    public static Task<int> DeliverAsync(this HandoverScenario s) =>
        MeetingDeliveryWorker.RunDueAsync(s.Bot.Services.GetRequiredService<IServiceScopeFactory>(), s.Time, CancellationToken.None);

    public static string MailFolder(this HandoverScenario s) => Path.Combine(s.Bot.DataFolder, "mail");

    public static Task<List<OutboxMessage>> OutboxAsync(this HandoverScenario s, string correlationKey) =>
        s.Bot.WithDbAsync(db => db.Outbox.AsNoTracking().Where(o => o.CorrelationKey == correlationKey || o.TargetCorrelationKey == correlationKey).OrderBy(o => o.Id).ToListAsync());
}
