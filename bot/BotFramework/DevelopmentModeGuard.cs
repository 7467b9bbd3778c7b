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
        if (bot.AllowAnonymous)
        {
            var urls = (builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"] ?? "")
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var url in urls)
                if (!IsLoopbackUrl(url))
                    throw new InvalidOperationException($"Bot:AllowAnonymous requires loopback addresses only; '{url}' is not.");
        }
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
