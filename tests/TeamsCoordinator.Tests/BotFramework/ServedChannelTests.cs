using System.Net;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.BotFramework;

/// <summary>
/// Only Microsoft Teams vouches for who a user is: on Direct Line or Web Chat the client sets from.id and
/// channelData itself, and Microsoft's signing keys are endorsed for those channels too. Every other channel gets
/// 403, with a valid token and in anonymous development mode alike, and leaves nothing behind.
/// </summary>
public sealed class ServedChannelTests
{
    public static TheoryData<string?> OtherChannels => new() { "directline", "webchat", "emulator", "skype", "MSTEAMS", "", null };

    [Theory]
    [MemberData(nameof(OtherChannels))]
    public async Task ActivityOfAnotherChannelWithAValidTokenIsRefusedWith403(string? channel)
    {
        using var bot = new BotApplicationFactory();

        var message = await bot.PostActivityAsync(TeamsActivities.PersonalMessage("hjælp") with { ChannelId = channel });
        var click = await bot.PostActivityAsync(TeamsActivities.CardAction("help.show") with { ChannelId = channel });

        Assert.Equal(HttpStatusCode.Forbidden, message.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, click.StatusCode);
        await AssertNothingStoredNorSentAsync(bot);
    }

    [Theory]
    [MemberData(nameof(OtherChannels))]
    public async Task ActivityOfAnotherChannelIsRefusedInAnonymousDevelopmentModeToo(string? channel)
    {
        using var bot = BotApplicationFactory.AnonymousDevelopment();

        var message = await bot.PostAnonymousAsync(TeamsActivities.PersonalMessage("hjælp") with { ChannelId = channel });
        var click = await bot.PostAnonymousAsync(TeamsActivities.CardAction("help.show") with { ChannelId = channel });

        Assert.Equal(HttpStatusCode.Forbidden, message.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, click.StatusCode);
        await AssertNothingStoredNorSentAsync(bot);
    }

    [Fact]
    public async Task TeamsActivityIsServedInAnonymousDevelopmentMode()
    {
        using var bot = BotApplicationFactory.AnonymousDevelopment();

        var response = await bot.PostAnonymousAsync(TeamsActivities.PersonalMessage("hjælp"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await bot.Connector.WaitForMessagesAsync(1);
    }

    [Fact]
    public async Task EmulatorChannelIsServedWhenExplicitlyAllowedInDevelopment()
    {
        using var bot = BotApplicationFactory.AnonymousDevelopment(("Bot:AllowEmulatorChannel", "true"));

        var response = await bot.PostAnonymousAsync(TeamsActivities.PersonalMessage("hjælp") with { ChannelId = "emulator" });
        var directLine = await bot.PostAnonymousAsync(TeamsActivities.PersonalMessage("hjælp") with { ChannelId = "directline" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, directLine.StatusCode);
        await bot.Connector.WaitForMessagesAsync(1);
    }

    [Fact]
    public void EmulatorChannelOutsideDevelopmentRefusesToStart()
    {
        using var bot = new BotApplicationFactory { Settings = { ["Bot:AllowEmulatorChannel"] = "true" } };

        var e = Assert.Throws<InvalidOperationException>(() => bot.CreateClient());
        Assert.Contains("AllowEmulatorChannel", e.Message);
    }

    [Fact]
    public void ConfiguringAnotherChannelThanTeamsRefusesToStart()
    {
        using var bot = new BotApplicationFactory { Settings = { ["Bot:ChannelId"] = "directline" } };

        var e = Assert.Throws<InvalidOperationException>(() => bot.CreateClient());
        Assert.Contains("msteams", e.Message);
    }

    internal static async Task AssertNothingStoredNorSentAsync(BotApplicationFactory bot)
    {
        Assert.Equal(0, await bot.StoredRowCountAsync());
        Assert.Empty(bot.Connector.Requests);
        Assert.Contains(bot.Logs.Lines, l => l.Message.StartsWith("Rejected request with 403", StringComparison.Ordinal));
    }
}
