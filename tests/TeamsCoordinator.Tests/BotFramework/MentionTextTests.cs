using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.BotFramework;

/// <summary>What the user typed after @Koordinator, whichever client wrote the mention (PROTOCOL.md §4.1, §9).</summary>
public sealed class MentionTextTests
{
    private static Activity Mentioning(string text, ChannelAccount? bot = null, string? entityText = null, params Entity[] more)
    {
        bot ??= TeamsActivities.Bot;
        var mention = new Entity { Type = "mention", Text = entityText ?? $"<at>{bot.Name}</at>", Mentioned = bot };
        return new Activity { Type = ActivityTypes.Message, Text = text, Recipient = bot, Entities = [mention, .. more] };
    }

    [Fact]
    public void TeamsChannelMentionIsRemoved() =>
        Assert.Equal("hjælp", MentionText.StripBotMention(Mentioning("<at>Koordinator</at> hjælp")));

    [Fact]
    public void PlaygroundMentionWithUnprefixedBotIdIsRemoved()
    {
        var playgroundBot = new ChannelAccount { Id = "00000000-0000-0000-0000-00000000000011", Name = "Test Bot" };

        Assert.Equal("ny KIP", MentionText.StripBotMention(Mentioning("<at>Test Bot</at> ny KIP", playgroundBot)));
    }

    [Fact]
    public void MentionWithoutSpaceBeforeTheCommandIsRemoved() =>
        Assert.Equal("hjælp", MentionText.StripBotMention(Mentioning("<at>Koordinator</at>hjælp")));

    [Theory]
    [InlineData("<at>Koordinator</at>&nbsp;hjælp")]
    [InlineData("<at>Koordinator</at>\u00a0hjælp")]
    [InlineData("  <at>Koordinator</at> \n hjælp  ")]
    public void NonBreakingAndRepeatedSpacesBecomeOneSpace(string text) =>
        Assert.Equal("hjælp", MentionText.StripBotMention(Mentioning(text)));

    [Fact]
    public void MentionIsMatchedWithoutRegardToCase() =>
        Assert.Equal("hjælp", MentionText.StripBotMention(Mentioning("<AT>koordinator</AT> hjælp", entityText: "<at>Koordinator</at>")));

    [Fact]
    public void MentionInTheMiddleOfTheTextIsRemoved() =>
        Assert.Equal("stafet til kommunen", MentionText.StripBotMention(Mentioning("stafet <at>Koordinator</at> til kommunen")));

    [Fact]
    public void OtherPeoplesMentionsKeepTheirNames()
    {
        var jonas = new Entity { Type = "mention", Text = "<at>Jonas Socialrådgiver</at>", Mentioned = TeamsActivities.Jonas };

        var text = MentionText.StripBotMention(Mentioning("<at>Koordinator</at> stafet til <at>Jonas Socialrådgiver</at>", more: jonas));

        Assert.Equal("stafet til Jonas Socialrådgiver", text);
    }

    [Fact]
    public void BotNameWithCharactersThatTeamsEscapesIsRemoved()
    {
        var bot = new ChannelAccount { Id = TeamsActivities.BotId, Name = "Koordinator & Co" };

        Assert.Equal("hjælp", MentionText.StripBotMention(Mentioning("<at>Koordinator &amp; Co</at> hjælp", bot, "<at>Koordinator &amp; Co</at>")));
    }

    [Fact]
    public void MentionEntityWithoutTextFallsBackToTheName()
    {
        var activity = Mentioning("<at>Koordinator</at> hjælp") with
        {
            Entities = [new Entity { Type = "mention", Mentioned = TeamsActivities.Bot }],
        };

        Assert.Equal("hjælp", MentionText.StripBotMention(activity));
    }

    [Fact]
    public void MentionEntityWithEmptyTextFallsBackToTheName() =>
        Assert.Equal("hjælp", MentionText.StripBotMention(Mentioning("<at>Koordinator</at> hjælp", entityText: "")));

    [Fact]
    public void PersonalChatTextWithoutMentionIsKept() =>
        Assert.Equal("hjælp", MentionText.StripBotMention(TeamsActivities.PersonalMessage(" hjælp ")));

    [Fact]
    public void EscapedMarkupInWhatTheUserTypedIsDecoded() =>
        Assert.Equal("AB & CD <3", MentionText.StripBotMention(Mentioning("<at>Koordinator</at> AB &amp; CD &lt;3")));
}
