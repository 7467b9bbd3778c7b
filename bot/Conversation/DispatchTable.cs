using TeamsCoordinator.Cases;

namespace TeamsCoordinator.Conversation;

/// <summary>
/// Every command word and every card verb the bot understands, in one place. A feature adds its line here and
/// its handler in its own folder.
/// </summary>
public static class DispatchTable
{
    public static readonly IReadOnlyList<Command> Commands =
    [
        new("help", ["hjælp", "hjaelp", "?"], ["help"],
            "Viser alle kommandoer med et eksempel", "Shows every command with an example", "", "", typeof(HelpCommand)),
        new("case.new", ["ny borger", "nyt forløb"], ["new citizen", "new case"],
            "Opretter et forløb med en delt kanal for borgerens tværsektorielle team", "Opens a case with a shared channel for the citizen's team", "", "", typeof(NewCaseCommand)),
    ];

    public static readonly IReadOnlyDictionary<string, Type> CardVerbs = new Dictionary<string, Type>
    {
        ["help.show"] = typeof(HelpCardAction),
        ["case.create"] = typeof(CreateCaseAction),
    };

    public static IServiceCollection AddConversation(this IServiceCollection services)
    {
        services.AddSingleton(new CommandParser(Commands));
        services.AddScoped<ConversationReferences>();
        services.AddScoped<TurnAccessor>();
        foreach (var handler in Commands.Select(c => c.Handler).Concat(CardVerbs.Values).Distinct())
            services.AddScoped(handler);
        services.AddSingleton<BotFramework.IBot, CoordinatorBot>();
        return services;
    }
}
