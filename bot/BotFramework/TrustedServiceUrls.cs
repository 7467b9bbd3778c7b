using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace TeamsCoordinator.BotFramework;

/// <summary>
/// Decides whether the bot may send its Connector token to a serviceUrl: one that arrived in an authenticated
/// activity, one on Microsoft's Connector hosts (other instances may have seen it), or, in development mode only,
/// a loopback connector such as Agents Playground's.
/// </summary>
public sealed class TrustedServiceUrls(IOptions<BotOptions> options)
{
    private static readonly string[] MicrosoftConnectorHosts =
        ["smba.trafficmanager.net", "botframework.com", "teams.microsoft.com", "teams.microsoft.us", "smba.infra.gcc.teams.microsoft.com", "smba.infra.gov.teams.microsoft.us"];
    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.OrdinalIgnoreCase);

    public void Remember(string serviceUrl)
    {
        if (Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri)) _seen.TryAdd(uri.GetLeftPart(UriPartial.Authority), 0);
    }

    public bool IsTrusted(string serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri)) return false;
        if (uri.IsLoopback) return options.Value.AllowAnonymous && !options.Value.HasAppId;
        if (uri.Scheme != Uri.UriSchemeHttps) return false;
        if (_seen.ContainsKey(uri.GetLeftPart(UriPartial.Authority))) return true;
        return MicrosoftConnectorHosts.Any(h => uri.Host.Equals(h, StringComparison.OrdinalIgnoreCase) ||
                                                uri.Host.EndsWith("." + h, StringComparison.OrdinalIgnoreCase));
    }
}
