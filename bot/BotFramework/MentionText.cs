using System.Net;
using System.Text.RegularExpressions;

namespace TeamsCoordinator.BotFramework;

/// <summary>Turns the text of a message that @mentions the bot into what the user typed after the mention.</summary>
public static partial class MentionText
{
    public static string StripBotMention(Activity activity)
    {
        var text = activity.Text ?? "";
        var botId = activity.Recipient?.Id;
        foreach (var mention in activity.Entities ?? [])
        {
            if (mention.Type != "mention" || mention.Mentioned?.Id is not { } id || id != botId) continue;
            var tag = string.IsNullOrEmpty(mention.Text) ? $"<at>{mention.Mentioned.Name}</at>" : mention.Text;
            text = text.Replace(tag, " ", StringComparison.OrdinalIgnoreCase);
        }
        // Teams may write "<at>Koordinator</at>hjælp" without a space; remaining tags (other people) keep their name.
        if (text.Contains("<at", StringComparison.OrdinalIgnoreCase)) text = AtTag().Replace(text, m => m.Groups[1].Value + " ");
        text = WebUtility.HtmlDecode(text).Replace('\u00a0', ' ');
        return Whitespace().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"<at[^>]*>(.*?)</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AtTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
