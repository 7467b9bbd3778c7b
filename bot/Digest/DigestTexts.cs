namespace TeamsCoordinator.Digest;

public static class DigestTexts
{
    /// <summary>Said once in a forløb's channel when the bot cannot write to the person: no label, no item, nothing of the content.</summary>
    public static string ChannelNotice(string? name) =>
        $"{name ?? "Et medlem af teamet"}: jeg har et dagligt overblik til dig, men kan ikke skrive til dig i en personlig chat endnu. " +
        "Åbn en chat med Koordinator (eller bed din IT-afdeling installere appen for dig) og skriv overblik, så kommer overblikket dér fremover.";

    public static string InChannel(Conversation.Turn turn) => turn.T(
        "Overblikket viser alle dine forløb, så det kommer kun i din personlige chat med mig. Skriv overblik dér.",
        "The digest lists all your cases, so it only goes to your personal chat with me. Type digest there.");

    public static string Off(Conversation.Turn turn) => turn.T(
        "Det daglige overblik er slået fra. Skriv @Koordinator overblik til for at få det igen.",
        "The daily digest is off. Type @Koordinator digest on to get it again.");

    public static string On(Conversation.Turn turn, TimeOnly at) => turn.T(
        $"Du får det daglige overblik hver arbejdsdag kl. {at:HH\\.mm}, når der er noget, der venter.",
        $"You get the daily digest every working day at {at:HH\\:mm} when something is waiting.");

    public static string BadTime(Conversation.Turn turn) => turn.T(
        $"Vælg et tidspunkt mellem kl. {DigestClock.EarliestChoice:HH\\.mm} og {DigestClock.LatestChoice:HH\\.mm}, fx @Koordinator overblik kl 7.30.",
        $"Choose a time between {DigestClock.EarliestChoice:HH\\:mm} and {DigestClock.LatestChoice:HH\\:mm}, e.g. @Koordinator digest at 7:30.");

    public static string Usage(Conversation.Turn turn) => turn.T(
        "Skriv overblik for at se det nu, overblik kl 7.30 for et andet tidspunkt, overblik fra eller overblik til.",
        "Type digest to see it now, digest at 7:30 for another time, digest off or digest on.");
}
