namespace TeamsCoordinator.Tenants;

/// <summary>
/// The files folder of a forløb's channel in Microsoft 365: the SharePoint library folder behind the channel's
/// Files tab, where the channel's members already have access through Teams.
/// </summary>
public interface IChannelFiles
{
    /// <summary>
    /// Uploads a new file under <paramref name="fileName"/> and never replaces one of that name. Throws a
    /// <see cref="CollaborationTenantException"/> with a Danish reason when Microsoft 365 refuses (403, …) or is busy
    /// (429, 5xx: <see cref="CollaborationTenantException.IsTransient"/>, with Retry-After when Microsoft said it).
    /// </summary>
    Task<ChannelFile> UploadAsync(CaseChannel channel, string fileName, byte[] content, CancellationToken ct);
}

/// <summary>The uploaded file: its driveItem id, the name SharePoint gave it, and where Microsoft 365 shows it.</summary>
public sealed record ChannelFile(string ItemId, string Name, string WebUrl);
