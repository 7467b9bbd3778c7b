namespace TeamsCoordinator.Tests.EndToEnd;

/// <summary>
/// @Koordinator answers in Microsoft 365 Agents Playground, Microsoft's own Teams emulator: what a user types in
/// a team channel or a personal chat reaches the bot, and the bot's answer reaches that conversation.
/// </summary>
[Collection(PlaygroundCollection.Name)]
public sealed class PlaygroundTests(PlaygroundFixture playground)
{
    public static TheoryData<string> Conversations => [PlaygroundFixture.Channel, PlaygroundFixture.PersonalChat];

    [Theory]
    [MemberData(nameof(Conversations))]
    public async Task HelpAnswersWithTheHelpCard(string conversation)
    {
        var mark = playground.Mark();
        var sent = await playground.SendAsync(conversation, "hjælp");

        var reply = await playground.WaitForReplyAsync(mark, sent.ConversationId);

        Assert.Equal("Koordinator: hjælp", reply.CardTexts.FirstOrDefault());
        Assert.Contains("**@Koordinator hjælp**", reply.CardTexts);
        Assert.NotNull(reply.ActivityId);
        Assert.All(playground.DeliveredSince(mark), d => Assert.Equal(202, d.Status));
    }

    [Fact]
    public async Task HelpInAChannelIsAnsweredInTheThreadOfTheQuestion()
    {
        var mark = playground.Mark();
        var sent = await playground.SendAsync(PlaygroundFixture.Channel, "hjælp");

        var reply = await playground.WaitForReplyAsync(mark, sent.ConversationId);

        Assert.StartsWith($"{PlaygroundFixture.Channel};messageid=", reply.ConversationId);
        // Playground records a delivery when the bot's 202 is back; a direct reply can be there before that record.
        await playground.WaitForDeliveriesAsync(mark, a => a.GetProperty("type").GetString() == "message");
        var question = playground.DeliveredSince(mark).Single(d => d.Activity.GetProperty("type").GetString() == "message").Activity;
        Assert.Equal(question.GetProperty("id").GetString(), reply.ReplyToId);
    }

    [Theory]
    [MemberData(nameof(Conversations))]
    public async Task UnknownCommandGetsADanishAnswerWithTheNearestCommand(string conversation)
    {
        var mark = playground.Mark();
        var sent = await playground.SendAsync(conversation, "hjelpp");

        var reply = await playground.WaitForReplyAsync(mark, sent.ConversationId);

        Assert.Null(reply.Card);
        Assert.Equal("Den kommando kender jeg ikke. Mente du **@Koordinator hjælp**? Skriv **@Koordinator hjælp** for at se alle kommandoer.", reply.Text);
    }

    [Fact]
    public async Task GibberishGetsPointedToHelp()
    {
        var mark = playground.Mark();
        var sent = await playground.SendAsync(PlaygroundFixture.PersonalChat, "xyzzy plugh");

        var reply = await playground.WaitForReplyAsync(mark, sent.ConversationId);

        Assert.Equal("Den kommando kender jeg ikke. Skriv **@Koordinator hjælp** for at se alle kommandoer med et eksempel.", reply.Text);
    }

    [Fact]
    public async Task AnotherTeamMemberIsAnsweredToo()
    {
        var colleague = PlaygroundFixture.Users[2];
        var mark = playground.Mark();
        var sent = await playground.SendAsAsync(colleague, PlaygroundFixture.Channel, "help");

        var reply = await playground.WaitForReplyAsync(mark, sent.ConversationId);

        Assert.Equal("Koordinator: help", reply.CardTexts.FirstOrDefault());
        Assert.Equal(colleague.Id, reply.Activity.GetProperty("recipient").GetProperty("id").GetString());
    }

    [Fact]
    public async Task WelcomeCardOnInstallAndItsButtonShowsHelp()
    {
        var mark = playground.Mark();
        await playground.InstallAsync(PlaygroundFixture.GroupChat);
        var welcome = await playground.WaitForReplyAsync(mark, PlaygroundFixture.GroupChat);
        Assert.Equal("Koordinator er klar", welcome.CardTexts.FirstOrDefault());

        var answer = await playground.ClickAsync(welcome, "help.show", user: PlaygroundFixture.Users[1]);

        Assert.Equal("application/vnd.microsoft.card.adaptive", answer.GetProperty("type").GetString());
        Assert.Equal("Koordinator: hjælp", answer.GetProperty("value").GetProperty("body")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task InstallingTwiceGreetsOnce()
    {
        var mark = playground.Mark();
        await playground.InstallAsync(PlaygroundFixture.Channel);
        await playground.WaitForReplyAsync(mark, PlaygroundFixture.Channel);
        await playground.InstallAsync(PlaygroundFixture.Channel);
        await playground.WaitForDeliveriesAsync(mark, a => a.GetProperty("type").GetString() == "installationUpdate", count: 2);
        // Turns of one channel run in order: once the help request after it is answered, the second
        // installation has been handled too, and it must not have greeted again.
        var sent = await playground.SendAsync(PlaygroundFixture.Channel, "hjælp");
        await playground.WaitForReplyAsync(mark, sent.ConversationId);

        Assert.Single(playground.BotMessagesSince(mark), m => m.ConversationId == PlaygroundFixture.Channel);
    }
}
