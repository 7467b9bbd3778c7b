using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace TeamsCoordinator.BotFramework;

/// <summary>
/// Anonymous requests are a development convenience for Agents Playground. The bot refuses to start when that
/// mode could be reached from the network, or when it has neither an app id nor that mode.
/// </summary>
public static class DevelopmentModeGuard
{
    public static void EnsureSafeBotConfiguration(this WebApplicationBuilder builder)
    {
        var bot = builder.Configuration.GetSection("Bot").Get<BotOptions>() ?? new BotOptions();
        if (bot.HasAppId && bot.AllowAnonymous)
            throw new InvalidOperationException("Bot:AllowAnonymous cannot be combined with Bot:MicrosoftAppId. Remove one of them.");
        if (!bot.HasAppId && !bot.AllowAnonymous)
            throw new InvalidOperationException("Set Bot:MicrosoftAppId (production) or Bot:AllowAnonymous=true (local development on loopback).");
        // Only Teams vouches for who a user is; on Direct Line or Web Chat the client writes from.id itself.
        if (bot.ChannelId != "msteams")
            throw new InvalidOperationException($"Bot:ChannelId '{bot.ChannelId}' is not supported: the bot serves Microsoft Teams (msteams) only.");
        if (bot.AllowEmulatorChannel && !builder.Environment.IsDevelopment())
            throw new InvalidOperationException("Bot:AllowEmulatorChannel is for local development only (ASPNETCORE_ENVIRONMENT=Development).");
        if (bot.AllowAnonymous)
        {
            foreach (var url in ConfiguredUrls(builder.Configuration))
                if (!IsLoopbackUrl(url))
                    throw new InvalidOperationException($"Bot:AllowAnonymous requires loopback addresses only; '{url}' is not.");
        }
    }

    /// <summary>Every address the configuration asks Kestrel to bind: urls, http(s)_ports (all interfaces) and Kestrel endpoints.</summary>
    private static IEnumerable<string> ConfiguredUrls(IConfiguration config)
    {
        var urls = (config["urls"] ?? config["ASPNETCORE_URLS"] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // ASPNETCORE_HTTP_PORTS (set in the official container images) binds every interface.
        var ports = new[] { ("http", config["http_ports"]), ("https", config["https_ports"]) }
            .SelectMany(p => (p.Item2 ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(port => $"{p.Item1}://*:{port}"));
        var endpoints = config.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>();
        return urls.Concat(ports).Concat(endpoints);
    }

    /// <summary>Second check, on the addresses Kestrel really bound (config files can add endpoints too).</summary>
    public static void StopIfAnonymousOnNetwork(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var bot = app.Configuration.GetSection("Bot").Get<BotOptions>() ?? new BotOptions();
            if (!bot.AllowAnonymous) return;
            var addresses = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var exposed = addresses.Where(a => !IsLoopbackUrl(a)).ToList();
            if (exposed.Count == 0) return;
            app.Logger.LogCritical("Anonymous development mode is listening on {Addresses}; stopping.", string.Join(", ", exposed));
            Environment.ExitCode = 1;
            app.Lifetime.StopApplication();
        });
    }

    internal static bool IsLoopbackUrl(string url)
    {
        var host = url.Replace("://+", "://any").Replace("://*", "://any");
        if (!Uri.TryCreate(host, UriKind.Absolute, out var uri)) return false;
        if (uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }
}
