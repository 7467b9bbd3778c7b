using System.Collections.Concurrent;

namespace TeamsCoordinator.Tenants;

/// <summary>
/// The bot in a person's personal scope, for someone Teams will not open a 1:1 chat with yet (the Connector answers
/// 403 while the app is not installed for them). Two implementations: Microsoft Graph (Teams app installation for a
/// user, in the person's own tenant) and the embedded one (the default).
/// </summary>
public interface IPersonalApp
{
    /// <summary>
    /// Installs the app for the person (nothing happens if it is there already) and returns the id of their 1:1 chat
    /// with the bot when Microsoft 365 gives one (null: the Connector creates it now that the app is there).
    /// </summary>
    /// <param name="userId">The person's Entra object id in <paramref name="tenantId"/>, their home tenant.</param>
    Task<PersonalAppInstall> InstallAsync(string tenantId, string userId, CancellationToken ct);
}

public enum PersonalAppStatus { Installed, Pending, Refused }

/// <summary>What came of an installation: done (with the chat), not now (try after <see cref="RetryAfter"/>), or refused (why, in Danish).</summary>
public sealed record PersonalAppInstall(PersonalAppStatus Status, string? ChatId = null, TimeSpan? RetryAfter = null, string? Reason = null)
{
    public static PersonalAppInstall Installed(string? chatId) => new(PersonalAppStatus.Installed, chatId);
    public static PersonalAppInstall Pending(TimeSpan retryAfter, string reason) => new(PersonalAppStatus.Pending, RetryAfter: retryAfter, Reason: reason);
    public static PersonalAppInstall Refused(string reason) => new(PersonalAppStatus.Refused, Reason: reason);
}

/// <summary>
/// Embedded mode has no app catalogue: every person the demo knows may have the app, so an installation is recorded
/// (once per person and tenant) and the Connector creates the chat, as Agents Playground's does.
/// </summary>
public sealed class EmbeddedPersonalApp : IPersonalApp
{
    private readonly ConcurrentDictionary<(string Tenant, string User), byte> installed = new();

    public IReadOnlyCollection<(string Tenant, string User)> Installations => [.. installed.Keys];

    public Task<PersonalAppInstall> InstallAsync(string tenantId, string userId, CancellationToken ct)
    {
        installed.TryAdd((tenantId, userId), 0);
        return Task.FromResult(PersonalAppInstall.Installed(null));
    }
}
