using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TeamsCoordinator.Digest;

/// <summary>
/// A person's choice about their morning overview ("overblik kl 7.30", "overblik fra", "overblik til"). No row:
/// a coordinator gets it at 08:00 and a member who coordinates nothing does not. "til" from a member who coordinates
/// nothing gives them their own batons and tasks.
/// </summary>
public sealed class DigestPreference
{
    public long Id { get; set; }
    /// <summary>Entra object id, as features know people.</summary>
    public required string UserId { get; set; }
    public bool Enabled { get; set; } = true;
    /// <summary>Local time in Copenhagen; null: <see cref="DigestClock.DefaultTime"/>.</summary>
    public TimeOnly? SendAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// One person's digest of one local date, taken in the same transaction as the outbox message that carries it (or
/// alone when there was nothing to report): unique per person and date, so of several instances running the same
/// morning exactly one sends it, and a restarted run skips the people already done.
/// </summary>
public sealed class DigestClaim
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public DateOnly LocalDate { get; set; }
    public DateTimeOffset ClaimedAt { get; set; }
    /// <summary>Lines on the card; 0: nothing to report, nothing sent.</summary>
    public int Items { get; set; }
    public DigestRoute Route { get; set; }
}

/// <summary>How the digest reached the person (or why it did not).</summary>
public enum DigestRoute
{
    /// <summary>Nothing to report: no message.</summary>
    None,
    /// <summary>In the personal chat the bot already has with the person.</summary>
    PersonalChat,
    /// <summary>A new 1:1 chat, created with the Teams id and tenant the bot knows.</summary>
    NewChat,
    /// <summary>No way to write to the person: the forløb's channel was told once, without content.</summary>
    ChannelNotice,
    /// <summary>Teams refused the new chat; the app was installed for the person (Graph) and the card went to the chat that made.</summary>
    AppInstalled,
    /// <summary>No way at all (no Teams id, no channel).</summary>
    Unreachable,
}

internal sealed class DigestConfiguration : IEntityTypeConfiguration<DigestPreference>, IEntityTypeConfiguration<DigestClaim>
{
    public void Configure(EntityTypeBuilder<DigestPreference> e)
    {
        e.ToTable("digest_preferences");
        e.HasIndex(p => p.UserId).IsUnique();
    }

    public void Configure(EntityTypeBuilder<DigestClaim> e)
    {
        e.ToTable("digest_claims");
        e.HasIndex(c => new { c.UserId, c.LocalDate }).IsUnique();
        e.HasIndex(c => c.LocalDate);
        e.Property(c => c.Route).HasConversion<string>().HasMaxLength(20);
    }
}
