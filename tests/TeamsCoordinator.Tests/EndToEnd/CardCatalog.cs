using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Conversation;

namespace TeamsCoordinator.Tests.EndToEnd;

/// <summary>One card the bot can send, built by the bot's own card builder, under a unique file-friendly name.</summary>
public sealed record CatalogCard(string Name, AdaptiveCard Card);

/// <summary>
/// Cards a feature can send, in every state that looks different (a handover card offered, accepted, refused…).
/// To add a card: add one line to your feature's <see cref="ICardSamples"/> class (create one in your feature's
/// test folder if it has none); <see cref="CardCatalog"/> finds it and <see cref="CardRenderingTests"/> renders it.
/// </summary>
public interface ICardSamples
{
    IEnumerable<CatalogCard> Cards { get; }
}

/// <summary>Every card the bot can send: the union of all <see cref="ICardSamples"/> in this test assembly.</summary>
public static class CardCatalog
{
    public static IReadOnlyList<CatalogCard> All { get; } = typeof(CardCatalog).Assembly.GetTypes()
        .Where(t => typeof(ICardSamples).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .SelectMany(t => ((ICardSamples)Activator.CreateInstance(t)!).Cards)
        .ToList();

    public static IEnumerable<object[]> Names => All.Select(c => new object[] { c.Name });
}

/// <summary>The platform's own cards. (The unknown-command answer is plain text, not a card.)</summary>
public sealed class ConversationCardSamples : ICardSamples
{
    public IEnumerable<CatalogCard> Cards =>
    [
        new("help-da", HelpCard.Build(Language.Da)),
        new("help-en", HelpCard.Build(Language.En)),
        new("welcome", WelcomeCard.Build()),
    ];
}
