using Microsoft.Extensions.Options;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Addin;

/// <summary>The add-in's settings as the pane and the manifests need them, addressed at the bot's public address.</summary>
public sealed class AddinConfig(IOptions<AddinOptions> options, PublicBaseUrl baseUrl, IServiceProvider services)
{
    /// <summary>The Word add-in's own id in its manifests (not a secret; change it per organisation with Addin:ManifestId).</summary>
    public const string DefaultManifestId = "5d6b3f2a-8c41-4e7b-9a0d-2f6e1c8b7a45";

    public AddinOptions Options => options.Value;
    public string BaseUrl => baseUrl.Value;
    public bool Development => services.GetService<AddinDevelopmentTokens>() is not null;

    /// <summary>api://{host}/{app id}/access_as_user: the scope the pane asks Entra for (nested app authentication).</summary>
    public string? Scope => Options.HasClientId ? $"api://{new Uri(BaseUrl).Authority}/{Options.ClientId}/{AddinOptions.Scope}" : null;

    public PaneConfig ForPane() => new(Options.ClientId, Scope, Development, Options.Instance.TrimEnd('/') + "/organizations");

    public sealed record PaneConfig(string? ClientId, string? Scope, bool Development, string Authority);
}
