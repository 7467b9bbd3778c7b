using TeamsCoordinator.BotFramework;
using TeamsCoordinator.BotFramework.Cards;

namespace TeamsCoordinator.Conversation;

public sealed class HelpCommand : ICommandHandler
{
    public Task HandleAsync(Turn turn, string arguments, CancellationToken ct)
    {
        turn.Reply(HelpCard.ForReply(turn.Language));
        return Task.CompletedTask;
    }
}

/// <summary>"Vis hjælp" on the unknown-command and welcome cards.</summary>
public sealed class HelpCardAction : ICardActionHandler
{
    public Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct) =>
        Task.FromResult(AdaptiveCardInvokeResponse.Card(HelpCard.Build(turn.Language)));
}

public static class HelpCard
{
    private static readonly Attachment Danish = Build(Language.Da).ToSerializedAttachment();
    private static readonly Attachment English = Build(Language.En).ToSerializedAttachment();

    /// <summary>The help card as a reply's attachment: the same for every turn of a language, so serialised once.</summary>
    public static Attachment ForReply(Language lang) => lang == Language.En ? English : Danish;

    public static AdaptiveCard Build(Language lang)
    {
        var rows = DispatchTable.Commands.Select(c => new Container(
        [
            new TextBlock($"**{c.Example(lang)}**") { Spacing = "Medium" },
            new TextBlock(c.Description(lang)) { IsSubtle = true, Spacing = "None" },
        ])).ToList<CardElement>();
        return new AdaptiveCard
        {
            FallbackText = lang.Pick("Koordinator: hjælp", "Koordinator: help"),
            Body =
            [
                TextBlock.Heading(lang.Pick("Koordinator: hjælp", "Koordinator: help")),
                new TextBlock(lang.Pick(
                    "Skriv @Koordinator efterfulgt af en kommando i forløbets kanal. I en personlig chat kan du udelade @Koordinator.",
                    "Type @Koordinator followed by a command in the case channel. In a personal chat you can leave out @Koordinator.")),
                .. rows,
                TextBlock.Subtle(lang.Pick(
                    "Borgerens oplysninger deles kun inden for det samtykke, borgeren har givet.",
                    "The citizen's information is shared only within the consent the citizen has given.")),
            ],
        };
    }
}
