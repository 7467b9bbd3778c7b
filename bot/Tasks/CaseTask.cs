using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Tasks;

public enum TaskState { Open, Done }

/// <summary>
/// An agreement from a referat as a task: what, one named owner of the forløb's team (person, organisation and
/// sector), by when. Nothing defaults to the coordinator: the owner is chosen per agreement. The owner changes only
/// when someone accepts the task as a stafet (<see cref="Handovers.Handover.TaskId"/>); until then the sender keeps it.
/// Referred to on cards by <see cref="PublicId"/>, never by the database id.
/// </summary>
public sealed class CaseTask
{
    public long Id { get; set; }
    public required string PublicId { get; set; }
    public long CaseId { get; set; }

    /// <summary>Free text from the referat ("what"); may hold health details, so encrypted at rest and never logged.</summary>
    [Protected] public required string Title { get; set; }

    public required string OwnerUserId { get; set; }
    public required string OwnerName { get; set; }
    public required string OwnerOrganisationId { get; set; }
    /// <summary>The sector of the owner's organisation.</summary>
    public Sector OwnerSector { get; set; }

    /// <summary>The last day by which it should be done (Copenhagen calendar day).</summary>
    public DateOnly Due { get; set; }

    public TaskState State { get; set; }

    /// <summary>The referat version the agreement was made in, and its row in the agreements table (1, 2, …).</summary>
    public long? ReferatFileId { get; set; }
    public StoredFile? ReferatFile { get; set; }
    public int AgreementNo { get; set; }
    /// <summary>The booked meeting whose referat it came from (bot/Meetings), when there was one.</summary>
    public long? MeetingId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedByUserId { get; set; }
    public string? CreatedByName { get; set; }

    public DateTimeOffset? DoneAt { get; set; }
    public string? DoneByUserId { get; set; }
    public string? DoneByName { get; set; }

    /// <summary>Optimistic concurrency: every change (done, offered as a stafet, new owner) moves it on, so of two racing clicks one wins.</summary>
    public int Version { get; set; }

    public bool IsOpen => State == TaskState.Open;
}

internal sealed class CaseTaskConfiguration : IEntityTypeConfiguration<CaseTask>
{
    public void Configure(EntityTypeBuilder<CaseTask> e)
    {
        e.ToTable("tasks");
        e.HasIndex(t => t.PublicId).IsUnique();
        e.HasIndex(t => new { t.CaseId, t.State });
        e.HasIndex(t => new { t.OwnerUserId, t.State });
        // The digest's question: open tasks due by a day, across every forløb.
        e.HasIndex(t => new { t.State, t.Due });
        e.HasIndex(t => new { t.ReferatFileId, t.AgreementNo }).IsUnique();
        e.Ignore(t => t.IsOpen);
        e.Property(t => t.PublicId).HasMaxLength(64);
        e.Property(t => t.Version).IsConcurrencyToken();
        e.Property(t => t.State).HasConversion<string>().HasMaxLength(20);
        e.Property(t => t.OwnerSector).HasConversion<string>().HasMaxLength(20);
        e.HasOne<Cases.CitizenCase>().WithMany().HasForeignKey(t => t.CaseId);
        // A version Microsoft 365 refused for good is removed again, and its agreements with it.
        e.HasOne(t => t.ReferatFile).WithMany().HasForeignKey(t => t.ReferatFileId).OnDelete(DeleteBehavior.Cascade);
    }
}
