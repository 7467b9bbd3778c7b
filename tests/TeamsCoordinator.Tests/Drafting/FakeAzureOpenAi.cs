using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TeamsCoordinator.Tests.Drafting;

/// <summary>One request the fake received, as it came over the wire.</summary>
public sealed record ReceivedRequest(string Method, string Path, string? ApiVersion, string? ApiKey, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    /// <summary>The user message's text: the forløb's data as the bot sent it.</summary>
    public string UserMessage => Json.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "user").GetProperty("content") switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString()!,
        var parts => string.Concat(parts.EnumerateArray().Select(p => p.GetProperty("text").GetString())),
    };
    public JsonElement UserData => JsonDocument.Parse(UserMessage).RootElement;
    /// <summary>Every string in the body, JSON escapes decoded: what the model could read.</summary>
    public string AllText => Strings(Json) + "\n" + UserMessage;

    private static string Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Object => string.Join("\n", e.EnumerateObject().Select(p => p.Name + "\n" + Strings(p.Value))),
        JsonValueKind.Array => string.Join("\n", e.EnumerateArray().Select(Strings)),
        _ => e.GetRawText(),
    };
}

/// <summary>
/// Azure OpenAI's chat completions endpoint as Microsoft documents it (POST
/// /openai/deployments/{deployment}/chat/completions?api-version=…, api-key header; learn.microsoft.com/azure/ai-services/openai/reference),
/// on 127.0.0.1 and a free port, answering with whatever the test says and recording every request it received.
/// </summary>
public sealed class FakeAzureOpenAi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();

    /// <summary>How the next requests are answered; by default a completion whose content is <c>{}</c>.</summary>
    public Func<ReceivedRequest, CancellationToken, Task<IResult>> Answer { get; set; } = (_, _) => Task.FromResult(Completion("{}"));

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];
    /// <summary>The endpoint to configure as Ai:Endpoint (http://127.0.0.1:{port}/).</summary>
    public string Url { get; private set; } = "";

    private FakeAzureOpenAi(WebApplication app) => _app = app;

    public static async Task<FakeAzureOpenAi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeAzureOpenAi(app);
        app.MapPost("/openai/deployments/{deployment}/chat/completions", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var request = new ReceivedRequest(http.Request.Method, http.Request.Path, http.Request.Query["api-version"], http.Request.Headers["api-key"], await reader.ReadToEndAsync());
            fake._received.Enqueue(request);
            return await fake.Answer(request, http.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        fake.Url = address.TrimEnd('/') + "/";
        return fake;
    }

    /// <summary>A completed chat completion with this content (the JSON the schema asked for) and these token counts.</summary>
    public static IResult Completion(string content, string finishReason = "stop", int promptTokens = 321, int completionTokens = 54) => Results.Json(new JsonObject
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion",
        ["created"] = 1764748800,
        ["model"] = "gpt-4o-2024-11-20",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["finish_reason"] = finishReason,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = finishReason == "content_filter" ? null : content },
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = completionTokens, ["total_tokens"] = promptTokens + completionTokens },
    });

    /// <summary>429 as Azure sends it when the deployment's rate limit is reached, with Retry-After in seconds.</summary>
    public static IResult TooManyRequests(int retryAfterSeconds) => new Status(429, """{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation have exceeded the rate limit."}}""",
        ("Retry-After", retryAfterSeconds.ToString()));

    /// <summary>The prompt filtered: HTTP 400 with error code content_filter (learn.microsoft.com/azure/ai-services/openai/concepts/content-filter).</summary>
    public static IResult PromptFiltered() => new Status(400,
        """{"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.","type":null,"param":"prompt","code":"content_filter","status":400}}""");

    private sealed class Status(int code, string body, params (string Name, string Value)[] headers) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = code;
            foreach (var (name, value) in headers) http.Response.Headers[name] = value;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(body);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
