using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Cases;

/// <summary>The kinds of information a consent can cover (samtykke "til udveksling af hvilke oplysninger").</summary>
[Flags]
public enum InformationKind
{
    None = 0,
    ContactData = 1,
    Plans = 2,
    CrisisPlan = 4,
    Minutes = 8,
    HealthDetails = 16,
    All = ContactData | Plans | CrisisPlan | Minutes | HealthDetails,
}

public enum ConsentGiven { Mundtligt, Skriftligt, Digitalt }

/// <summary>
/// The citizen's consent to exchange information between organisations. Never edited: a change is a new consent
/// and the old one ends; a withdrawal takes effect at once. The coordinating organisation is always covered.
/// </summary>
public sealed class Consent
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    /// <summary>Organisation ids covered, besides the coordinating organisation.</summary>
    public List<string> OrganisationIds { get; set; } = [];
    public InformationKind Kinds { get; set; }
    public ConsentGiven GivenHow { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    /// <summary>What the citizen said about situations, e.g. "ved indlæggelse må sengeafsnittet kontakte mor".</summary>
    [Protected] public string? Note { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? EndedBy { get; set; }
    /// <summary>True when the citizen withdrew it (rather than it being replaced by a new consent).</summary>
    public bool Withdrawn { get; set; }

    public bool IsInForce(DateOnly today) => EndedAt is null && ValidFrom <= today && (ValidTo is null || today <= ValidTo);
}

internal sealed class ConsentConfiguration : IEntityTypeConfiguration<Consent>
{
    public void Configure(EntityTypeBuilder<Consent> e)
    {
        e.ToTable("consents");
        e.HasIndex(c => c.CaseId);
        e.Property(c => c.GivenHow).HasConversion<string>().HasMaxLength(20);
        e.Property(c => c.OrganisationIds).HasConversion(
            v => string.Join(',', v),
            v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList(),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<string>>(
                (a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode())), v => v.ToList()));
    }
}

/// <summary>Answers "may organisation X see information of kind K about this citizen now?".</summary>
public sealed class ConsentPolicy(Storage.CoordinatorDb db, TimeProvider time)
{
    public static readonly TimeZoneInfo Copenhagen = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Copenhagen).DateTime);

    public Task<Consent?> InForceAsync(long caseId, CancellationToken ct)
    {
        var today = Today;
        return db.Set<Consent>().AsNoTracking()
            .Where(c => c.CaseId == caseId && c.EndedAt == null && c.ValidFrom <= today && (c.ValidTo == null || c.ValidTo >= today))
            .OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
    }

    public async Task<bool> CoversAsync(CitizenCase @case, string organisationId, InformationKind kind, CancellationToken ct)
    {
        if (organisationId == @case.CoordinatingOrganisationId) return true;
        var consent = await InForceAsync(@case.Id, ct);
        return Covers(consent, organisationId, kind);
    }

    /// <summary>
    /// Whether a new consent would let more be shared than the one in force: another organisation, another kind of
    /// information, or a longer period. Recording one where none is in force widens too.
    /// </summary>
    public static bool Widens(Consent? current, IEnumerable<string> organisationIds, InformationKind kinds, DateOnly? validTo) =>
        current is null || organisationIds.Except(current.OrganisationIds).Any() || (kinds & ~current.Kinds) != 0 ||
        current.ValidTo is { } until && (validTo is null || validTo > until);

    /// <summary>Who may widen the consent in force: the coordinator, or the member who recorded it.</summary>
    public static bool MayWiden(CitizenCase @case, Consent? current, string userId) =>
        userId == @case.CoordinatorUserId || userId == current?.RecordedBy;

    public const string WideningRefused =
        "Kun koordinatoren eller den, der registrerede det gældende samtykke, kan udvide samtykket (flere organisationer, flere slags oplysninger " +
        "eller en længere periode). Du kan indskrænke det, og alle i teamet kan registrere, at borgeren trækker samtykket tilbage.";

    public static bool Covers(Consent? consent, string organisationId, InformationKind kind) =>
        consent is not null && consent.OrganisationIds.Contains(organisationId) && (consent.Kinds & kind) == kind;

    public static string Describe(InformationKind kinds) => kinds == InformationKind.None ? "ingen oplysninger" : string.Join(", ",
        new[] { (InformationKind.ContactData, "kontaktoplysninger"), (InformationKind.Plans, "planer (KIP)"), (InformationKind.CrisisPlan, "kriseplan"),
                (InformationKind.Minutes, "referater"), (InformationKind.HealthDetails, "helbredsoplysninger") }
            .Where(k => kinds.HasFlag(k.Item1)).Select(k => k.Item2));
}
