using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Digest;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Handovers;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Digest;

/// <summary>What the digest tests share: Copenhagen moments, computing a person's digest, running a morning pass, reading the cards sent.</summary>
public static class DigestTestKit
{
    /// <summary>The instant of a Copenhagen wall-clock time.</summary>
    public static DateTimeOffset Copenhagen(int year, int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, ConsentPolicy.Copenhagen.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>Thursday 3 December 2026, 07:59 in Copenhagen: a working day, a minute before the digest.</summary>
    public static readonly DateTimeOffset ThursdayMorning = Copenhagen(2026, 12, 3, 7, 59);

    public static async Task<DigestContent?> DigestOfAsync(BotApplicationFactory bot, TeamPerson person, DateTimeOffset now, bool ownItems = false)
    {
        using var scope = bot.Services.CreateScope();
        var query = scope.ServiceProvider.GetRequiredService<DigestQuery>();
        var result = await query.ComputeAsync([person.AadObjectId], ownItems ? new HashSet<string> { person.AadObjectId } : [], now, default);
        return result.GetValueOrDefault(person.AadObjectId);
    }

    public static Task<int> RunMorningAsync(BotApplicationFactory bot) => bot.Services.GetRequiredService<DigestRun>().RunAsync(default);

    /// <summary>The digest cards the connector received, with the conversation each went to.</summary>
    public static List<(string Path, JsonElement Card)> DigestsSent(BotApplicationFactory bot) => bot.Connector.Messages
        .Where(m => m.Body!.Contains("Dit overblik"))
        .Select(m => (m.Path, m.Json.GetProperty("attachments")[0].GetProperty("content").Clone()))
        .ToList();

    public static string Text(JsonElement card) => HandoverScenario.AllText(card);

    /// <summary>
    /// <paramref name="count"/> more forløb, each with its own coordinator (aad-coordNNN, Teams id 29:coordNNN, label
    /// CC · K-NNN) and a consent that runs out in ten days: each coordinator has exactly one line.
    /// </summary>
    public static Task SeedCoordinatorsAsync(BotApplicationFactory bot, int count, DateTimeOffset now) => bot.WithDbAsync(async db =>
    {
        var today = DigestClock.LocalDate(now);
        for (var i = 1; i <= count; i++)
        {
            var user = $"aad-coord{i:000}";
            var c = new CitizenCase
            {
                Initials = "CC", CaseNumber = $"K-{i:000}", CoordinatingOrganisationId = DemoTenants.Region, CoordinatorUserId = user,
                ChannelId = $"19:coord{i}@thread.tacv2", ServiceUrl = TeamsActivities.ServiceUrl, TenantId = TeamsActivities.TenantId,
                CreatedAt = now.AddDays(-30), CreatedBy = user,
            };
            c.Members.Add(new CaseMember
            {
                UserId = user, OrganisationId = DemoTenants.Region, Sector = Sector.Region, DisplayName = $"Koordinator {i:000}",
                TenantId = TeamsActivities.TenantId, AddedAt = c.CreatedAt, AddedBy = user,
            });
            db.Add(c);
            db.Add(new KnownChannelAccount { AadObjectId = user, ChannelAccountId = $"29:coord{i:000}", UpdatedAt = c.CreatedAt });
        }
        await db.SaveChangesAsync();
        var ids = await db.Set<CitizenCase>().Where(c => c.Initials == "CC").Select(c => c.Id).ToListAsync();
        foreach (var id in ids)
            db.Add(new Consent { CaseId = id, OrganisationIds = [], Kinds = InformationKind.ContactData, ValidFrom = today.AddDays(-300), ValidTo = today.AddDays(10), RecordedAt = now, RecordedBy = "x" });
        return await db.SaveChangesAsync();
    });

    /// <summary>The forløb labels on the digest cards sent, one entry per card.</summary>
    public static List<string> LabelsSent(BotApplicationFactory bot) =>
        DigestsSent(bot).SelectMany(d => Text(d.Card).Split('\n').Where(l => l.StartsWith("Forløb ")).Select(l => l["Forløb ".Length..])).ToList();

    public static Task SetAsync<T>(BotApplicationFactory bot, long id, Action<T> change) where T : class =>
        bot.WithDbAsync(async db =>
        {
            var entity = await db.Set<T>().FindAsync(id) ?? throw new InvalidOperationException($"{typeof(T).Name} {id} not found");
            change(entity);
            return await db.SaveChangesAsync();
        });
}
