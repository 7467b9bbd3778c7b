using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TeamsCoordinator.Tenants;

// The embedded tenant: organisations, people and channels kept in the project's database.

public sealed class EmbeddedOrganisation
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public Sector Sector { get; set; }
    public string? TenantId { get; set; }
    public ChannelMode ChannelMode { get; set; }
    public string? HostTeamId { get; set; }

    public Organisation ToOrganisation() => new(Id, Name, Sector, TenantId, ChannelMode, HostTeamId);
}

public sealed class EmbeddedPerson
{
    /// <summary>Entra object id in the person's home tenant (or a local id for people without Teams).</summary>
    public required string UserId { get; set; }
    public required string OrganisationId { get; set; }
    public required string DisplayName { get; set; }
    public string? Email { get; set; }
    public string? JobTitle { get; set; }
}

/// <summary>A channel the embedded tenant can hand to a new forløb (in Agents Playground: its team's channels).</summary>
public sealed class EmbeddedChannel
{
    public required string ChannelId { get; set; }
    public required string TeamId { get; set; }
    public string? Name { get; set; }
    /// <summary>The forløb label it was given; null while free.</summary>
    public string? AssignedTo { get; set; }
    public List<EmbeddedChannelMember> Members { get; set; } = [];
}

public sealed class EmbeddedChannelMember
{
    public long Id { get; set; }
    public required string ChannelId { get; set; }
    public required string UserId { get; set; }
    public ChannelMode Mode { get; set; }
}

internal sealed class EmbeddedDirectoryConfiguration :
    IEntityTypeConfiguration<EmbeddedOrganisation>, IEntityTypeConfiguration<EmbeddedPerson>,
    IEntityTypeConfiguration<EmbeddedChannel>, IEntityTypeConfiguration<EmbeddedChannelMember>
{
    public void Configure(EntityTypeBuilder<EmbeddedOrganisation> e)
    {
        e.ToTable("embedded_organisations");
        e.HasKey(o => o.Id);
        e.Property(o => o.Sector).HasConversion<string>().HasMaxLength(20);
        e.Property(o => o.ChannelMode).HasConversion<string>().HasMaxLength(20);
    }

    public void Configure(EntityTypeBuilder<EmbeddedPerson> e)
    {
        e.ToTable("embedded_people");
        e.HasKey(p => new { p.OrganisationId, p.UserId });
        e.HasIndex(p => p.UserId);
    }

    public void Configure(EntityTypeBuilder<EmbeddedChannel> e)
    {
        e.ToTable("embedded_channels");
        e.HasKey(c => c.ChannelId);
        e.HasMany(c => c.Members).WithOne().HasForeignKey(m => m.ChannelId);
    }

    public void Configure(EntityTypeBuilder<EmbeddedChannelMember> e)
    {
        e.ToTable("embedded_channel_members");
        e.HasIndex(m => new { m.ChannelId, m.UserId }).IsUnique();
        e.Property(m => m.Mode).HasConversion<string>().HasMaxLength(20);
    }
}
