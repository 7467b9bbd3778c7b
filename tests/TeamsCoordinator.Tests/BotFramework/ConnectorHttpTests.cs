using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.BotFramework;

/// <summary>
/// The Connector's HTTP client as the bot's services build it (real sockets to loopback servers): it goes where the
/// trusted serviceUrl says and nowhere else.
/// </summary>
public sealed class ConnectorHttpTests
{
    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    [InlineData(302)]
    public async Task AConnectorAnswerThatRedirectsIsNotFollowedSoTheMessageIsNotPostedToAnotherHost(int status)
    {
        await using var elsewhere = await LoopbackServer.StartAsync(_ => Results.Ok());
        await using var connector = await LoopbackServer.StartAsync(_ => Results.Redirect($"{elsewhere.Url}v3/conversations/a%3A1chat/activities", permanent: status == 308, preserveMethod: status != 302));
        await using var services = BotServices();

        var client = services.GetRequiredService<ConnectorClient>();
        var e = await Assert.ThrowsAsync<ConnectorException>(() =>
            client.SendToConversationAsync(connector.Url, "a:1chat", Activity.Message("Kriseplanen er opdateret."), default));

        Assert.Equal((HttpStatusCode)status, e.Status);
        Assert.Single(connector.Requests);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public async Task CookiesAConnectorSetsAreNotSentBack()
    {
        var answers = 0;
        await using var connector = await LoopbackServer.StartAsync(http =>
        {
            if (Interlocked.Increment(ref answers) == 1) http.Response.Headers.SetCookie = "session=abc; Path=/";
            return Results.Json(new { id = "1" });
        });
        await using var services = BotServices();

        var client = services.GetRequiredService<ConnectorClient>();
        await client.SendToConversationAsync(connector.Url, "a:1chat", Activity.Message("hej"), default);
        await client.SendToConversationAsync(connector.Url, "a:1chat", Activity.Message("hej igen"), default);

        Assert.All(connector.Requests, r => Assert.Null(r.Cookie));
    }

    [Fact]
    public void AnswersDoNotNameTheServerSoftware()
    {
        using var services = new ServiceCollection().AddLogging().AddBotFramework(new ConfigurationBuilder().Build()).BuildServiceProvider();

        Assert.False(services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader);
    }

    /// <summary>The protocol layer's services, anonymous development mode (loopback connectors trusted), no token.</summary>
    private static ServiceProvider BotServices() => new ServiceCollection()
        .AddLogging()
        .AddBotFramework(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Bot:AllowAnonymous"] = "true" }).Build())
        .AddSingleton<IConnectorTokenProvider, NoToken>()
        .BuildServiceProvider();

    private sealed class NoToken : IConnectorTokenProvider
    {
        public Task<string?> GetTokenAsync(CancellationToken ct) => Task.FromResult<string?>(null);
    }

    private sealed record Received(string Method, string Path, string? Cookie);

    /// <summary>Kestrel on 127.0.0.1 and a free port, answering every request as told and recording it.</summary>
    private sealed class LoopbackServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<Received> _requests = new();

        private LoopbackServer(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";
        public IReadOnlyList<Received> Requests => [.. _requests];

        public static async Task<LoopbackServer> StartAsync(Func<HttpContext, IResult> answer)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var server = new LoopbackServer(app);
            app.Run(async http =>
            {
                server._requests.Enqueue(new Received(http.Request.Method, http.Request.Path, http.Request.Headers.Cookie.FirstOrDefault()));
                await answer(http).ExecuteAsync(http);
            });
            await app.StartAsync();
            server.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/";
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
