// The floor of a channel @mention turn on ASP.NET Core, for bench/turns: read the activity, POST the help card to the
// Connector's reply URL, answer 202. No checks, no state, no logging: what Kestrel and HttpClient cost for the four
// socket transfers a turn needs, whatever a bot does besides. Not a bot: it answers every message with the card.
// Env: CARD_FILE (the card our bot sent, dumped by bench.js). Args: --urls http://127.0.0.1:PORT (others ignored).
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var card = File.ReadAllText(Environment.GetEnvironmentVariable("CARD_FILE") ?? throw new InvalidOperationException("CARD_FILE is required"));
var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), UseCookies = false, AllowAutoRedirect = false });
var json = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };

app.MapGet("/healthz", () => "ok");
app.MapPost("/api/messages", async (HttpContext ctx) =>
{
    var body = new byte[ctx.Request.ContentLength ?? 0];
    await ctx.Request.Body.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false);
    using var doc = JsonDocument.Parse(body);
    var root = doc.RootElement;
    var serviceUrl = root.GetProperty("serviceUrl").GetString()!;
    var id = root.GetProperty("id").GetString()!;
    var conversation = root.GetProperty("conversation").GetProperty("id").GetString()!;
    var reply = $$"""{"type":"message","from":{{root.GetProperty("recipient").GetRawText()}},"recipient":{{root.GetProperty("from").GetRawText()}},"conversation":{"id":{{JsonSerializer.Serialize(conversation)}}},"replyToId":"{{id}}","locale":"da-DK","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{{card}}}]}""";
    var path = conversation.Contains(";messageid=") ? $"activities/{id}" : "activities";
    using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(reply)) { Headers = { ContentType = json } };
    using var answer = await http.PostAsync($"{serviceUrl.TrimEnd('/')}/v3/conversations/{Uri.EscapeDataString(conversation)}/{path}", content);
    return Results.Accepted();
});
app.Run();
