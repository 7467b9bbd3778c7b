using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Handovers;

/// <summary>The states of the glossary: afventer → accepteret → landet trygt; or afvist, or trukket tilbage.</summary>
public enum HandoverState { Afventer, Accepteret, LandetTrygt, Afvist, TrukketTilbage }

/// <summary>What is handed over: the whole forløb, the coordinator role (tovholder), or one named task.</summary>
public enum HandoverSubject { WholeCase, CoordinatorRole, Task }

/// <summary>Why a baton is marked overdue: nobody accepted it in time, or a discharge did not land safely in time.</summary>
public enum OverdueReason { NotAccepted, NotLanded }

/// <summary>
/// A stafet: the sender (afgiver) offers responsibility to a receiving organisation (or one named person there).
/// The sender keeps the baton until someone accepts, and keeps following up until the receiver reports the citizen
/// "landet trygt". Referred to on cards by <see cref="PublicId"/>, never by the database id.
/// </summary>
public sealed class Handover
{
    public long Id { get; set; }
    /// <summary>The id of the form that offered it: on cards, in outbox keys, and what makes a double submit harmless.</summary>
    public required string PublicId { get; set; }
    public long CaseId { get; set; }

    public HandoverSubject Subject { get; set; }
    /// <summary>Free text that may describe the citizen's situation: encrypted at rest.</summary>
    [Protected] public string? TaskTitle { get; set; }
    /// <summary>The forløb's task (bot/Tasks) this stafet hands on: accepting it makes the accepter the task's owner.</summary>
    public long? TaskId { get; set; }
    /// <summary>A discharge (udskrivning): the riskiest transition, so it must land safely within a few days.</summary>
    public bool IsDischarge { get; set; }

    public required string SenderUserId { get; set; }
    public required string SenderName { get; set; }
    public required string SenderOrganisationId { get; set; }
    public Sector SenderSector { get; set; }

    public required string ReceiverOrganisationId { get; set; }
    public Sector ReceiverSector { get; set; }
    /// <summary>Set when the baton was offered to one person: then only that person can accept or decline it.</summary>
    public string? IntendedReceiverUserId { get; set; }
    public string? IntendedReceiverName { get; set; }
    /// <summary>Who accepted, and so holds the baton.</summary>
    public string? ReceiverUserId { get; set; }
    public string? ReceiverName { get; set; }

    /// <summary>Free text from the sender; may hold health details, so encrypted at rest and never logged.</summary>
    [Protected] public string? Message { get; set; }
    /// <summary>StoredFile ids sent along, each checked against the consent for the receiving organisation.</summary>
    public List<long> DocumentIds { get; set; } = [];

    /// <summary>Accept by then (end of the chosen day, Copenhagen time).</summary>
    public DateTimeOffset Deadline { get; set; }
    /// <summary>For a discharge: must be "landet trygt" by then.</summary>
    public DateTimeOffset? LandingDeadline { get; set; }

    public HandoverState State { get; set; }
    public DateTimeOffset OfferedAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset? LandedAt { get; set; }
    public DateTimeOffset? DeclinedAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    /// <summary>Who declined or withdrew it.</summary>
    public string? ClosedByUserId { get; set; }
    public string? ClosedByName { get; set; }
    [Protected] public string? DeclineReason { get; set; }

    /// <summary>Since when the baton is overdue (the deadline it missed), for the daily digest; null when it is not.</summary>
    public DateTimeOffset? OverdueSince { get; set; }
    public OverdueReason? OverdueReason { get; set; }
    /// <summary>Whom the digest tells about the overdue baton: the forløb's coordinator when it became overdue.</summary>
    public string? EscalateToUserId { get; set; }

    /// <summary>Optimistic concurrency: every transition moves it on by one, so of two racing clicks exactly one wins.</summary>
    public int Version { get; set; }

    public List<HandoverTransition> Transitions { get; set; } = [];

    public string CardKey => CardKeyOf(PublicId);
    public static string CardKeyOf(string publicId) => $"handover:{publicId}:card";

    public bool IsOpen => State is HandoverState.Afventer or HandoverState.Accepteret;
    /// <summary>Whole forløb and coordinator role move the forløb's baton; a task baton does not.</summary>
    public bool MovesCaseBaton => Subject is HandoverSubject.WholeCase or HandoverSubject.CoordinatorRole;

    /// <summary>Offered to this person, or to anyone of the receiving organisation.</summary>
    public bool IsOfferedTo(string userId, string organisationId) =>
        userId != SenderUserId && (IntendedReceiverUserId is null ? organisationId == ReceiverOrganisationId : IntendedReceiverUserId == userId);
}

/// <summary>
/// One state change of a handover. (HandoverId, FromVersion) is unique: the database itself refuses a second
/// change from the same version, whichever action it is, even if the concurrency token were bypassed.
/// </summary>
public sealed class HandoverTransition
{
    public long Id { get; set; }
    public long HandoverId { get; set; }
    public int FromVersion { get; set; }
    public required string Event { get; set; }
    public HandoverState? FromState { get; set; }
    public HandoverState ToState { get; set; }
    public required string ActorUserId { get; set; }
    public string? ActorName { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class HandoverConfiguration : IEntityTypeConfiguration<Handover>, IEntityTypeConfiguration<HandoverTransition>
{
    public void Configure(EntityTypeBuilder<Handover> e)
    {
        e.ToTable("handovers");
        e.HasIndex(h => h.PublicId).IsUnique();
        e.HasIndex(h => new { h.CaseId, h.State });
        e.HasIndex(h => new { h.State, h.Deadline });
        e.Ignore(h => h.CardKey);
        e.Property(h => h.PublicId).HasMaxLength(64);
        e.Property(h => h.Version).IsConcurrencyToken();
        e.Property(h => h.State).HasConversion<string>().HasMaxLength(20);
        e.Property(h => h.Subject).HasConversion<string>().HasMaxLength(20);
        e.Property(h => h.SenderSector).HasConversion<string>().HasMaxLength(20);
        e.Property(h => h.ReceiverSector).HasConversion<string>().HasMaxLength(20);
        e.Property(h => h.OverdueReason).HasConversion<string>().HasMaxLength(20);
        e.Property(h => h.DocumentIds).HasConversion(
            v => string.Join(',', v),
            v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList(),
            new ValueComparer<List<long>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)), v => v.ToList()));
        e.HasOne<Cases.CitizenCase>().WithMany().HasForeignKey(h => h.CaseId);
        e.HasOne<Tasks.CaseTask>().WithMany().HasForeignKey(h => h.TaskId);
        e.HasMany(h => h.Transitions).WithOne().HasForeignKey(t => t.HandoverId);
    }

    public void Configure(EntityTypeBuilder<HandoverTransition> e)
    {
        e.ToTable("handover_transitions");
        e.HasIndex(t => new { t.HandoverId, t.FromVersion }).IsUnique();
        e.Property(t => t.Event).HasMaxLength(32);
        e.Property(t => t.FromState).HasConversion<string>().HasMaxLength(20);
        e.Property(t => t.ToState).HasConversion<string>().HasMaxLength(20);
    }
}
