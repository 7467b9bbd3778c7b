using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Infrastructure;
using TeamsCoordinator.Tests.Tenants.Graph;

namespace TeamsCoordinator.Tests.BotFramework;

/// <summary>
/// The bot serves the tenants of the organisations taking part (Bot:AllowedTenants, by default their configured
/// tenant ids): an activity from any other tenant, even with a valid token, is refused with 403 before it touches
/// the database.
/// </summary>
public sealed class TenantAllowListTests
{
    private const string OtherTenant = "0fe1c2d3-aaaa-4bbb-8ccc-000000000bad";

    private static Activity FromTenant(Activity a, string? conversationTenant, string? channelDataTenant) => a with
    {
        Conversation = a.Conversation! with { TenantId = conversationTenant },
        ChannelData = (a.ChannelData ?? new TeamsChannelData()) with { Tenant = channelDataTenant is null ? null : new TenantInfo(channelDataTenant) },
    };

    public static TheoryData<string, string?, string?> RefusedTenants => new()
    {
        { "another tenant in both places", OtherTenant, OtherTenant },
        { "another tenant in conversation.tenantId only", OtherTenant, null },
        { "another tenant in channelData.tenant only", null, OtherTenant },
        { "an allowed conversation.tenantId but another channelData.tenant", TeamsActivities.TenantId, OtherTenant },
        { "another conversation.tenantId but an allowed channelData.tenant", OtherTenant, TeamsActivities.TenantId },
        { "no tenant at all", null, null },
    };

    [Theory]
    [MemberData(nameof(RefusedTenants))]
    public async Task ActivityFromATenantOutsideTheAllowListIsRefusedWith403AndNothingIsStored(string why, string? conversationTenant, string? channelDataTenant)
    {
        using var bot = new BotApplicationFactory();

        var responses = new[]
        {
            await bot.PostActivityAsync(FromTenant(TeamsActivities.PersonalMessage("hjælp"), conversationTenant, channelDataTenant)),
            await bot.PostActivityAsync(FromTenant(TeamsActivities.CardAction("help.show"), conversationTenant, channelDataTenant)),
            await bot.PostActivityAsync(FromTenant(TeamsActivities.BotAddedToPersonalChat(), conversationTenant, channelDataTenant)),
            await bot.PostActivityAsync(FromTenant(TeamsActivities.ChannelMessageMentioningBot("hjælp"), conversationTenant, channelDataTenant)),
        };

        Assert.All(responses, r => Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{why}: got {(int)r.StatusCode}"));
        await ServedChannelTests.AssertNothingStoredNorSentAsync(bot);
    }

    [Fact]
    public async Task TenantIdsAreComparedWithoutRegardToCase()
    {
        using var bot = new BotApplicationFactory();
        var upper = TeamsActivities.TenantId.ToUpperInvariant();

        var response = await bot.PostActivityAsync(FromTenant(TeamsActivities.PersonalMessage("hjælp"), upper, upper));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task WithoutAConfiguredListTheDemoOrganisationsAndPlaygroundAreServedInEmbeddedMode()
    {
        using var bot = new BotApplicationFactory { Settings = { ["Bot:AllowedTenants:0"] = null } };

        var unknown = await bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp"));
        var playground = await bot.PostActivityAsync(FromTenant(TeamsActivities.PersonalMessage("hjælp"), DemoTenants.PlaygroundTenantId, DemoTenants.PlaygroundTenantId));
        var region = DemoTenants.Organisations.First(o => o.Id == DemoTenants.Region).TenantId;
        var demo = await bot.PostActivityAsync(FromTenant(TeamsActivities.PersonalMessage("hjælp", conversationId: "a:1region-chat"), region, region));

        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, playground.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, demo.StatusCode);
    }

    [Fact]
    public void WithoutAConfiguredListGraphModeServesTheTenantsOfTheConfiguredOrganisations()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tenants:Mode"] = "Graph",
            ["Tenants:Graph:ClientId"] = "00000000-0000-0000-0000-0000000000aa",
            ["Tenants:Graph:ClientSecret"] = "from-user-secrets",
            ["Tenants:Organisations:0:Id"] = "region-nordjylland",
            ["Tenants:Organisations:0:Name"] = "Region Nordjylland, Psykiatrien",
            ["Tenants:Organisations:0:Sector"] = "Region",
            ["Tenants:Organisations:0:TenantId"] = GraphTestBed.RegionTenant,
            ["Tenants:Organisations:0:HostTeamId"] = GraphTestBed.HostTeam,
            ["Tenants:Organisations:1:Id"] = "aalborg-kommune",
            ["Tenants:Organisations:1:Name"] = "Aalborg Kommune",
            ["Tenants:Organisations:1:Sector"] = "Kommune",
            ["Tenants:Organisations:1:TenantId"] = GraphTestBed.AalborgTenant,
            ["Tenants:Organisations:2:Id"] = "laegerne-vestergade",
            ["Tenants:Organisations:2:Name"] = "Lægerne i Vestergade",
            ["Tenants:Organisations:2:Sector"] = "AlmenPraksis",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddBotFramework(config).AddCollaborationTenants(config).BuildServiceProvider();

        var allowed = services.GetRequiredService<IOptions<BotOptions>>().Value.AllowedTenants;

        Assert.Equal([GraphTestBed.RegionTenant, GraphTestBed.AalborgTenant], allowed);
    }

    [Fact]
    public void AConfiguredListReplacesTheOrganisationsTenants()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Bot:AllowedTenants:0"] = OtherTenant }).Build();
        using var services = new ServiceCollection().AddLogging().AddBotFramework(config).AddCollaborationTenants(config).BuildServiceProvider();

        Assert.Equal([OtherTenant], services.GetRequiredService<IOptions<BotOptions>>().Value.AllowedTenants);
    }
}
