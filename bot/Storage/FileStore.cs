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

/// <summary>
/// Short-lived links to stored files: an HMAC over id and expiry with a key that never leaves the server, so a
/// link cannot be forged or extended. The link is the capability; keep it short (default 15 minutes).
/// </summary>
public sealed class SignedLinks(byte[] key, TimeProvider time)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(15);

    public string Create(string baseUrl, long fileId, TimeSpan? lifetime = null)
    {
        var expires = time.GetUtcNow().Add(lifetime ?? DefaultLifetime).ToUnixTimeSeconds();
        return $"{baseUrl.TrimEnd('/')}/files/{fileId}?exp={expires}&sig={Sign(fileId, expires)}";
    }

    public bool IsValid(long fileId, long expires, string? signature)
    {
        if (signature is null || time.GetUtcNow().ToUnixTimeSeconds() > expires) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(fileId, expires));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    private string Sign(long fileId, long expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"{fileId}:{expires}")));
}
