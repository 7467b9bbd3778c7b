using System.Text.Json;
using TeamsCoordinator.BotFramework;

namespace TeamsCoordinator.Tests.EndToEnd;

/// <summary>
/// Renders every card of <see cref="CardCatalog"/> once, in one Chromium, with Microsoft's adaptivecards renderer
/// (tests/e2e/render-cards.mjs), plus one deliberately broken card that proves the renderer's complaints reach us.
/// Screenshots land in tests/e2e/.artifacts/cards/.
/// </summary>
public sealed class RenderedCards : IAsyncLifetime
{
    public const string BrokenCanary = "zz-broken-canary";
    public const string TypeaheadCanary = "zz-typeahead-canary";
    public Dictionary<string, JsonElement> Results { get; } = [];
    public ProcessResult Run { get; private set; } = new(-1, "", "");

    public async Task InitializeAsync()
    {
        var node = ExternalTools.RequireNode();
        ExternalTools.RequireE2ePackages();
        ExternalTools.RequireChromium();

        var input = Directory.CreateTempSubdirectory("cards-");
        try
        {
            foreach (var card in CardCatalog.All)
                await File.WriteAllTextAsync(Path.Combine(input.FullName, card.Name + ".json"), JsonSerializer.Serialize(card.Card, BotJson.Options));
            // A 1.6 card with an element Teams does not know: the renderer must complain about both.
            await File.WriteAllTextAsync(Path.Combine(input.FullName, BrokenCanary + ".json"),
                """{"type":"AdaptiveCard","version":"1.6","body":[{"type":"TextBlock","text":"ok"},{"type":"Input.Rating","id":"x"}]}""");
            // Teams' dynamic typeahead as its docs show it (msteams-docs dynamic-search.md), in a 1.5 card.
            await File.WriteAllTextAsync(Path.Combine(input.FullName, TypeaheadCanary + ".json"),
                """{"type":"AdaptiveCard","version":"1.5","body":[{"type":"Input.ChoiceSet","id":"p","label":"Person","style":"filtered","choices":[{"title":"A","value":"a"}],"choices.data":{"type":"Data.Query","dataset":"people"}}]}""");

            var output = Path.Combine(ExternalTools.ArtifactsFolder, "cards");
            Run = await ExternalTools.RunAsync(node, ["render-cards.mjs", input.FullName, output], ExternalTools.E2eFolder, TimeSpan.FromMinutes(3));
            if (Run.ExitCode is not (0 or 1))
                throw new InvalidOperationException($"render-cards.mjs could not run: {Run}");
            using var summary = JsonDocument.Parse(Run.Stdout);
            foreach (var result in summary.RootElement.GetProperty("results").EnumerateArray())
                Results[result.GetProperty("name").GetString()!] = result.Clone();
        }
        finally
        {
            input.Delete(recursive: true);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

public sealed class CardRenderingTests(RenderedCards rendered) : IClassFixture<RenderedCards>
{
    [Theory]
    [MemberData(nameof(CardCatalog.Names), MemberType = typeof(CardCatalog))]
    public void CardRendersInMicrosoftsRendererWithoutWarnings(string name)
    {
        Assert.True(rendered.Results.TryGetValue(name, out var result), $"render-cards.mjs did not report {name}:\n{rendered.Run}");
        var events = result.GetProperty("events").EnumerateArray()
            .Select(e => $"{e.GetProperty("phase").GetString()} {e.GetProperty("event").GetString()}: {e.GetProperty("message").GetString()}")
            .ToList();
        Assert.True(events.Count == 0, $"card {name} has renderer warnings or errors:\n{string.Join("\n", events)}");
        Assert.True(result.GetProperty("height").GetInt32() > 0, $"card {name} rendered nothing");
        Assert.True(File.Exists(result.GetProperty("screenshot").GetString()), $"no screenshot of {name}");
    }

    [Fact]
    public void RendererReportsCardsTeamsCannotShow()
    {
        var events = rendered.Results[RenderedCards.BrokenCanary].GetProperty("events").EnumerateArray()
            .Select(e => e.GetProperty("event").GetString()).ToList();
        Assert.Contains("UnsupportedCardVersion", events);
        Assert.Contains("UnknownElementType", events);
        Assert.Equal(1, rendered.Run.ExitCode);
    }

    /// <summary>
    /// Why the people pickers search with a "Søg" button (PeoplePicker) and not Teams' dynamic typeahead: the renderer
    /// knows "choices.data" only from Adaptive Cards 1.6, and Teams renders bot cards up to 1.5. When this fails, the
    /// renderer takes Data.Query cleanly and the pickers can move to typeahead (invoke "application/search").
    /// </summary>
    [Fact]
    public void RendererRejectsDynamicTypeaheadAtTeamsCardVersion()
    {
        var messages = rendered.Results[RenderedCards.TypeaheadCanary].GetProperty("events").EnumerateArray()
            .Select(e => $"{e.GetProperty("event").GetString()}: {e.GetProperty("message").GetString()}").ToList();
        Assert.Contains("UnsupportedProperty: Property \"choices.data\" is supported in version 1.6, but you are using version 1.5.", messages);
    }

    [Fact]
    public void CatalogNamesAreUniqueAndFileFriendly()
    {
        Assert.NotEmpty(CardCatalog.All);
        Assert.Equal(CardCatalog.All.Count, CardCatalog.All.Select(c => c.Name).Distinct().Count());
        Assert.All(CardCatalog.All, c => Assert.Matches("^[a-z0-9][a-z0-9-]*$", c.Name));
    }

    [Fact]
    public void HelpCardShowsEveryCommandWithAnExample()
    {
        var text = rendered.Results["help-da"].GetProperty("text").GetString()!;
        foreach (var command in TeamsCoordinator.Conversation.DispatchTable.Commands)
            Assert.Contains($"@Koordinator {command.Danish[0]}", text);
    }
}
