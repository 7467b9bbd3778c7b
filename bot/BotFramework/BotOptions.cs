namespace TeamsCoordinator.BotFramework;

/// <summary>Section "Bot" of the configuration. Secrets come from the environment or user secrets, never the repo.</summary>
public sealed class BotOptions
{
    /// <summary>The Azure Bot's Microsoft App ID (Entra client id). Empty only in development mode.</summary>
    public string? MicrosoftAppId { get; set; }
    public string? MicrosoftAppPassword { get; set; }
    /// <summary>Path to a PFX certificate used instead of a client secret.</summary>
    public string? MicrosoftAppCertificatePath { get; set; }
    public string? MicrosoftAppCertificatePassword { get; set; }
    /// <summary>Home tenant of a SingleTenant bot; its token authority and Entra issuers.</summary>
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>
    /// Accept requests without Authorization (Microsoft 365 Agents Playground). Allowed only when no app id is set
    /// and the server listens on loopback only; the bot refuses to start otherwise.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    public string BotFrameworkOpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public string BotFrameworkIssuer { get; set; } = "https://api.botframework.com";
    /// <summary>{tenant} is replaced by the token's tid.</summary>
    public string EntraOpenIdMetadataUrlTemplate { get; set; } = "https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration";
    /// <summary>Tenants whose Entra-issued tokens are accepted besides the bot's own (Bot Service tenants).</summary>
    public List<string> EntraTrustedTenants { get; set; } =
    [
        "d6d49420-f39b-4df7-a1dc-d59a935871db",
        "f8cdef31-a31e-4b4a-93e4-5f571e91255a",
        "69e9b82d-4842-4902-8d1e-abc5b98a55e8",
    ];
    /// <summary>
    /// The one channel served. On other channels (Direct Line, Web Chat) the client itself sets <c>from.id</c> and
    /// <c>channelData</c>, so anyone holding their secret could act as any member: those activities get 403.
    /// </summary>
    public string ChannelId { get; set; } = "msteams";
    /// <summary>Also serve the Bot Framework Emulator's channel ("emulator"); refused at start-up outside Development.</summary>
    public bool AllowEmulatorChannel { get; set; }
    /// <summary>
    /// Entra tenants whose conversations the bot serves; any other gets 403 before anything is stored. When empty,
    /// the tenants of the organisations taking part (Tenants:Organisations, or the demo's in embedded mode).
    /// </summary>
    public List<string> AllowedTenants { get; set; } = [];
    /// <summary>
    /// Connector hosts the bot may send its token to besides Microsoft's and those named by a Bot Connector token's
    /// serviceurl claim (e.g. a sovereign cloud), as absolute URLs.
    /// </summary>
    public List<string> TrustedServiceUrls { get; set; } = [];
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);
    public int MaxRequestBytes { get; set; } = 256 * 1024;

    public bool HasAppId => !string.IsNullOrWhiteSpace(MicrosoftAppId);

    public const string EmulatorChannelId = "emulator";

    /// <summary>Whether activities of this channel are served at all (checked before anything else is done with them).</summary>
    public bool Serves(string? channelId) =>
        string.Equals(channelId, ChannelId, StringComparison.Ordinal) ||
        AllowEmulatorChannel && string.Equals(channelId, EmulatorChannelId, StringComparison.Ordinal);
}
