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
    DateOnly Today,
    /// <summary>The forløb's meeting the referat is of (held last, or the coming one), when there is one.</summary>
    Meetings.MeetingFacts? Meeting = null)
{
    public string OrgName(string? id) => id is null ? "" : CaseCards.OrgName(Organisations, id);

    public CaseMember? Coordinator => Case.ActiveMember(Case.CoordinatorUserId);

    /// <summary>The team in the KIP form's order of functions: the coordinator first, then by the form's rows, then the rest by name.</summary>
    public IReadOnlyList<CaseMember> Team => [.. Case.ActiveMembers
        .OrderBy(m => m.UserId == Case.CoordinatorUserId ? -1 : FormRow(m.Function))
        .ThenBy(m => m.DisplayName, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("da-DK"), false))];

    /// <summary>Who took part: the meeting's participants who did not send afbud, or the whole team when there was no meeting.</summary>
    public IReadOnlyList<CaseMember> Participants => Meeting is null ? Team : [.. Team.Where(m => Meeting.CameUserIds.Contains(m.UserId))];

    public IReadOnlyList<CaseMember> Absent => Meeting is null ? [] : [.. Team.Where(m => Meeting.AfbudUserIds.Contains(m.UserId))];

    public string Role(CaseMember m) => string.Join(", ", new[] { m.Function, OrgName(m.OrganisationId) }.Where(s => !string.IsNullOrWhiteSpace(s)));

    /// <summary>Relatives and network on the team (the sector, or a function that says so).</summary>
    public IEnumerable<CaseMember> Relatives => Team.Where(m => m.Sector == Sector.Netvaerk ||
        (m.Function ?? "").Contains("pårørende", StringComparison.OrdinalIgnoreCase));

    public static string TaskOwner(Handover h) => h.ReceiverName ?? h.IntendedReceiverName ?? "";

    /// <summary>The forløb's open tasks (the agreements of earlier referater, bot/Tasks), the nearest deadline first.</summary>
    public IReadOnlyList<Tasks.CaseTask> OpenCaseTasks { get; init; } = [];

    /// <summary>What is still to be done: the open tasks with owner and deadline, then task batons that are not one of them.</summary>
    public IReadOnlyList<Agreement> OpenAgreements =>
    [
        .. OpenCaseTasks.Select(t => new Agreement(t.Title, t.OwnerName, OrgName(t.OwnerOrganisationId), Templates.DanishFormat.Date(t.Due))),
        .. OpenTasks.Where(t => t.TaskId is null).Select(t => new Agreement(t.TaskTitle ?? "", TaskOwner(t), OrgName(t.ReceiverOrganisationId), "")),
    ];

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

/// <summary>One agreement: what, who (named), their sector or organisation, and by when (as written).</summary>
public sealed record Agreement(string What, string Who, string Sector, string Due)
{
    /// <summary>"Ring til egen læge (ansvarlig: Lars Nielsen, frist: 1. februar 2027)".</summary>
    public string Line => What + (Who.Length > 0 || Due.Length > 0
        ? $" ({string.Join(", ", new[] { Who.Length > 0 ? "ansvarlig: " + Who : "", Due.Length > 0 ? "frist: " + Due : "" }.Where(p => p.Length > 0))})"
        : "");
}
