using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Meetings;

public enum MeetingKind { Netvaerksmoede, Koordinationsmoede, Udskrivningsmoede, Statusmoede }

/// <summary>
/// Forslag: the best slots are proposed. Afstemning: the slots went to everyone as a poll. AfventerBooking: a slot is
/// chosen and Microsoft 365 has not yet made the meeting (retried; <see cref="Meeting.PendingReason"/> says why).
/// Booket: in the organiser's calendar with everyone invited. Aflyst: cancelled.
/// </summary>
public enum MeetingState { Forslag, Afstemning, AfventerBooking, Booket, Aflyst }

/// <summary>A meeting of a forløb's team, called by the coordinator. Named by the forløb's label only.</summary>
public sealed class Meeting
{
    public long Id { get; set; }
    /// <summary>Random; in card data, the .ics UID and Graph's transactionId (a retried create makes no second meeting).</summary>
    public required string PublicId { get; set; }
    public long CaseId { get; set; }
    public MeetingKind Kind { get; set; }
    public required string Purpose { get; set; }
    public string? Place { get; set; }
    public bool Online { get; set; }
    public bool CitizenAttends { get; set; }
    public int DurationMinutes { get; set; }
    public DateOnly WindowFrom { get; set; }
    public DateOnly WindowTo { get; set; }
    public required string OrganiserUserId { get; set; }
    public MeetingState State { get; set; }
    /// <summary>The proposed start times (UTC), as the slots card and the poll show them.</summary>
    public List<DateTimeOffset> Proposed { get; set; } = [];
    public DateTimeOffset? Start { get; set; }
    public DateTimeOffset? End { get; set; }
    public string? JoinUrl { get; set; }
    /// <summary>The event in the organiser's calendar (Graph event id, or the embedded calendar's).</summary>
    public string? EventId { get; set; }
    /// <summary>RFC 5545 SEQUENCE: raised on every move and on cancellation.</summary>
    public int Sequence { get; set; }
    /// <summary>Danish, for the team: why Microsoft 365 has not booked (or moved, or cancelled) it yet.</summary>
    public string? PendingReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public int Version { get; set; }

    public List<MeetingParticipant> Participants { get; set; } = [];
    public List<AgendaItem> Agenda { get; set; } = [];

    public string SlotsCardKey => $"meeting:{PublicId}:slots";
    public string AgendaCardKey => $"meeting:{PublicId}:agenda";
    public TimeSpan Duration => TimeSpan.FromMinutes(DurationMinutes);
    public bool IsBooked => State is MeetingState.Booket or MeetingState.AfventerBooking && Start is not null;
}

public enum ParticipantAnswer { Ingen, Kommer, Afbud }

/// <summary>One invited team member, as they were when invited (the team may change later).</summary>
public sealed class MeetingParticipant
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public required string UserId { get; set; }
    public required string DisplayName { get; set; }
    public required string OrganisationId { get; set; }
    public Sector Sector { get; set; }
    public string? Email { get; set; }
    public string? TenantId { get; set; }
    /// <summary>False for people without Teams (GP, relatives): they get the invitation and the poll by e-mail.</summary>
    public bool HasTeams { get; set; }
    public MemberRole Role { get; set; }
    public ParticipantAnswer Answer { get; set; }
    /// <summary>Poll answers per proposed slot: one character each, '?' not answered, 'j' can, 'n' cannot.</summary>
    public string Poll { get; set; } = "";

    public CalendarPerson ToCalendarPerson() => new(UserId, OrganisationId, TenantId, DisplayName, Email);
}

public enum AgendaItemKind { Opfoelgning, Punkt, Eventuelt }

/// <summary>An agenda item in the sector's fixed shape: Baggrund, "Det indstilles, at …", Bilag.</summary>
public sealed class AgendaItem
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public AgendaItemKind Kind { get; set; }
    /// <summary>Order among the items of the same kind (follow-up first and Eventuelt last whatever is added).</summary>
    public int Order { get; set; }
    public required string Title { get; set; }
    public string? Background { get; set; }
    public string? Proposal { get; set; }
    /// <summary>Document keys of the forløb attached as Bilag (shown only to members the consent covers for them).</summary>
    public List<string> Attachments { get; set; } = [];
    public required string AddedBy { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}

public enum DeliveryKind { CreateEvent, UpdateEvent, CancelEvent, Mail }

/// <summary>
/// Something the meeting sends outside Teams (a Graph write, an e-mail), stored in the same unit of work as the change
/// that caused it and retried until it is done: the meeting's own durable outbox (cards go through the bot's outbox).
/// </summary>
public sealed class MeetingDelivery
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public DeliveryKind Kind { get; set; }
    /// <summary>Unique: the same logical delivery is stored once however often the click that caused it is repeated.</summary>
    public required string Key { get; set; }
    /// <summary>For mail: the participant's user id ("citizen" for the citizen), and what the mail is.</summary>
    public string? Recipient { get; set; }
    public string? Method { get; set; }
    public int Sequence { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public DateTimeOffset? FailedAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
}

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>, IEntityTypeConfiguration<MeetingParticipant>,
    IEntityTypeConfiguration<AgendaItem>, IEntityTypeConfiguration<MeetingDelivery>
{
    public void Configure(EntityTypeBuilder<Meeting> e)
    {
        e.ToTable("meetings");
        e.HasIndex(m => m.PublicId).IsUnique();
        e.HasIndex(m => new { m.CaseId, m.Id });
        e.Ignore(m => m.Duration);
        e.Ignore(m => m.IsBooked);
        e.Ignore(m => m.SlotsCardKey);
        e.Ignore(m => m.AgendaCardKey);
        e.Property(m => m.Version).IsConcurrencyToken();
        e.Property(m => m.Kind).HasConversion<string>().HasMaxLength(24);
        e.Property(m => m.State).HasConversion<string>().HasMaxLength(24);
        e.Property(m => m.Proposed).HasConversion(
            v => string.Join(',', v.Select(t => t.ToUnixTimeSeconds())),
            v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => DateTimeOffset.FromUnixTimeSeconds(long.Parse(s))).ToList(),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<DateTimeOffset>>(
                (a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, t) => HashCode.Combine(h, t)), v => v.ToList()));
        e.HasMany(m => m.Participants).WithOne().HasForeignKey(p => p.MeetingId);
        e.HasMany(m => m.Agenda).WithOne().HasForeignKey(a => a.MeetingId);
    }

    public void Configure(EntityTypeBuilder<MeetingParticipant> e)
    {
        e.ToTable("meeting_participants");
        e.HasIndex(p => new { p.MeetingId, p.UserId }).IsUnique();
        e.Property(p => p.Sector).HasConversion<string>().HasMaxLength(20);
        e.Property(p => p.Role).HasConversion<string>().HasMaxLength(20);
        e.Property(p => p.Answer).HasConversion<string>().HasMaxLength(20);
    }

    public void Configure(EntityTypeBuilder<AgendaItem> e)
    {
        e.ToTable("meeting_agenda_items");
        e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        e.Property(a => a.Attachments).HasConversion(
            v => string.Join(',', v),
            v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList(),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<string>>(
                (a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode())), v => v.ToList()));
    }

    public void Configure(EntityTypeBuilder<MeetingDelivery> e)
    {
        e.ToTable("meeting_deliveries");
        e.HasIndex(d => d.Key).IsUnique();
        e.HasIndex(d => new { d.DoneAt, d.FailedAt, d.NextAttemptAt });
        e.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
    }
}
