using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace TeamsCoordinator.BotFramework;

/// <summary>
/// Decides whether the bot may send its Connector token to a serviceUrl: one named by the signed serviceurl claim of a
/// Bot Connector token (<see cref="AuthResult.VouchedServiceUrl"/>), one configured (Bot:TrustedServiceUrls), one on
/// Microsoft's Connector hosts (other instances may have seen it), or, in development mode only, a loopback connector
/// such as Agents Playground's. An activity's serviceUrl alone never makes a host trusted.
/// </summary>
public sealed class TrustedServiceUrls
{
    private static readonly string[] MicrosoftConnectorHosts =
        ["smba.trafficmanager.net", "botframework.com", "teams.microsoft.com", "teams.microsoft.us", "smba.infra.gcc.teams.microsoft.com", "smba.infra.gov.teams.microsoft.us"];
    private readonly IOptions<BotOptions> options;
    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.OrdinalIgnoreCase);

    public TrustedServiceUrls(IOptions<BotOptions> options)
    {
        this.options = options;
        foreach (var url in options.Value.TrustedServiceUrls) Remember(url);
    }

    /// <summary>Only for a serviceUrl a Bot Connector token vouched for, or configuration.</summary>
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
