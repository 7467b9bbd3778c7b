namespace TeamsCoordinator.Conversation;

/// <summary>Danish first; English when the user spoke English (an English command word).</summary>
public enum Language { Da, En }

public static class LanguageExtensions
{
    public static string Pick(this Language lang, string da, string en) => lang == Language.En ? en : da;
}
