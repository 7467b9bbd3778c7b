using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Digest;
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

    public static Task SetAsync<T>(BotApplicationFactory bot, long id, Action<T> change) where T : class =>
        bot.WithDbAsync(async db =>
        {
            var entity = await db.Set<T>().FindAsync(id) ?? throw new InvalidOperationException($"{typeof(T).Name} {id} not found");
            change(entity);
            return await db.SaveChangesAsync();
        });
}
