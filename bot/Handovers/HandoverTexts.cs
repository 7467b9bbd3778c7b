using System.Globalization;
using TeamsCoordinator.Cases;

namespace TeamsCoordinator.Handovers;

/// <summary>The Danish words for handovers, and times as people in Denmark read them (Europe/Copenhagen).</summary>
public static class HandoverTexts
{
    private static readonly CultureInfo Danish = CultureInfo.GetCultureInfo("da-DK");

    public static string StateName(HandoverState s) => s switch
    {
        HandoverState.Afventer => "Afventer accept",
        HandoverState.Accepteret => "Accepteret",
        HandoverState.LandetTrygt => "Landet trygt",
        HandoverState.Afvist => "Afvist",
        _ => "Trukket tilbage",
    };

    public static string SubjectName(Handover h) => h.Subject switch
    {
        HandoverSubject.WholeCase => "Hele forløbet",
        HandoverSubject.CoordinatorRole => "Koordinatorrollen",
        _ => $"Opgave: {h.TaskTitle}",
    };

    public static string Time(DateTimeOffset t) =>
        TimeZoneInfo.ConvertTime(t, ConsentPolicy.Copenhagen).ToString("dd-MM-yyyy 'kl.' HH:mm", Danish);

    public static string Day(DateTimeOffset t) =>
        TimeZoneInfo.ConvertTime(t, ConsentPolicy.Copenhagen).ToString("dd-MM-yyyy", Danish);

    /// <summary>The last day on which the deadline is met (deadlines are stored as the first instant after that day).</summary>
    public static string DeadlineDay(DateTimeOffset deadline) => Day(deadline.AddSeconds(-1));

    /// <summary>Who the baton is offered to: the named person, or the organisation.</summary>
    public static string ReceivingSide(Handover h, string organisationName) =>
        h.IntendedReceiverName is { } person ? $"{person} ({organisationName})" : organisationName;

    /// <summary>The Danish sentence for a refusal, naming who did what where that helps.</summary>
    public static string Refusal(HandoverRefusal why, Handover h, string viewerUserId, string receivingSide, string notFound) => why switch
    {
        HandoverRefusal.NotFound => notFound,
        HandoverRefusal.OwnBaton => "Du kan ikke selv acceptere eller afvise en stafet, du har givet. Vil du fortryde, så træk den tilbage.",
        HandoverRefusal.NotReceivingSide => $"Kun {receivingSide} kan acceptere eller afvise stafetten.",
        HandoverRefusal.OnlySender => $"Kun {h.SenderName}, der gav stafetten, kan trække den tilbage.",
        HandoverRefusal.OnlyHolder => $"Kun {h.ReceiverName}, der har stafetten, kan melde borgeren landet trygt.",
        HandoverRefusal.NotAcceptedYet => "Stafetten er ikke accepteret endnu, så borgeren kan ikke meldes landet trygt.",
        HandoverRefusal.AlreadyAccepted => h.ReceiverUserId == viewerUserId
            ? $"Du har allerede accepteret stafetten ({Time(h.AcceptedAt!.Value)})."
            : $"Allerede accepteret af {h.ReceiverName} ({Time(h.AcceptedAt!.Value)}).",
        HandoverRefusal.AlreadyLanded => $"Stafetten er allerede landet trygt hos {h.ReceiverName} ({Time(h.LandedAt!.Value)}).",
        HandoverRefusal.AlreadyDeclined => $"Stafetten er allerede afvist af {h.ClosedByName} ({Time(h.DeclinedAt!.Value)}). {h.SenderName} har stadig stafetten.",
        HandoverRefusal.AlreadyWithdrawn => $"Stafetten er trukket tilbage af {h.ClosedByName} ({Time(h.WithdrawnAt!.Value)}).",
        HandoverRefusal.ReasonRequired => "Skriv en begrundelse, når du afviser en stafet, så afgiveren ved, hvad der skal til.",
        _ => "",
    };

    /// <summary>What a second submit of an offer form is told above the handover card: no second offer was made.</summary>
    public static string FormAlreadyUsed(Handover h, string viewerUserId) => h.SenderUserId == viewerUserId
        ? $"Stafetten er givet: du har allerede sendt denne formular ({Time(h.OfferedAt)}), så der er ikke givet en ny stafet. Sådan står den nu."
        : $"Formularen er allerede brugt: {h.SenderName} gav stafetten {Time(h.OfferedAt)}. Sådan står den nu.";

    /// <summary>What the person who just acted is told.</summary>
    public static string Done(HandoverAction action, Handover h) => action switch
    {
        HandoverAction.Accept => $"Du har accepteret stafetten og har den nu. {h.SenderName} følger op, indtil borgeren er landet trygt.",
        HandoverAction.Decline => $"Du har afvist stafetten. {h.SenderName} har stadig stafetten og får besked.",
        HandoverAction.Withdraw => "Du har trukket stafetten tilbage. Du har stadig stafetten.",
        HandoverAction.LandSafely => "Borgeren er meldt landet trygt. Overlappet er slut, og afgiveren får besked.",
        _ => "",
    };
}
