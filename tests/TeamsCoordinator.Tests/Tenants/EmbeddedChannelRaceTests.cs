using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Tenants;

/// <summary>
/// The embedded tenant under concurrent turns (two instances, or two turns of one): a pool channel goes to exactly
/// one forløb, and a member added twice at once (the turn making the forløb and a retry pass) is in the channel once,
/// with neither call failing. Read-then-write gave two forløb one channel and failed one of the adds on
/// IX_embedded_channel_members (bench/load: a "ny borger" answered InternalError).
/// </summary>
public sealed class EmbeddedChannelRaceTests
{
    private static readonly string[] Owners =
    [
        "00000000-0000-4000-8000-00000000a001", "00000000-0000-4000-8000-00000000a002", "00000000-0000-4000-8000-00000000a003",
        "00000000-0000-4000-8000-00000000b001",
    ];

    [Fact]
    public async Task APoolChannelGoesToOneForloebWhenSeveralAreCreatedAtOnce()
    {
        using var bot = new BotApplicationFactory { RunOutboxDispatcher = false };
        for (var round = 0; round < 10; round++)
        {
            await WithDbAsync(bot, db =>
            {
                db.Add(new EmbeddedChannel { ChannelId = $"19:pool-{round}@thread.tacv2", TeamId = "team-id" });
                return db.SaveChangesAsync();
            });
            var created = await Task.WhenAll(Owners.Select((owner, i) => Task.Run(async () =>
            {
                using var scope = bot.Services.CreateScope();
                var tenants = scope.ServiceProvider.GetRequiredService<ICollaborationTenants>();
                var person = await tenants.GetPersonAsync(owner.EndsWith("b001") ? DemoTenants.Aalborg : DemoTenants.Region, owner, default);
                var creation = await tenants.CreateCaseChannelAsync(new CaseChannelRequest(DemoTenants.Region, $"Forløb R{round} {i}", "", person!, [person!.OrganisationId]), default);
                return creation.Channel!.ChannelId;
            })));
            Assert.Equal(Owners.Length, created.Distinct().Count());
            Assert.Contains($"19:pool-{round}@thread.tacv2", created);
        }
    }

    [Fact]
    public async Task AMemberAddedTwiceAtOnceIsInTheChannelOnce()
    {
        using var bot = new BotApplicationFactory { RunOutboxDispatcher = false };
        var lars = "00000000-0000-4000-8000-00000000b001";
        for (var round = 0; round < 20; round++)
        {
            var channel = new CaseChannel("team-id", $"19:race-{round}@thread.tacv2", $"19:race-{round}@thread.tacv2", ChannelMode.SharedChannel, null);
            await WithDbAsync(bot, db =>
            {
                db.Add(new EmbeddedChannel { ChannelId = channel.ChannelId, TeamId = "team-id", AssignedTo = $"Forløb R{round}" });
                return db.SaveChangesAsync();
            });
            var changes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                using var scope = bot.Services.CreateScope();
                var tenants = scope.ServiceProvider.GetRequiredService<ICollaborationTenants>();
                var person = await tenants.GetPersonAsync(DemoTenants.Aalborg, lars, default);
                return await tenants.AddMemberAsync(channel, person!, default);
            })));
            Assert.All(changes, c => Assert.Equal(MemberChangeStatus.Done, c.Status));
            await WithDbAsync(bot, async db =>
                Assert.Equal(1, await db.Set<EmbeddedChannelMember>().CountAsync(m => m.ChannelId == channel.ChannelId && m.UserId == lars)));
        }
    }

    private static async Task WithDbAsync(BotApplicationFactory bot, Func<CoordinatorDb, Task> work)
    {
        using var scope = bot.Services.CreateScope();
        await work(scope.ServiceProvider.GetRequiredService<CoordinatorDb>());
    }
}
