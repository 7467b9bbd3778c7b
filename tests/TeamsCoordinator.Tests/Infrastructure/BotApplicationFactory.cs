using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Tests.Infrastructure;

/// <summary>
/// The real bot in process, configured as production (an app id, tokens required) except for what lies outside
/// it: its own SQLite file in a temp folder, <see cref="TestIdentity"/> instead of login.botframework.com,
/// <see cref="FakeConnector"/> instead of the Bot Connector, a fixed outbound token, and captured logs.
/// Set the init properties before the first request; one instance per test (or per test class) keeps data apart.
/// </summary>
public class BotApplicationFactory : WebApplicationFactory<Program>
{
    public const string AppId = "9f0c1d2e-3b4a-4c5d-8e6f-70a1b2c3d4e5";
    public const string BotTenantId = "5e3d2c1b-0a9f-4e8d-b7c6-a5b4c3d2e1f0";
    public const string ConnectorToken = "test-connector-token";

    public BotApplicationFactory()
    {
        DataFolder = Path.Combine(Path.GetTempPath(), "teamscoordinator-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataFolder);
    }

    public string DataFolder { get; }
    public TestIdentity Identity { get; } = new();
    public FakeConnector Connector { get; } = new();
    public TestLogSink Logs { get; } = new();

    /// <summary>
    /// Anonymous development mode as ./run-bot.sh runs it for Agents Playground (environment Development, no app id,
    /// no token), with this fixture's fakes and database.
    /// </summary>
    public static BotApplicationFactory AnonymousDevelopment(params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["Bot:MicrosoftAppId"] = null, ["Bot:AllowAnonymous"] = "true" };
        foreach (var (key, value) in settings) all[key] = value;
        return new BotApplicationFactory { Environment = "Development", Settings = all, SendsTokens = false };
    }

    /// <summary>False: <see cref="PostActivityAsync"/> posts without a token unless given one (anonymous development mode).</summary>
    public bool SendsTokens { get; init; } = true;

    /// <summary>The host environment; "Development" also loads appsettings.Development.json.</summary>
    public string Environment { get; init; } = "Testing";
    /// <summary>Configuration on top of the defaults below (null removes a default, e.g. the app id).</summary>
    public Dictionary<string, string?> Settings { get; init; } = [];
    /// <summary>Replaces the system clock everywhere (outbox backoff, deadlines); null keeps real time.</summary>
    public TimeProvider? Time { get; init; }
    /// <summary>False: no background outbox dispatcher; a test drives <see cref="OutboxDispatcher.DispatchDueAsync"/> itself.</summary>
    public bool RunOutboxDispatcher { get; init; } = true;
    /// <summary>Retries of the Connector HttpClient (RetryAfterHandler); its backoff without Retry-After is shortened to milliseconds.</summary>
    public int ConnectorRetries { get; init; } = 3;
    /// <summary>More service replacements, applied last.</summary>
    public Action<IServiceCollection>? ExtraServices { get; init; }

