using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace TeamsCoordinator.Storage;

/// <summary>
/// Where people reach the bot's own HTTP endpoints (signed file links): Bot:PublicBaseUrl when set (production:
/// the public host name); otherwise the address the server listens on, so links work in local development.
/// </summary>
public sealed class PublicBaseUrl(IConfiguration config, IServer server)
{
    public string Value
    {
        get
        {
            if (config["Bot:PublicBaseUrl"] is { Length: > 0 } configured) return configured.TrimEnd('/');
            var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses
                .FirstOrDefault(a => a.StartsWith("http", StringComparison.Ordinal) && !a.Contains('*') && !a.Contains("+:") && !a.Contains("[::]"));
            return (listening ?? "http://127.0.0.1:3978").TrimEnd('/').Replace("0.0.0.0", "127.0.0.1");
        }
    }
}
