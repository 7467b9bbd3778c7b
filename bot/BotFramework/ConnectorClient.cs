using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace TeamsCoordinator.BotFramework;

/// <summary>
/// The Bot Connector REST API (v3) for the calls this bot makes. URLs are serviceUrl + /v3/..., ids path-escaped
/// (Teams ids contain ':', '@', ';', '='). Throws <see cref="ConnectorException"/> on an error answer.
/// </summary>
public sealed class ConnectorClient(HttpClient http, IConnectorTokenProvider tokens, TrustedServiceUrls trust, ILogger<ConnectorClient> log)
{
    public Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken ct) =>
        SendAsync<ResourceResponse>("send", HttpMethod.Post, serviceUrl, $"v3/conversations/{E(conversationId)}/activities", activity with { Conversation = new ConversationAccount { Id = conversationId } }, ct);

    public Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken ct) =>
        SendAsync<ResourceResponse>("reply", HttpMethod.Post, serviceUrl, $"v3/conversations/{E(conversationId)}/activities/{E(activityId)}",
            activity with { Conversation = new ConversationAccount { Id = conversationId }, ReplyToId = activityId }, ct);

    public Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken ct) =>
        SendAsync<ResourceResponse>("update", HttpMethod.Put, serviceUrl, $"v3/conversations/{E(conversationId)}/activities/{E(activityId)}",
            activity with { Id = activityId, Conversation = new ConversationAccount { Id = conversationId } }, ct);

    public Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken ct) =>
        SendAsync<JsonElement?>("delete", HttpMethod.Delete, serviceUrl, $"v3/conversations/{E(conversationId)}/activities/{E(activityId)}", null, ct);

    /// <summary>Creates (or finds) a conversation: a 1:1 chat for proactive messages, or a new channel thread.</summary>
    public Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken ct) =>
        SendAsync<ConversationResourceResponse>("create-conversation", HttpMethod.Post, serviceUrl, "v3/conversations", parameters, ct);

    public Task<PagedMembers> GetPagedMembersAsync(string serviceUrl, string conversationId, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var query = $"?pageSize={Math.Clamp(pageSize, 50, 500)}" + (continuationToken is null ? "" : $"&continuationToken={E(continuationToken)}");
        return SendAsync<PagedMembers>("members", HttpMethod.Get, serviceUrl, $"v3/conversations/{E(conversationId)}/pagedmembers{query}", null, ct);
    }

    private static string E(string id) => Uri.EscapeDataString(id);

    private async Task<T> SendAsync<T>(string operation, HttpMethod method, string serviceUrl, string path, object? body, CancellationToken ct)
    {
        // One span per Connector operation (the HTTP client's own spans, one per attempt, hang below it in production).
        using var span = BotTelemetry.Source.HasListeners() ? BotTelemetry.StartConnectorCall(operation, serviceUrl) : null;
        if (!trust.IsTrusted(serviceUrl))
            throw new ConnectorException(HttpStatusCode.Forbidden, "UntrustedServiceUrl", $"serviceUrl {serviceUrl} is not trusted", null);

        using var request = new HttpRequestMessage(method, serviceUrl.TrimEnd('/') + "/" + path);
        // One array, serialized synchronously: JsonContent takes the async stream path of the serializer, and the
        // retry handler then had to buffer it again to be able to resend it (a Connector call is on every reply's path).
        if (body is not null)
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), BotJson.Options))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } },
            };
        if (await tokens.GetTokenAsync(ct) is { } token)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await http.SendAsync(request, ct);
        span?.SetTag("http.response.status_code", (int)response.StatusCode);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            var (code, message) = ParseError(text);
            response.Headers.TryGetValues("X-Correlating-OperationId", out var correlation);
            log.LogWarning("Connector {Method} {Path} answered {Status} {Code} (operation {Operation})",
                method, path.Split('?')[0], (int)response.StatusCode, code, correlation?.FirstOrDefault());
            throw new ConnectorException(response.StatusCode, code, message, response.Headers.RetryAfter?.Delta);
        }
        if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0) return default!;
        // Bytes, not a string: the answer to every reply is read, and the serializer reads UTF-8 itself.
        var raw = await response.Content.ReadAsByteArrayAsync(ct);
        return ((ReadOnlySpan<byte>)raw).Trim(" \t\r\n"u8).IsEmpty ? default! : JsonSerializer.Deserialize<T>(raw, BotJson.Options)!;
    }

    private static (string? Code, string Message) ParseError(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("error", out var e))
                return (e.TryGetProperty("code", out var c) ? c.GetString() : null, e.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "");
        }
        catch (JsonException) { }
        return (null, body.Length > 200 ? body[..200] : body);
    }
}
