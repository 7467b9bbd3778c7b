using System.Globalization;
using TeamsCoordinator.Handovers;

namespace TeamsCoordinator.Tasks;

/// <summary>The Danish words for tasks: days as people in Denmark write them, and why a click changed nothing.</summary>
public static class TaskTexts
{
    public static string Day(DateOnly day) => day.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);

    public static bool IsOverdue(CaseTask t, DateOnly today) => t.IsOpen && t.Due < today;

    public static string Due(CaseTask t, DateOnly today) =>
        IsOverdue(t, today) ? $"{Day(t.Due)} (overskredet)" : t.Due == today ? $"{Day(t.Due)} (i dag)" : Day(t.Due);

    public static string NotFound => "Opgaven findes ikke (længere) i forløbet. Skriv @Koordinator opgaver for at se de åbne opgaver.";

    public static string AlreadyDone(CaseTask t) =>
        $"Opgaven er allerede markeret udført af {t.DoneByName} ({HandoverTexts.Time(t.DoneAt!.Value)}). Intet er ændret.";

    public static string OnlyOwnerOrCoordinator(CaseTask t) =>
        $"Kun den ansvarlige ({t.OwnerName}) eller koordinatoren kan markere opgaven udført. Intet er ændret.";

    public static string OnlyOwnerHandsOn(CaseTask t) =>
        $"Kun den ansvarlige ({t.OwnerName}) kan give opgaven videre. Intet er ændret.";

    public static string OfferedAlready(CaseTask t, Handover h) =>
        $"Opgaven er allerede tilbudt {h.IntendedReceiverName ?? "en anden"} som stafet og afventer svar; {t.OwnerName} har den, indtil stafetten er accepteret. " +
        "Træk stafetten tilbage på stafetkortet i kanalen, hvis den skal et andet sted hen.";

    public static string NotDoneWhileOffered(CaseTask t, Handover h) =>
        $"Opgaven er tilbudt {h.IntendedReceiverName ?? "en anden"} som stafet og afventer svar. Den kan markeres udført, når stafetten er besvaret eller trukket tilbage. Intet er ændret.";

    public static string Done(CaseTask t) => $"»{t.Title}« er markeret udført.";
}
