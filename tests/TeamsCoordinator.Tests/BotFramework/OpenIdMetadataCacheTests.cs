using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.BotFramework;

public sealed class OpenIdMetadataCacheTests
{
    private readonly TestIdentity _identity = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-02T08:00:00Z"));
    private readonly OpenIdMetadataCache _cache;

    public OpenIdMetadataCacheTests() => _cache = new OpenIdMetadataCache(_identity, _time, NullLogger<OpenIdMetadataCache>.Instance);

    private int KeySetFetches => _identity.FetchCount(TestIdentity.BotFrameworkJwksUrl);

    [Fact]
    public async Task KnownKeysAreServedFromTheCache()
    {
        await _cache.GetAsync(TestIdentity.BotFrameworkMetadataUrl, TestKey.BotFramework.KeyId, default);
        await _cache.GetAsync(TestIdentity.BotFrameworkMetadataUrl, TestKey.BotFramework.KeyId, default);

        Assert.Equal(1, KeySetFetches);
    }

    [Fact]
    public async Task MetadataIsRefreshedAfterTwelveHours()
    {
        await _cache.GetAsync(TestIdentity.BotFrameworkMetadataUrl, TestKey.BotFramework.KeyId, default);
        _time.Advance(TimeSpan.FromHours(12));
        await _cache.GetAsync(TestIdentity.BotFrameworkMetadataUrl, TestKey.BotFramework.KeyId, default);

        Assert.Equal(2, KeySetFetches);
    }

    [Fact]
    public async Task UnknownKeyIdRefreshesAtMostOncePerFiveMinutes()
    {
        await _cache.GetAsync(TestIdentity.BotFrameworkMetadataUrl, TestKey.BotFramework.KeyId, default);
        await _cache.GetAsync(TestIdentity.BotFrameworkMetadataUrl, "forged-1", default);
        await _cache.GetAsync(TestIdentity.BotFrameworkMetadataUrl, "forged-2", default);
        Assert.Equal(2, KeySetFetches);

        _time.Advance(TimeSpan.FromMinutes(5));
        await _cache.GetAsync(TestIdentity.BotFrameworkMetadataUrl, "forged-3", default);
        Assert.Equal(3, KeySetFetches);
    }

    [Fact]
    public async Task RotatedKeyIsInTheConfigurationReturnedByTheRefreshItCaused()
    {
        await _cache.GetAsync(TestIdentity.BotFrameworkMetadataUrl, TestKey.BotFramework.KeyId, default);
        _identity.PublishBotFrameworkKey(TestKey.BotFrameworkRotated, "msteams");

        var config = await _cache.GetAsync(TestIdentity.BotFrameworkMetadataUrl, TestKey.BotFrameworkRotated.KeyId, default);

        Assert.Contains(config.JsonWebKeySet.Keys, k => k.KeyId == TestKey.BotFrameworkRotated.KeyId);
    }

    [Fact]
    public async Task FirstFetchFailureIsThrownSoTheCallerFailsClosed()
    {
        await Assert.ThrowsAsync<IOException>(() => _cache.GetAsync("https://login.botframework.com/nothing-here", null, default));
    }
}
