using TeamsCoordinator.Cases;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Documents;

/// <summary>What the team already knows about a forløb, gathered once for a form and its document.</summary>
public sealed record CaseFacts(
    CitizenCase Case,
    IReadOnlyDictionary<string, Organisation> Organisations,
    Consent? Consent,
    IReadOnlyList<Handover> OpenTasks,
    string UserName,
    DateOnly Today)
{
    public string OrgName(string? id) => id is null ? "" : CaseCards.OrgName(Organisations, id);

    public CaseMember? Coordinator => Case.ActiveMember(Case.CoordinatorUserId);

    /// <summary>The team in the KIP form's order of functions: the coordinator first, then by the form's rows, then the rest by name.</summary>
    public IReadOnlyList<CaseMember> Team => [.. Case.ActiveMembers
        .OrderBy(m => m.UserId == Case.CoordinatorUserId ? -1 : FormRow(m.Function))
        .ThenBy(m => m.DisplayName, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("da-DK"), false))];

    public string Role(CaseMember m) => string.Join(", ", new[] { m.Function, OrgName(m.OrganisationId) }.Where(s => !string.IsNullOrWhiteSpace(s)));

    /// <summary>Relatives and network on the team (the sector, or a function that says so).</summary>
    public IEnumerable<CaseMember> Relatives => Team.Where(m => m.Sector == Sector.Netvaerk ||
        (m.Function ?? "").Contains("pårørende", StringComparison.OrdinalIgnoreCase));

    public static string TaskOwner(Handover h) => h.ReceiverName ?? h.IntendedReceiverName ?? "";

    private static int FormRow(string? function)
    {
        if (string.IsNullOrWhiteSpace(function)) return int.MaxValue;
        for (var i = 0; i < KipForm.ContactFunctions.Count; i++)
            if (function.Contains(KipForm.ContactFunctions[i], StringComparison.OrdinalIgnoreCase) ||
                KipForm.ContactFunctions[i].Contains(function, StringComparison.OrdinalIgnoreCase))
                return i;
        return KipForm.ContactFunctions.Count;
    }
}
