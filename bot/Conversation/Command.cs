using TeamsCoordinator.BotFramework;

namespace TeamsCoordinator.Conversation;

/// <summary>A command word (or phrase) people type to @Koordinator, in Danish and English, with its help text.</summary>
public sealed record Command(
    string Key,
    IReadOnlyList<string> Danish,
    IReadOnlyList<string> English,
    string DescriptionDa,
    string DescriptionEn,
    string ExampleArgumentsDa,
    string ExampleArgumentsEn,
    Type Handler)
{
    public string Example(Language lang) => lang == Language.En
        ? $"@Koordinator {English[0]}{Suffix(ExampleArgumentsEn)}"
        : $"@Koordinator {Danish[0]}{Suffix(ExampleArgumentsDa)}";

    public string Description(Language lang) => lang.Pick(DescriptionDa, DescriptionEn);

    private static string Suffix(string s) => s.Length == 0 ? "" : " " + s;
}

public interface ICommandHandler
{
    Task HandleAsync(Turn turn, string arguments, CancellationToken ct);
}

/// <summary>Handles one Action.Execute verb. The returned response replaces the card for the clicking user.</summary>
public interface ICardActionHandler
{
    Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct);
}
