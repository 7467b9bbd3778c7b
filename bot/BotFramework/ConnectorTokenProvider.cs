using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace TeamsCoordinator.BotFramework;

/// <summary>Bearer token for calls to the Bot Connector; null when running without an app id (development).</summary>
public interface IConnectorTokenProvider
{
    Task<string?> GetTokenAsync(CancellationToken ct);
}

/// <summary>
/// Client credentials through MSAL against the bot's tenant (SingleTenant; "botframework.com" for legacy
/// MultiTenant bots), scope https://api.botframework.com/.default. MSAL caches and renews the token.
/// </summary>
public sealed class MsalConnectorTokenProvider : IConnectorTokenProvider
{
    private static readonly string[] Scopes = ["https://api.botframework.com/.default"];
    private readonly IConfidentialClientApplication? _app;

    public MsalConnectorTokenProvider(IOptions<BotOptions> options)
    {
        var o = options.Value;
        if (!o.HasAppId) return;
        var tenant = string.IsNullOrWhiteSpace(o.MicrosoftAppTenantId) ? "botframework.com" : o.MicrosoftAppTenantId;
        var builder = ConfidentialClientApplicationBuilder.Create(o.MicrosoftAppId)
            .WithAuthority($"https://login.microsoftonline.com/{tenant}");
        if (!string.IsNullOrEmpty(o.MicrosoftAppCertificatePath))
            builder = builder.WithCertificate(X509CertificateLoader.LoadPkcs12FromFile(o.MicrosoftAppCertificatePath, o.MicrosoftAppCertificatePassword));
        else if (!string.IsNullOrEmpty(o.MicrosoftAppPassword))
            builder = builder.WithClientSecret(o.MicrosoftAppPassword);
        else
            throw new InvalidOperationException("Bot:MicrosoftAppId is set but neither Bot:MicrosoftAppPassword nor Bot:MicrosoftAppCertificatePath is.");
        _app = builder.Build();
    }

    public async Task<string?> GetTokenAsync(CancellationToken ct)
    {
        if (_app is null) return null;
        var result = await _app.AcquireTokenForClient(Scopes).ExecuteAsync(ct);
        return result.AccessToken;
    }
}
