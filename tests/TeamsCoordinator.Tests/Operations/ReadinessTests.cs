using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Operations;

/// <summary>/healthz says the process lives; /readyz says the instance can work, and names every check that fails.</summary>
public sealed class ReadinessTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(BotApplicationFactory bot, string path)
    {
        using var client = bot.CreateClient();
        using var response = await client.GetAsync(path);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, doc.RootElement.Clone());
    }

    private static string[] Failing(JsonElement body) => body.GetProperty("failing").EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public async Task AFreshInstanceIsReadyWithEveryCheckHealthy()
    {
        await using var bot = new BotApplicationFactory();
        var (status, body) = await GetAsync(bot, "/readyz");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(Failing(body));
        Assert.Equal(["database", "outbox", "openid-metadata"],
            body.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray());
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(bot, "/healthz")).Status);
    }

    [Fact]
    public async Task AMigrationNotAppliedMakesTheInstanceNotReadyNamingTheDatabase()
    {
        await using var bot = new BotApplicationFactory();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(bot, "/readyz")).Status);
        await bot.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = (SELECT MAX(\"MigrationId\") FROM \"__EFMigrationsHistory\")"));

        var (status, body) = await GetAsync(bot, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(["database"], Failing(body));
        // Liveness is not readiness: the process itself is fine.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(bot, "/healthz")).Status);
    }

    [Fact]
    public async Task AnUnsentMessageOlderThanTheLimitMakesTheInstanceNotReadyNamingTheOutbox()
    {
        await using var bot = new BotApplicationFactory
        {
            RunOutboxDispatcher = false,
            Settings = { ["Operations:Readiness:OutboxMaxAge"] = "00:05:00" },
        };
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(bot, "/readyz")).Status);
        var old = DateTimeOffset.UtcNow.AddMinutes(-6);
        await bot.WithDbAsync(async db =>
        {
            db.Outbox.Add(new OutboxMessage
            {
                Kind = OutboxKind.SendToConversation,
                ServiceUrl = TeamsActivities.ServiceUrl,
                ConversationId = "19:stuck@thread.tacv2",
                ActivityJson = "{\"type\":\"message\",\"text\":\"x\"}",
                IdempotencyKey = "readiness-test",
                CreatedAt = old,
                NextAttemptAt = old,
            });
            return await db.SaveChangesAsync();
        });

        var (status, body) = await GetAsync(bot, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(["outbox"], Failing(body));
    }

    [Fact]
    public async Task SigningKeysThatCannotBeFetchedMakeTheInstanceNotReadyNamingTheMetadata()
    {
        await using var bot = new BotApplicationFactory
        {
            Settings = { ["Bot:BotFrameworkOpenIdMetadataUrl"] = "https://login.botframework.invalid/v1/.well-known/openidconfiguration" },
        };
        var (status, body) = await GetAsync(bot, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(["openid-metadata"], Failing(body));
    }
}
