namespace TeamsCoordinator.Tenants;

/// <summary>
/// Microsoft 365 could not do what was asked (search a directory, create a forløb channel). <see cref="Exception.Message"/>
/// is Danish and may be shown to the user; it never holds citizen data. <see cref="IsTransient"/>: worth retrying later
/// (throttling, outage, an operation still running), after <see cref="RetryAfter"/> when Microsoft said how long.
/// </summary>
public sealed class CollaborationTenantException(string reason, bool isTransient, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(reason, inner)
{
    public bool IsTransient { get; } = isTransient;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
