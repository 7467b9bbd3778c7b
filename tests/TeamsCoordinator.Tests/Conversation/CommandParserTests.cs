using TeamsCoordinator.Conversation;

namespace TeamsCoordinator.Tests.Conversation;

/// <summary>Command words are recognised whatever the keyboard: case, æøå written as ae/oe/aa or a/o, trailing punctuation.</summary>
public sealed class CommandParserTests
{
    private static readonly CommandParser Parser = new(DispatchTable.Commands);
    private static Command Help => DispatchTable.Commands.Single(c => c.Key == "help");

    [Theory]
    [InlineData("hjælp")]
    [InlineData("HJÆLP")]
    [InlineData("Hjælp!")]
    [InlineData("hjaelp")]
    [InlineData("HJAELP")]
    [InlineData("hjalp")]
    [InlineData("hjælp?")]
    public void DanishHelpIsRecognisedAndAnsweredInDanish(string typed)
    {
        var parsed = Parser.Parse(typed);

        Assert.Same(Help, parsed.Command);
        Assert.Equal(Language.Da, parsed.Language);
    }

    [Theory]
    [InlineData("help")]
    [InlineData("HELP")]
    [InlineData("Help.")]
    public void EnglishHelpIsAnsweredInEnglish(string typed)
    {
        var parsed = Parser.Parse(typed);

        Assert.Same(Help, parsed.Command);
        Assert.Equal(Language.En, parsed.Language);
    }

    [Fact]
    public void ArgumentsAreKeptAsTyped() =>
        Assert.Equal("Stafet TIL kommunen", Parser.Parse("hjælp  Stafet TIL kommunen").Arguments);

    [Theory]
    [InlineData("hjlp")]
    [InlineData("hjælpe")]
    [InlineData("hejlp")]
    [InlineData("hlep")]
    public void TypoGetsTheNearestCommandAsASuggestion(string typed)
    {
        var parsed = Parser.Parse(typed);

        Assert.Null(parsed.Command);
        Assert.Same(Help, parsed.Suggestion);
    }

    [Theory]
    [InlineData("hvad er klokken")]
    [InlineData("xyzzy")]
    [InlineData("")]
    [InlineData("   ")]
    public void TextFarFromEveryCommandGetsNoSuggestion(string typed)
    {
        var parsed = Parser.Parse(typed);

        Assert.Null(parsed.Command);
        Assert.Null(parsed.Suggestion);
    }

    [Fact]
    public void LongestMatchingPhraseWins()
    {
        var stafet = new Command("stafet", ["stafet"], ["baton"], "", "", "", "", typeof(object));
        var history = new Command("stafet.historik", ["stafet historik"], ["baton history"], "", "", "", "", typeof(object));
        var parser = new CommandParser([stafet, history]);

        var parsed = parser.Parse("Stafet Historik AB-1234");

        Assert.Same(history, parsed.Command);
        Assert.Equal("AB-1234", parsed.Arguments);
        Assert.Same(stafet, parser.Parse("stafet til kommunen").Command);
    }

    [Fact]
    public void EveryCommandHasADanishAndAnEnglishWordAndDistinctWords()
    {
        Assert.All(DispatchTable.Commands, c => Assert.NotEmpty(c.Danish));
        Assert.All(DispatchTable.Commands, c => Assert.NotEmpty(c.English));
        var words = DispatchTable.Commands.SelectMany(c => c.Danish.Concat(c.English).Select(w => (c.Key, Word: TextFolding.Fold(w)))).ToList();
        var clashes = words.GroupBy(w => w.Word).Where(g => g.Select(x => x.Key).Distinct().Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(clashes);
    }
}
