using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace TeamsCoordinator.BotFramework;

/// <summary>What the protocol layer hands to the application: one turn per inbound activity.</summary>
public interface IBot
{
    /// <summary>Invokes are answered in the HTTP response; null means "not handled" (501).</summary>
    Task<AdaptiveCardInvokeResponse?> OnInvokeAsync(Activity activity, CancellationToken ct);

    /// <summary>Everything else runs after the HTTP response; replies go out through the Connector.</summary>
    Task OnActivityAsync(Activity activity, CancellationToken ct);
}

public static class BotEndpoint
{
    public static IServiceCollection AddBotFramework(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<BotOptions>().Bind(config.GetSection("Bot"));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Microsoft.IdentityModel.Protocols.IDocumentRetriever>(_ => new Microsoft.IdentityModel.Protocols.HttpDocumentRetriever { RequireHttps = true });
        services.AddSingleton<OpenIdMetadataCache>();
        services.AddSingleton<InboundAuthenticator>();
        services.AddSingleton<TrustedServiceUrls>();
        services.AddSingleton<TenantAllowList>();
        services.AddSingleton<IConnectorTokenProvider, MsalConnectorTokenProvider>();
        services.AddTransient<RetryAfterHandler>();
        // The client lives as long as the singletons that use it (outbox, turn worker), so the handler is never
        // rotated by the factory: recycle pooled connections instead, or a Traffic Manager DNS change is never seen.
        services.AddHttpClient<ConnectorClient>(c => c.Timeout = TimeSpan.FromSeconds(30))
            // No cookies and no redirects: the Connector API uses neither, a redirect must not carry the bot's token
            // anywhere else, and both are per-request work (the cookie jar's lookup, the redirect handler) on every reply.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                UseCookies = false,
                AllowAutoRedirect = false,
            })
            .AddHttpMessageHandler<RetryAfterHandler>()
            // Every reply is a Connector call: the factory's per-request log scopes and Information lines cost a
            // measurable share of a turn (bench/turns); ConnectorClient logs the calls that fail, with their operation id.
            .RemoveAllLoggers();
        services.AddSingleton<TurnLanes>();
        // No "Server: Kestrel" on every answer: it tells a scanner what to try and Teams does not read it.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.AddServerHeader = false);
        return services;
    }

    /// <summary>
    /// POST /api/messages. A plain request delegate over services resolved once (all singletons): the delegate factory's
    /// binding of eight parameters from the request's services cost a few per cent of every turn (bench/turns).
    /// </summary>
    public static IEndpointConventionBuilder MapBotEndpoint(this IEndpointRouteBuilder app, string pattern = "/api/messages")
    {
        var sp = app.ServiceProvider;
        var endpoint = new Inbound(sp.GetRequiredService<InboundAuthenticator>(), sp.GetRequiredService<TrustedServiceUrls>(),
            sp.GetRequiredService<TenantAllowList>(), sp.GetRequiredService<TurnLanes>(), sp.GetRequiredService<IBot>(),
            sp.GetRequiredService<IOptions<BotOptions>>().Value, sp.GetRequiredService<ILoggerFactory>().CreateLogger("TeamsCoordinator.BotFramework.BotEndpoint"));
        return app.MapPost(pattern, (RequestDelegate)endpoint.HandleAsync).DisableAntiforgery().WithName("BotMessages");
    }

    private sealed class Inbound(InboundAuthenticator auth, TrustedServiceUrls trust, TenantAllowList tenants, TurnLanes turns, IBot bot,
        BotOptions options, ILogger log)
    {
        public async Task HandleAsync(HttpContext http) => await (await AnswerAsync(http)).ExecuteAsync(http);

        private async Task<IResult> AnswerAsync(HttpContext http)
        {
            var ct = http.RequestAborted;

            // Exactly application/json (any charset parameter): not "application/jsonp" or "application/json-patch+json".
            if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType) ||
                !string.Equals(contentType.MediaType, "application/json", StringComparison.OrdinalIgnoreCase))
                return Reject(log, StatusCodes.Status415UnsupportedMediaType, "content type is not application/json");

            var body = await ReadLimitedAsync(http.Request, options.MaxRequestBytes, ct);
            if (body is null) return Reject(log, StatusCodes.Status413PayloadTooLarge, "body too large");

            Activity? activity;
            try { activity = JsonSerializer.Deserialize<Activity>(body, BotJson.Options); }
            catch (JsonException) { return Reject(log, StatusCodes.Status400BadRequest, "body is not a valid activity"); }
            if (Validate(activity) is { } problem) return Reject(log, StatusCodes.Status400BadRequest, problem);
            if (!JsonText.IsReadable(body)) return Reject(log, StatusCodes.Status400BadRequest, "a string is not readable text (lone surrogate, invalid UTF-8 or NUL)");
            // Before any key work, in every mode: only Teams vouches for from.id and channelData.
            if (!options.Serves(activity!.ChannelId)) return Reject(log, StatusCodes.Status403Forbidden, "channel is not served");

            var result = await auth.AuthenticateAsync(http.Request.Headers.Authorization.ToString(), activity, ct);
            if (!result.Succeeded)
            {
                log.LogWarning("Rejected activity: {Reason}", result.Failure);
                return Results.Unauthorized();
            }
            if (!tenants.Allows(activity)) return Reject(log, StatusCodes.Status403Forbidden, "tenant is not allowed");
            // A serviceUrl becomes trusted only when a Bot Connector token vouched for it; an answer the bot could not
            // send (the token would go to an unknown host) is refused now, before anything is stored.
            if (result.VouchedServiceUrl is { } vouched) trust.Remember(vouched);
            else if (!trust.IsTrusted(activity.ServiceUrl!)) return Reject(log, StatusCodes.Status403Forbidden, "serviceUrl is not trusted");

            if (activity.Type == ActivityTypes.Invoke)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var span = BotTelemetry.StartTurn(ActivityTypes.Invoke);
                AdaptiveCardInvokeResponse? response = null;
                var outcome = "error";
                try
                {
                    response = await bot.OnInvokeAsync(activity, ct);
                    outcome = response is null ? "not-handled" : response.HttpStatus >= 500 ? "error" : response.HttpStatus >= 400 ? "refused" : "ok";
                }
                finally
                {
                    BotTelemetry.EndTurn(span, ActivityTypes.Invoke, outcome, started);
                }
                return response is null
                    ? Results.StatusCode(StatusCodes.Status501NotImplemented)
                    : Results.Json(response, BotJson.Options, statusCode: response.HttpStatus);
            }

            // Acknowledged once the turn has run, as the Bot Framework SDKs do: an instance that dies before that leaves the
            // activity unacknowledged, so Teams redelivers it (to another instance) instead of it being lost in memory.
            // Teams wants the answer within 15 s: a turn still running after AcknowledgeWithin goes on after the 202.
            var ran = turns.RunAsync(activity);
            try { await ran.WaitAsync(AcknowledgeWithin, ct); }
            catch (TimeoutException) { }
            catch (OperationCanceledException) when (ran.IsCanceled)
            {
                // The host is stopping and the turn did not run to its end: unacknowledged, Teams delivers it again.
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            return Results.Accepted();
        }
    }

    private static IResult Reject(ILogger log, int status, string why)
    {
        log.LogWarning("Rejected request with {Status}: {Reason}", status, why);
        return Results.Problem(statusCode: status, title: why);
    }

    internal static readonly TimeSpan AcknowledgeWithin = TimeSpan.FromSeconds(10);

    /// <summary>Longer than any id Teams makes (conversation ids with a thread suffix are about 100); ids end up in unique indexes.</summary>
    internal const int MaxIdLength = 512;

    /// <summary>The minimum an activity needs for us to answer it: a type, a conversation and a serviceUrl, and ids of sane length.</summary>
    private static string? Validate(Activity? a)
    {
        if (a is null) return "body is not an activity";
        if (string.IsNullOrWhiteSpace(a.Type)) return "activity has no type";
        if (string.IsNullOrWhiteSpace(a.Conversation?.Id)) return "activity has no conversation.id";
        if (!Uri.TryCreate(a.ServiceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return "activity has no valid serviceUrl";
        if (a.Type == ActivityTypes.Message && string.IsNullOrWhiteSpace(a.From?.Id)) return "message has no from.id";
        if (TooLong(a.Type) || TooLong(a.Id) || TooLong(a.Name) || TooLong(a.ReplyToId) || TooLong(a.ChannelId) ||
            TooLong(a.Conversation.Id) || TooLong(a.Conversation.TenantId) || TooLong(a.From?.Id) || TooLong(a.From?.AadObjectId) ||
            TooLong(a.Recipient?.Id) || TooLong(a.ChannelData?.Tenant?.Id) || TooLong(a.ChannelData?.Team?.Id) || TooLong(a.ChannelData?.Channel?.Id))
            return "an id is longer than any Teams id";
        // JSON allows [null] where Teams always sends objects; no handler should meet a null element.
        if (HasNull(a.Attachments) || HasNull(a.Entities) || HasNull(a.MembersAdded) || HasNull(a.MembersRemoved))
            return "a list holds null";
        return null;
    }

    private static bool TooLong(string? id) => id is { Length: > MaxIdLength };

    private static bool HasNull<T>(IReadOnlyList<T>? items) where T : class => items is not null && items.Contains(null);

    private static async Task<byte[]?> ReadLimitedAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) return null;
        if (request.ContentLength is { } length)
        {
            // Teams says how long its body is: read it into one array of that size (Kestrel holds the body to it).
            var exact = new byte[length];
            var got = await request.Body.ReadAtLeastAsync(exact, exact.Length, throwOnEndOfStream: false, ct);
            return got == exact.Length ? exact : exact[..got];
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}

/// <summary>
/// Runs non-invoke turns in the request that brought them, one lane per conversation hash: the turns of one
/// conversation run one after another in the order they arrived (a lane is a FIFO async lock), different
/// conversations in parallel. Running in the request, not handing over to a worker, saves two thread-pool hops per
/// turn (bench/turns) and lets the server's graceful shutdown drain turns under way with their requests. A turn
/// that takes longer than a second shows the typing indicator, so people know the bot is working.
/// </summary>
public sealed class TurnLanes(IBot bot, ConnectorClient connector, IHostApplicationLifetime host, ILogger<TurnLanes> log)
{
    public const int Lanes = 64;
    internal static readonly TimeSpan TypingAfter = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim[] _lanes = Enumerable.Range(0, Lanes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>
    /// Runs the turn when its lane is free. Not tied to the request: a turn goes on when Teams stops waiting, and
    /// stops only with the host. Throws <see cref="OperationCanceledException"/> if the host stopped before or during it.
    /// </summary>
    public async Task RunAsync(Activity activity)
    {
        var ct = host.ApplicationStopping;
        var lane = _lanes[LaneOf(activity.Conversation!.Id!)];
        await lane.WaitAsync(ct);
        if (ct.IsCancellationRequested)
        {
            // Handed the lane by a turn the stop just ended, before this wait heard of the stop itself.
            lane.Release();
            ct.ThrowIfCancellationRequested();
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var span = BotTelemetry.StartTurn(activity.Type!);
        var outcome = "error";
        try
        {
            var turn = bot.OnActivityAsync(activity, ct);
            if (activity.Type != ActivityTypes.Message) await turn;
            else
            {
                // WaitAsync drops its timer when the turn ends first (a Task.Delay would stay queued for the full second).
                try { await turn.WaitAsync(TypingAfter, ct); }
                catch (TimeoutException)
                {
                    await SendTypingAsync(activity, ct);
                    await turn;
                }
            }
            outcome = "ok";
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { outcome = "cancelled"; throw; }
        catch (Exception e)
        {
            log.LogError(e, "Turn failed for {Type} activity {Id}", activity.Type, activity.Id);
        }
        finally
        {
            BotTelemetry.EndTurn(span, activity.Type!, outcome, started);
            lane.Release();
        }
    }

    private static int LaneOf(string conversationId)
    {
        // Stable across processes (string.GetHashCode is randomized); thread suffixes share their channel's lane.
        uint h = 2166136261;
        foreach (var c in conversationId)
        {
            if (c == ';') break;
            h = (h ^ c) * 16777619;
        }
        return (int)(h % Lanes);
    }

    private async Task SendTypingAsync(Activity activity, CancellationToken ct)
    {
        try { await connector.SendToConversationAsync(activity.ServiceUrl!, activity.Conversation!.Id!, Activity.Typing(), ct); }
        catch (Exception e) when (e is ConnectorException or HttpRequestException) { log.LogDebug(e, "Typing indicator not sent"); }
    }
}
