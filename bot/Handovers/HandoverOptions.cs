namespace TeamsCoordinator.Handovers;

/// <summary>Section "Handovers" of the configuration.</summary>
public sealed class HandoverOptions
{
    /// <summary>The deadline a new offer gets unless the sender picks another day.</summary>
    public int DefaultDeadlineDays { get; set; } = 3;

    /// <summary>
    /// A discharge (udskrivning) must be "landet trygt" this many days after it was offered: about a quarter of acute
    /// readmissions happen in the first three days after discharge.
    /// </summary>
    public int DischargeLandingDays { get; set; } = 3;

    /// <summary>How often overdue batons are looked for and marked.</summary>
    public TimeSpan DeadlineSweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Refresh userIds on a card: Teams refreshes automatically for at most 60 users.</summary>
    public const int MaxRefreshUsers = 60;
}
