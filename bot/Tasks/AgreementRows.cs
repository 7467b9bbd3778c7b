using TeamsCoordinator.Cases;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Tasks;

/// <summary>One agreement of a referat as submitted: what, the owner (a member of the team), the owner's sector, by when.</summary>
public sealed record SubmittedAgreement(int No, string What, CaseMember Owner, Sector Sector, DateOnly Due);

/// <summary>
/// The referat's agreements on its form: a fixed number of rows (Adaptive Cards have no repeating rows), each with
/// what, who and by when. "Who" is a choice among the forløb's active members with nothing chosen: an agreement
/// never falls to the coordinator by default, and an owner outside the team is refused with the reason.
/// </summary>
public static class AgreementRows
{
    public const int Count = 6;
    public const int MaxTitleLength = 200;

    public static string WhatId(int no) => $"Aftale{no}Hvad";
    public static string WhoId(int no) => $"Aftale{no}Hvem";
    public static string DueId(int no) => $"Aftale{no}Frist";

    public static IEnumerable<FormInput> Inputs(CaseFacts f)
    {
        var owners = f.Team.OrderBy(m => m.Sector).ThenBy(m => m.DisplayName)
            .Select(m => ($"{m.DisplayName}{(m.UserId == f.Case.CoordinatorUserId ? " (koordinator)" : "")}, {f.Role(m)}", m.UserId)).ToList();
        for (var no = 1; no <= Count; no++)
        {
            yield return new FormInput(WhatId(no), $"Aftale {no}: hvad", InputKind.Text, Placeholder: no == 1 ? "fx Søge bostøtte" : null, MaxLength: MaxTitleLength);
            yield return new FormInput(WhoId(no), $"Aftale {no}: ansvarlig", InputKind.Choice, Placeholder: "Vælg en fra teamet", Choices: owners);
            yield return new FormInput(DueId(no), $"Aftale {no}: frist", InputKind.Date);
        }
    }

    /// <summary>
    /// The rows with something in them, each complete and with an owner from the team; every problem goes to
    /// <paramref name="v"/> as a Danish sentence (then nothing is kept). Empty rows are skipped.
    /// </summary>
    public static List<SubmittedAgreement> Read(CaseFacts f, FormValues v, DateOnly? meetingDay)
    {
        var agreements = new List<SubmittedAgreement>();
        for (var no = 1; no <= Count; no++)
        {
            var what = v.Text(WhatId(no));
            var who = v.Text(WhoId(no));
            var dueText = v.Text(DueId(no));
            if (what is null && who is null && dueText is null) continue;
            var due = v.Date(DueId(no), $"Aftale {no}: frist");
            var owner = who is null ? null : f.Case.ActiveMember(who);
            if (what is null) v.Problem($"Aftale {no}: skriv, hvad der er aftalt.");
            else if (what.Length > MaxTitleLength) v.Problem($"Aftale {no}: »hvad« må højst være {MaxTitleLength} tegn.");
            else if (CaseLabel.LooksLikeCpr(what)) v.Problem($"Aftale {no}: skriv ikke CPR-numre i aftalerne. Borgeren hedder forløbets initialer og sagsnummer her.");
            if (who is null)
                v.Problem($"Aftale {no}: vælg den ansvarlige blandt teamets medlemmer. En aftale får aldrig koordinatoren som ansvarlig af sig selv.");
            else if (owner is null)
                v.Problem($"Aftale {no}: den valgte ansvarlige er ikke med i forløbets team. Vælg en ansvarlig blandt teamets medlemmer, " +
                          "eller tilføj personen til teamet først med @Koordinator tilføj.");
            if (dueText is null) v.Problem($"Aftale {no}: vælg en frist.");
            else if (due is { } d && meetingDay is { } day && d < day) v.Problem($"Aftale {no}: fristen ligger før mødets dato.");
            if (what is null || owner is null || due is null || what.Length > MaxTitleLength) continue;
            var sector = f.Organisations.TryGetValue(owner.OrganisationId, out var o) ? o.Sector : owner.Sector;
            agreements.Add(new SubmittedAgreement(no, what, owner, sector, due.Value));
        }
        return agreements;
    }
}
