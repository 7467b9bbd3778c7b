using System.Globalization;
using TeamsCoordinator.BotFramework.Cards;

namespace TeamsCoordinator.Digest;

/// <summary>The morning overview card: one section per forløb (its label), each line with the button that opens its card.</summary>
public static class DigestCard
{
    private static readonly CultureInfo Danish = CultureInfo.GetCultureInfo("da-DK");

    public static AdaptiveCard Build(DigestContent content, DateOnly day)
    {
        var body = new List<CardElement>
        {
            TextBlock.Heading($"Dit overblik {day.ToString("dddd d. MMMM", Danish)}"),
            TextBlock.Subtle(content.Cases.Count == 1 ? "Ét forløb har noget, der venter." : $"{content.Cases.Count} forløb har noget, der venter. Det mest presserende står først."),
        };
        foreach (var c in content.Cases)
        {
            var items = new List<CardElement> { TextBlock.Subheading($"Forløb {c.Label}") };
            foreach (var line in c.Lines)
            {
                items.Add(new TextBlock(line.Text) { Spacing = "Small", Color = line.Overdue ? "Attention" : null });
                items.Add(new ActionSet([new ExecuteAction(line.ButtonTitle, line.Verb, line.Data)]) { Spacing = "Small" });
            }
            body.Add(new Container(items) { Separator = true, Spacing = "Medium" });
        }
        body.Add(TextBlock.Subtle("Skriv @Koordinator overblik kl 7.30 for et andet tidspunkt, eller overblik fra for at slå overblikket fra."));
        return new AdaptiveCard
        {
            FallbackText = $"Dit overblik: {content.Items} ting venter i {content.Cases.Count} forløb",
            Body = body,
        };
    }

    /// <summary>The on-demand answer when nothing waits (the morning run sends nothing then).</summary>
    public static AdaptiveCard Nothing(DateOnly day) => new()
    {
        FallbackText = "Dit overblik: intet venter",
        Body =
        [
            TextBlock.Heading($"Dit overblik {day.ToString("dddd d. MMMM", Danish)}"),
            new TextBlock("Intet venter på dig i dine forløb lige nu. Om morgenen sender jeg kun et overblik, når der er noget."),
        ],
    };
}
