using TeamsCoordinator.Cases;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Meetings;
using TeamsCoordinator.Tasks;

namespace TeamsCoordinator.Digest;

/// <summary>The Danish line for each kind of item, with the button that opens its card.</summary>
public static class DigestLines
{
    public const string VerbOpenConsent = ConsentCards.VerbOpen;

    public static DigestLine Of(HandoverRow h, string receiverOrganisationName, DateTimeOffset now)
    {
        var data = CaseCards.Data(h.CaseId, ("h", h.PublicId));
        var what = h.Subject switch
        {
            HandoverSubject.CoordinatorRole => "Koordinatorrollen",
            HandoverSubject.Task => "Opgave-stafetten",
            _ => "Stafetten",
        };
        if (h.State == HandoverState.Accepteret)
        {
            var landBy = h.LandingDeadline!.Value;
            return new DigestLine(DigestItemKind.DischargeNotLanded, true, Day(landBy.AddSeconds(-1)),
                $"Udskrivningen er accepteret af {h.ReceiverName}, men ikke meldt landet trygt: fristen var {HandoverTexts.DeadlineDay(landBy)}.",
                "Åbn stafetten", HandoverCards.VerbRefresh, data);
        }
        var who = h.IntendedReceiverName is { } person ? $"{person} ({receiverOrganisationName})" : receiverOrganisationName;
        var overdue = now >= h.Deadline;
        var text = overdue
            ? $"{what} fra {h.SenderName} er ikke accepteret af {who}: fristen var {HandoverTexts.DeadlineDay(h.Deadline)}."
            : $"{what} fra {h.SenderName} venter på, at {who} accepterer, senest {HandoverTexts.DeadlineDay(h.Deadline)}.";
        return new DigestLine(DigestItemKind.BatonNotAccepted, overdue, Day(h.Deadline.AddSeconds(-1)), text, "Åbn stafetten", HandoverCards.VerbRefresh, data);
    }

    public static DigestLine KipReview(long caseId, DateOnly review, DateOnly today) => new(DigestItemKind.KipReview, review < today, review,
        review < today
            ? $"KIP skulle have været revideret {Date(review)} (dato for næste koordinationsmøde)."
            : $"KIP skal revideres senest {Date(review)} (dato for næste koordinationsmøde).",
        "Vis forløbet", "case.status", CaseCards.Data(caseId));

    public static DigestLine ConsentExpiring(long caseId, DateOnly validTo, DateOnly today) => new(DigestItemKind.ConsentExpiring, validTo < today, validTo,
        validTo < today
            ? $"Samtykket udløb {Date(validTo)}: der er intet samtykke i kraft, så oplysninger må ikke deles på tværs af sektorer."
            : $"Samtykket udløber {Date(validTo)}.",
        "Åbn samtykket", VerbOpenConsent, CaseCards.Data(caseId));

    /// <summary>A task (an agreement from a referat) by its owner and due day; its title is free text and stays on the task card.</summary>
    public static DigestLine TaskDue(DueTask t, string ownerOrganisationName, DateOnly today)
    {
        var who = $"{t.OwnerName} ({ownerOrganisationName})";
        var text = t.Due < today ? $"En aftale, som {who} er ansvarlig for, har overskredet sin frist {Date(t.Due)}."
            : t.Due == today ? $"En aftale, som {who} er ansvarlig for, har frist i dag ({Date(t.Due)})."
            : $"En aftale, som {who} er ansvarlig for, har frist {Date(t.Due)}.";
        return new DigestLine(DigestItemKind.TaskDue, t.Due < today, t.Due, text, "Åbn opgaverne", TaskCards.VerbList, CaseCards.Data(t.CaseId, ("t", t.PublicId)));
    }

    /// <summary>A meeting held more than two working days ago without a referat: late by then. Every kind ends in "møde" ("mødet").</summary>
    public static DigestLine MeetingWithoutMinutes(HeldMeeting m)
    {
        var day = MeetingTexts.LocalDay(m.Start);
        return new DigestLine(DigestItemKind.MeetingWithoutMinutes, true, day,
            $"{MeetingTexts.KindName(m.Kind)}t {Date(day)} har intet referat endnu.", "Åbn mødet", MeetingCards.VerbOpen,
            CaseCards.Data(m.CaseId, ("m", m.PublicId)));
    }

    public static string Date(DateOnly d) => d.ToString("dd-MM-yyyy");

    private static DateOnly Day(DateTimeOffset t) => DigestClock.LocalDate(t);
}
