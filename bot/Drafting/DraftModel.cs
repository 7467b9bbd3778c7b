using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.AI.OpenAI;
using Azure.Identity;
using OpenAI.Chat;

namespace TeamsCoordinator.Drafting;

/// <summary>What one call asks: fixed instructions, the forløb's data with every identity replaced, and the answer's JSON schema.</summary>
public sealed record DraftPrompt(string Instructions, string Data, string SchemaName, string Schema);

public enum DraftOutcome { Answered, Busy, TimedOut, Refused, Unavailable }

/// <summary>The model's answer (its JSON text) or why there is none; token counts and duration for the audit, never the content.</summary>
public sealed record ModelAnswer(DraftOutcome Outcome, string? Json, int InputTokens, int OutputTokens, TimeSpan Duration, TimeSpan? RetryAfter = null);

/// <summary>
/// The one call to Azure OpenAI: chat completions on the configured deployment with a strict JSON schema as the
/// response format (learn.microsoft.com/azure/ai-services/openai/how-to/structured-outputs; the GA api-version
/// 2024-10-21 supports it, learn.microsoft.com/azure/ai-services/openai/reference). No retries inside a click: a 429
/// answers at once with Microsoft's Retry-After, a slow answer is cut off before Teams gives up (15 s). The SDK's own
/// logging is off, so neither the notes nor the answer reach a log.
/// </summary>
public sealed class DraftModel(DraftingOptions options)
{
    private readonly Lazy<ChatClient> _chat = new(() => CreateClient(options));

    public string Deployment => options.Deployment ?? "";

    public async Task<ModelAnswer> AskAsync(DraftPrompt prompt, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        TimeSpan Elapsed() => Stopwatch.GetElapsedTime(started);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        try
        {
            var completion = (await _chat.Value.CompleteChatAsync(
                [new SystemChatMessage(prompt.Instructions), new UserChatMessage(prompt.Data)],
                new ChatCompletionOptions
                {
                    ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(prompt.SchemaName, BinaryData.FromString(prompt.Schema), jsonSchemaIsStrict: true),
                }, timeout.Token)).Value;
            var (input, output) = (completion.Usage?.InputTokenCount ?? 0, completion.Usage?.OutputTokenCount ?? 0);
            // Azure's filter on the answer ends it with finish_reason content_filter; a model declining says so in "refusal".
            if (completion.FinishReason == ChatFinishReason.ContentFilter || !string.IsNullOrEmpty(completion.Refusal))
                return new(DraftOutcome.Refused, null, input, output, Elapsed());
            var text = completion.FinishReason == ChatFinishReason.Stop ? completion.Content.FirstOrDefault()?.Text : null;
            return new(DraftOutcome.Answered, text, input, output, Elapsed());
        }
        catch (ClientResultException e) when (e.Status == 429)
        {
            return new(DraftOutcome.Busy, null, 0, 0, Elapsed(), RetryAfter(e.GetRawResponse()));
        }
        catch (ClientResultException e) when (e.Status == 400 && IsContentFilter(e.GetRawResponse()))
        {
            // Azure's filter on the prompt: HTTP 400 with error code content_filter (learn.microsoft.com/azure/ai-services/openai/concepts/content-filter).
            return new(DraftOutcome.Refused, null, 0, 0, Elapsed());
        }
        catch (ClientResultException)
        {
            return new(DraftOutcome.Unavailable, null, 0, 0, Elapsed());
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(DraftOutcome.TimedOut, null, 0, 0, Elapsed());
        }
        catch (HttpRequestException)
        {
            return new(DraftOutcome.Unavailable, null, 0, 0, Elapsed());
        }
    }

    /// <summary>Azure sends retry-after-ms and Retry-After (seconds or a date); the first that reads wins.</summary>
    internal static TimeSpan? RetryAfter(PipelineResponse? response)
    {
        if (response is null) return null;
        if (response.Headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var m))
            return TimeSpan.FromMilliseconds(m);
        if (!response.Headers.TryGetValue("Retry-After", out var value) || value is null) return null;
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at - DateTimeOffset.UtcNow : null;
    }

    private static bool IsContentFilter(PipelineResponse? response)
    {
        try
        {
            using var body = JsonDocument.Parse(response?.Content.ToString() ?? "");
            return body.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("code", out var code) && code.GetString() == "content_filter";
        }
        catch (JsonException) { return false; }
    }

    private static ChatClient CreateClient(DraftingOptions options)
    {
        var clientOptions = new AzureOpenAIClientOptions(AzureOpenAIClientOptions.ServiceVersion.V2024_10_21)
        {
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = options.Timeout + TimeSpan.FromSeconds(1),
            ClientLoggingOptions = new ClientLoggingOptions { EnableLogging = false, EnableMessageLogging = false, EnableMessageContentLogging = false },
        };
        var endpoint = new Uri(options.Endpoint!);
        var client = options.ApiKey is { Length: > 0 } key
            ? new AzureOpenAIClient(endpoint, new ApiKeyCredential(key), clientOptions)
            : new AzureOpenAIClient(endpoint, new ManagedIdentityCredential(options.ManagedIdentityClientId is { Length: > 0 } id
                ? ManagedIdentityId.FromUserAssignedClientId(id) : ManagedIdentityId.SystemAssigned), clientOptions);
        return client.GetChatClient(options.Deployment);
    }
}
