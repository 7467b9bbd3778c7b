using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Cases;

/// <summary>
/// A forløb: the citizen's course across sectors and the team around it. Named everywhere by its label
/// (initials + case number); the citizen's identity is encrypted and used only inside documents, for members.
/// </summary>
public sealed class CitizenCase
{
    public long Id { get; set; }
    public required string Initials { get; set; }
    public required string CaseNumber { get; set; }
    public string Label => CaseLabel.Format(Initials, CaseNumber);

    public required string CoordinatingOrganisationId { get; set; }
    public string? HandlekommuneId { get; set; }
    public string? BetalingskommuneId { get; set; }
    /// <summary>The one person holding the coordinator role (tovholder) now.</summary>
    public required string CoordinatorUserId { get; set; }

    public string? TeamId { get; set; }
    /// <summary>Teams channel id = Bot Framework conversation id of the forløb channel; null until created.</summary>
    public string? ChannelId { get; set; }
    public ChannelMode ChannelMode { get; set; }
    public string? ChannelWebUrl { get; set; }
    /// <summary>The forløb's channel as the collaboration tenants address it; null until it is created.</summary>
    public CaseChannel? CurrentChannel() => ChannelId is { } id ? new CaseChannel(TeamId ?? "", id, id, ChannelMode, ChannelWebUrl) : null;
    /// <summary>Where the bot posts into the channel (Connector serviceUrl and the host tenant).</summary>
    public string? ServiceUrl { get; set; }
    public string? TenantId { get; set; }
    /// <summary>
    /// Set while one bot instance asks Microsoft 365 to create the channel (a lease, so that the creating click, the
    /// retry worker and other instances never make two channels); it lapses by itself if that instance dies.
    /// </summary>
    public DateTimeOffset? ChannelCreationLeaseUntil { get; set; }
    /// <summary>The operation Teams runs to create the channel (a shared channel is made in the background); the retry worker follows it.</summary>
    public string? ChannelOperation { get; set; }
    /// <summary>The channel exists but the bot is not let in yet, so the welcome card waits: a retried step of its own.</summary>
    public bool ChannelBotPending { get; set; }
    /// <summary>When the retry worker may try the channel again: Microsoft's Retry-After, or the next look at the operation.</summary>
    public DateTimeOffset? ChannelRetryAt { get; set; }
    /// <summary>A refusal (400/403) no retry can change: retries stop, and the coordinator is told what the administrator must do.</summary>
    public string? ChannelProblem { get; set; }

    public ProtectedCitizen Citizen { get; set; } = new();

    /// <summary>KIP's "Dato for næste koordinationsmøde": the digest warns when it comes near.</summary>
    public DateOnly? NextReviewDate { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    /// <summary>The form that created it: a second click on "Opret forløb" finds this forløb instead of making another.</summary>
    public string? CreationRequestId { get; set; }
    /// <summary>Optimistic concurrency: bumped on every change so concurrent edits cannot both win.</summary>
    public int Version { get; set; }

    public List<CaseMember> Members { get; set; } = [];

    public IEnumerable<CaseMember> ActiveMembers => Members.Where(m => m.RemovedAt is null);
    public CaseMember? ActiveMember(string userId) => ActiveMembers.FirstOrDefault(m => m.UserId == userId);
}

/// <summary>Who the citizen is. Encrypted at rest; never in channel names, card titles, notifications, logs or digests.</summary>
public sealed class ProtectedCitizen
{
    [Protected] public string? FullName { get; set; }
    [Protected] public string? Cpr { get; set; }
    [Protected] public string? Address { get; set; }
    [Protected] public string? Phone { get; set; }
    [Protected] public string? Email { get; set; }
}

public enum MemberRole { Member, StandIn }

public enum ChannelMembership { Done, Pending, Refused, Failed, EmailOnly }

public sealed class CaseMember
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public required string UserId { get; set; }
    public required string OrganisationId { get; set; }
    public Sector Sector { get; set; }
    public required string DisplayName { get; set; }
    public string? Email { get; set; }
    public string? TenantId { get; set; }
    /// <summary>KIP "Funktion", e.g. "Kontaktperson i distriktspsykiatrien".</summary>
    public string? Function { get; set; }
    public MemberRole Role { get; set; }
    public ChannelMembership Channel { get; set; }
    public string? ChannelNote { get; set; }
    /// <summary>For a Pending member: not before this (Microsoft's Retry-After).</summary>
    public DateTimeOffset? ChannelRetryAt { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public required string AddedBy { get; set; }
    public DateTimeOffset? RemovedAt { get; set; }
}

internal sealed class CaseConfiguration : IEntityTypeConfiguration<CitizenCase>, IEntityTypeConfiguration<CaseMember>
{
    public void Configure(EntityTypeBuilder<CitizenCase> e)
    {
        e.ToTable("cases");
        e.Ignore(c => c.Label);
        e.Ignore(c => c.ActiveMembers);
        e.HasIndex(c => c.ChannelId).IsUnique();
        e.HasIndex(c => c.CreationRequestId).IsUnique();
        e.HasIndex(c => new { c.CoordinatingOrganisationId, c.CaseNumber }).IsUnique();
        e.Property(c => c.Version).IsConcurrencyToken();
        e.Property(c => c.ChannelMode).HasConversion<string>().HasMaxLength(20);
        e.Property(c => c.ChannelOperation).HasMaxLength(200);
        e.OwnsOne(c => c.Citizen, o =>
        {
            o.Property(p => p.FullName).HasColumnName("citizen_name");
            o.Property(p => p.Cpr).HasColumnName("citizen_cpr");
            o.Property(p => p.Address).HasColumnName("citizen_address");
            o.Property(p => p.Phone).HasColumnName("citizen_phone");
            o.Property(p => p.Email).HasColumnName("citizen_email");
        });
        e.HasMany(c => c.Members).WithOne().HasForeignKey(m => m.CaseId);
    }

    public void Configure(EntityTypeBuilder<CaseMember> e)
    {
        e.ToTable("case_members");
        e.HasIndex(m => new { m.CaseId, m.UserId });
        e.HasIndex(m => m.UserId);
        e.Property(m => m.Sector).HasConversion<string>().HasMaxLength(20);
        e.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
        e.Property(m => m.Channel).HasConversion<string>().HasMaxLength(20);
    }
}
