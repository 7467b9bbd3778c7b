using System.Globalization;
using System.Text;

namespace TeamsCoordinator.Conversation;

/// <summary>
/// Case- and accent-tolerant comparison of what people type: "HJÆLP", "hjaelp" and "hjælp!" are the same word.
/// Two foldings exist because people write æ as "ae" or as "a" when they have no Danish keyboard.
/// </summary>
public static class TextFolding
{
    public static string Fold(string text, bool digraphs = true)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text.Trim().ToLowerInvariant())
        {
            switch (ch)
            {
                case 'æ': sb.Append(digraphs ? "ae" : "a"); break;
                case 'ø': sb.Append(digraphs ? "oe" : "o"); break;
                case 'å': sb.Append(digraphs ? "aa" : "a"); break;
                default: sb.Append(ch); break;
            }
        }
        // Remove combining marks (é → e) and punctuation at word edges ("hjælp?" → "hjaelp").
        var decomposed = sb.ToString().Normalize(NormalizationForm.FormD);
        var clean = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark) clean.Append(ch);
        return clean.ToString().Normalize(NormalizationForm.FormC).Trim('!', '?', '.', ',', ':', ';', '"', '\'', '/');
    }

    public static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
