namespace TeamsCoordinator.Addin;

/// <summary>
/// Addin:* settings. <see cref="ClientId"/> is the add-in's Entra app registration (it exposes the scope
/// <c>access_as_user</c> at <c>api://{host}/{ClientId}</c>); <see cref="TenantIds"/> are the tenants whose users may
/// call the API (default: the configured organisations' tenants, else the bot's own tenant).
/// </summary>
public sealed class AddinOptions
{
    public const string Scope = "access_as_user";

    public string? ClientId { get; set; }
    /// <summary>The add-in's id in its manifests (a GUID; default: TeamsCoordinator's fixed one).</summary>
    public string? ManifestId { get; set; }
    public List<string> TenantIds { get; set; } = [];
    public string Instance { get; set; } = "https://login.microsoftonline.com/";
    /// <summary>Where the built task pane is (default: the "addin" folder next to the bot's binaries).</summary>
    public string? StaticFolder { get; set; }
    /// <summary>The largest .docx the pane may upload as a new version.</summary>
    public int MaxUploadBytes { get; set; } = 20 * 1024 * 1024;

    public bool HasClientId => !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>Tenants from Addin:TenantIds, else Tenants:Organisations:N:TenantId, else Bot:MicrosoftAppTenantId.</summary>
    public static IReadOnlyList<string> TrustedTenants(IConfiguration config, AddinOptions options)
    {
        if (options.TenantIds.Count > 0) return options.TenantIds;
        var organisations = config.GetSection("Tenants:Organisations").GetChildren().Select(o => o["TenantId"]).OfType<string>()
            .Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (organisations.Count > 0) return organisations;
        return config["Bot:MicrosoftAppTenantId"] is { Length: > 0 } own ? [own] : [];
    }
}