    public string DatabasePath => Path.Combine(DataFolder, "teamscoordinator.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Not Development unless asked: appsettings.Development.json would turn on anonymous mode.
        builder.UseEnvironment(Environment);
        var settings = new Dictionary<string, string?>
        {
            ["Bot:MicrosoftAppId"] = AppId,
            ["Bot:MicrosoftAppPassword"] = "not-used-the-token-provider-is-faked",
            ["Bot:MicrosoftAppTenantId"] = BotTenantId,
            ["Bot:AllowAnonymous"] = "false",
            ["Bot:BotFrameworkOpenIdMetadataUrl"] = TestIdentity.BotFrameworkMetadataUrl,
            // The tenant of TeamsActivities; the demo organisations' tenants are not served in these tests.
            ["Bot:AllowedTenants:0"] = TeamsActivities.TenantId,
            ["Storage:Provider"] = "Sqlite",
            ["Storage:DataFolder"] = DataFolder,
            // Citizen data is encrypted at rest; production reads the key from the environment, tests make one.
            ["Protection:Key"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Logging:LogLevel:Default"] = "Debug",
            // The morning digest runs only where a test asks for it (a morning would otherwise add messages to any test run then).
            ["Digest:RunScheduler"] = "false",
        };
        foreach (var (key, value) in Settings) settings[key] = value;
        // UseSetting reaches WebApplicationBuilder.Configuration before Program reads it (the start-up guard does).
        foreach (var (key, value) in settings) builder.UseSetting(key, value);

        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IDocumentRetriever>();
            services.AddSingleton<IDocumentRetriever>(Identity);
            services.RemoveAll<IConnectorTokenProvider>();
            services.AddSingleton<IConnectorTokenProvider>(new FixedConnectorToken(ConnectorToken));
            services.AddTransient(sp => new RetryAfterHandler(sp.GetRequiredService<TimeProvider>())
            {
                MaxRetries = ConnectorRetries,
                BaseDelay = TimeSpan.FromMilliseconds(5),
            });
            services.AddHttpClient<ConnectorClient>()
                .ConfigurePrimaryHttpMessageHandler(() => Connector)
                .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
            if (Time is not null)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(Time);
            }
            if (!RunOutboxDispatcher)
            {
                var dispatcher = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(OutboxDispatcher));
                services.Remove(dispatcher);
            }
            ExtraServices?.Invoke(services);
        });
    }

    /// <summary>Posts an activity to /api/messages with a valid Bot Connector token for its serviceUrl (or the given token).</summary>
    public Task<HttpResponseMessage> PostActivityAsync(Activity activity, string? token = null) =>
        PostJsonAsync(JsonSerializer.Serialize(activity, BotJson.Options),
            token ?? (SendsTokens ? TestTokens.Valid(activity.ServiceUrl ?? TeamsActivities.ServiceUrl) : null));

    /// <summary>Posts an activity with no Authorization header.</summary>
    public Task<HttpResponseMessage> PostAnonymousAsync(Activity activity) =>
        PostJsonAsync(JsonSerializer.Serialize(activity, BotJson.Options), token: null);

    /// <summary>Posts any body as it is; the token is sent only when given.</summary>
    public Task<HttpResponseMessage> PostJsonAsync(string body, string? token, string contentType = "application/json") =>
        PostBytesAsync(Encoding.UTF8.GetBytes(body), token, contentType);

    /// <summary>Posts these bytes as they are (invalid UTF-8 included); the token is sent only when given.</summary>
    public async Task<HttpResponseMessage> PostBytesAsync(byte[] body, string? token, string contentType = "application/json")
    {
        using var client = CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    /// <summary>Runs <paramref name="work"/> with a fresh scope's database (the same file the bot uses).</summary>
    public async Task<T> WithDbAsync<T>(Func<CoordinatorDb, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<CoordinatorDb>());
    }

    /// <summary>Every row a turn leaves behind, whatever it did: conversation references, learned channel accounts, outbox rows.</summary>
    public Task<int> StoredRowCountAsync() => WithDbAsync(async db =>
        await db.Set<ConversationReference>().CountAsync() + await db.Set<KnownChannelAccount>().CountAsync() + await db.Outbox.CountAsync());

    public Task<List<OutboxMessage>> OutboxAsync() => WithDbAsync(db => db.Outbox.AsNoTracking().OrderBy(m => m.Id).ToListAsync());

    /// <summary>Waits until no outbox row is left to send (sent or failed), polling; fails after the timeout.</summary>
    public async Task WaitForOutboxDrainedAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while ((await OutboxAsync()).Any(m => m.SentAt is null && m.FailedAt is null))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The outbox still has unsent rows.");
            await Task.Delay(20);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private sealed class FixedConnectorToken(string token) : IConnectorTokenProvider
    {
        public Task<string?> GetTokenAsync(CancellationToken ct) => Task.FromResult<string?>(token);
    }
}
