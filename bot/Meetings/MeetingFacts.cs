namespace TeamsCoordinator.Meetings;

/// <summary>What the referat form is pre-filled with from the forløb's meeting: when, where, who came and who sent afbud, the agenda.</summary>
public sealed record MeetingFacts(
    DateOnly Date,
    string Time,
    string? Place,
    string? JoinUrl,
    string Purpose,
    IReadOnlyList<string> CameUserIds,
    IReadOnlyList<string> AfbudUserIds,
    IReadOnlyList<(string Title, string? Background, string? Proposal)> Agenda);
