using System.Collections.Concurrent;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace TeamsCoordinator.BotFramework;

/// <summary>
/// OpenID metadata and signing keys, cached per metadata URL. Refreshed in line (the caller waits) every
/// 12 hours and when a token names a key id the cache does not know, at most once per 5 minutes per URL so
/// that forged key ids cannot make us hammer the identity provider.
/// IdentityModel's ConfigurationManager is not used: since version 8 it refreshes in the background and
/// returns the old keys meanwhile, so the first token signed with a freshly rotated key would be refused.
/// </summary>
public sealed class OpenIdMetadataCache(IDocumentRetriever retriever, TimeProvider time, ILogger<OpenIdMetadataCache> log)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(12);
    public static readonly TimeSpan MinRefreshInterval = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed class Entry
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public volatile OpenIdConnectConfiguration? Config;
        public DateTimeOffset FetchedAt;
        public DateTimeOffset? ForcedAt;
    }

    /// <summary>When the metadata of <paramref name="metadataUrl"/> was last fetched successfully (readiness), or null.</summary>
    public DateTimeOffset? FetchedAt(string metadataUrl) =>
        _entries.TryGetValue(metadataUrl, out var entry) && entry.Config is not null ? entry.FetchedAt : null;

    /// <summary>The metadata for <paramref name="metadataUrl"/>, refreshed first if it is old or lacks <paramref name="keyId"/>.</summary>
    public async Task<OpenIdConnectConfiguration> GetAsync(string metadataUrl, string? keyId, CancellationToken ct)
    {
        var entry = _entries.GetOrAdd(metadataUrl, _ => new Entry());
        var config = entry.Config;
        if (config is not null && !IsStale(entry) && (keyId is null || HasKey(config, keyId))) return config;

        await entry.Gate.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            var stale = entry.Config is null || IsStale(entry);
            var unknownKey = !stale && keyId is not null && !HasKey(entry.Config!, keyId) &&
                             (entry.ForcedAt is null || now - entry.ForcedAt >= MinRefreshInterval);
            if (!stale && !unknownKey) return entry.Config!;
            if (unknownKey)
            {
                entry.ForcedAt = now;
                log.LogInformation("Signing key {KeyId} is unknown; refreshing {MetadataUrl}", keyId, metadataUrl);
            }
            try
            {
                entry.Config = await OpenIdConnectConfigurationRetriever.GetAsync(metadataUrl, retriever, ct);
                entry.FetchedAt = now;
            }
            catch (Exception e) when (entry.Config is not null && e is not OperationCanceledException)
            {
                // Keep the last keys we had rather than refuse every request; try again in a few minutes.
                log.LogWarning(e, "Refreshing {MetadataUrl} failed; keeping the keys fetched at {FetchedAt}", metadataUrl, entry.FetchedAt);
                entry.FetchedAt = now - MaxAge + MinRefreshInterval;
            }
            return entry.Config!;
        }
        finally { entry.Gate.Release(); }
    }

    private bool IsStale(Entry entry) => time.GetUtcNow() - entry.FetchedAt >= MaxAge;

    private static bool HasKey(OpenIdConnectConfiguration config, string keyId) =>
        config.JsonWebKeySet?.Keys.Any(k => k.KeyId == keyId) == true;
}
