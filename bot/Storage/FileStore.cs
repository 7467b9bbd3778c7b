using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TeamsCoordinator.Storage;

/// <summary>A file the bot made (document, export), kept in the database in embedded mode. Versions are new rows.</summary>
public sealed class StoredFile
{
    public long Id { get; set; }
    public long? CaseId { get; set; }
    /// <summary>Files with the same key are versions of one document ("kip", "kriseplan", "referat:12").</summary>
    public required string DocumentKey { get; set; }
    public int Version { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    /// <summary>Encrypted at rest (documents hold name, CPR number, diagnosis), bound to the file id. Empty when the file lives in Microsoft 365 (<see cref="WebUrl"/>) rather than here.</summary>
    [Protected] public required byte[] Content { get; set; }
    public string? WebUrl { get; set; }
    /// <summary>The form that made it (a double submit finds it); null for files not made from a form.</summary>
    public string? RequestId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> e)
    {
        e.ToTable("stored_files");
        e.HasIndex(f => new { f.CaseId, f.DocumentKey, f.Version }).IsUnique();
        e.HasIndex(f => f.RequestId).IsUnique();
    }
}

/// <summary>The person a link is for: the Entra object id the turn knows them by, and their tenant.</summary>
public sealed record LinkHolder(string UserKey, string? TenantId);

/// <summary>
/// Short-lived links to stored files, each for one person: an HMAC over file id, the person (user and tenant) and
/// expiry with a key that never leaves the server, so a link cannot be forged, extended or moved to someone else.
/// The download checks the person's rights again (<c>FileEndpoints</c>) and audits them. Five minutes: a link is
/// given to one person on a click and is not meant to be kept. The expiry is hexadecimal and the signature base64url
/// so that no link holds ten digits in a row, which would read as a CPR number.
/// </summary>
public sealed class SignedLinks(byte[] key, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public string Create(string baseUrl, long fileId, LinkHolder holder)
    {
        var expires = time.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds().ToString("x");
        return $"{baseUrl.TrimEnd('/')}/files/{fileId}?u={Uri.EscapeDataString(holder.UserKey)}&t={Uri.EscapeDataString(holder.TenantId ?? "")}" +
               $"&exp={expires}&sig={Sign(fileId, holder, expires)}";
    }

    /// <summary>Whether the link's signature holds for these values and it has not expired.</summary>
    public bool IsValid(long fileId, LinkHolder holder, string? expires, string? signature)
    {
        if (signature is null || expires is not { Length: > 0 and <= 16 } ||
            !long.TryParse(expires, System.Globalization.NumberStyles.AllowHexSpecifier, null, out var at) ||
            time.GetUtcNow().ToUnixTimeSeconds() > at) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(fileId, holder, expires));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    // Lengths first, so that no two different (user, tenant) pairs sign the same text.
    private string Sign(long fileId, LinkHolder holder, string expires) =>
        System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(
            $"{fileId}:{holder.UserKey.Length}:{holder.UserKey}:{(holder.TenantId ?? "").Length}:{holder.TenantId}:{expires}")));
}
