using TeamsCoordinator.BotFramework.Cards;

namespace TeamsCoordinator.Conversation;

/// <summary>The one-time greeting when the bot is added to a personal chat, group chat or team.</summary>
public static class WelcomeCard
{
    public static AdaptiveCard Build() => new()
    {
        FallbackText = "Koordinator er klar",
        Body =
        [
            TextBlock.Heading("Koordinator er klar"),
            new TextBlock("Jeg hjælper borgerens tværsektorielle team med stafetter, planer, møder og samtykke. " +
                          "Skriv **@Koordinator hjælp** for at se, hvad jeg kan."),
        ],
        Actions = [new ExecuteAction("Vis hjælp", "help.show")],
    };
}
