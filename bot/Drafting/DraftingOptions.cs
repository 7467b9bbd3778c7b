namespace TeamsCoordinator.Drafting;

/// <summary>
/// The "Ai" section: off unless <see cref="Enabled"/>, and then only for the organisations that chose it
/// (<see cref="Organisations"/>, their ids as the tenants know them). The deployment is an Azure OpenAI deployment in
/// an EU data zone (README, "Udkast med sprogmodel"); without an API key the bot signs in with its managed identity.
/// </summary>
public sealed class DraftingOptions
{
    public bool Enabled { get; set; }
    /// <summary>The Azure OpenAI resource, e.g. https://koordinator-ai.openai.azure.com/.</summary>
    public string? Endpoint { get; set; }
    /// <summary>The deployment's name (the URL's {deployment}); never the model's name unless they are the same.</summary>
    public string? Deployment { get; set; }
    /// <summary>A key from the resource; a secret (environment or Key Vault), never in the repo. Empty: managed identity.</summary>
    public string? ApiKey { get; set; }
    /// <summary>A user-assigned managed identity's client id; empty: the system-assigned identity.</summary>
    public string? ManagedIdentityClientId { get; set; }
    public List<string> Organisations { get; set; } = [];
    /// <summary>Teams waits 15 s for a button's answer: the model gets less, so the user always hears back.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>Whether members of this organisation may ask for a draft: the feature is on and the organisation opted in.</summary>
    public bool IsOnFor(string organisationId) =>
        Enabled && Organisations.Any(o => string.Equals(o.Trim(), organisationId, StringComparison.OrdinalIgnoreCase));

    /// <summary>Refuses to start with a half-made configuration (Danish, as the other start-up checks).</summary>
    public void Validate()
    {
        if (!Enabled) return;
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint))
            throw new InvalidOperationException("Ai:Enabled er sat, men Ai:Endpoint er ikke en adresse (fx https://navn.openai.azure.com/).");
        // Notes leave the bot only encrypted; plain http only to a fake on this machine (tests).
        if (endpoint.Scheme != Uri.UriSchemeHttps && !endpoint.IsLoopback)
            throw new InvalidOperationException("Ai:Endpoint skal bruge https.");
        if (string.IsNullOrWhiteSpace(Deployment))
            throw new InvalidOperationException("Ai:Enabled er sat, men Ai:Deployment mangler (navnet på Azure OpenAI-deploymentet).");
        if (Organisations.Count(o => !string.IsNullOrWhiteSpace(o)) == 0)
            throw new InvalidOperationException("Ai:Enabled er sat, men Ai:Organisations nævner ingen organisation, der har valgt udkast med sprogmodel til.");
        if (TimeoutSeconds is <= 0 or > 13)
            throw new InvalidOperationException("Ai:TimeoutSeconds skal være mellem 0 og 13 sekunder (Teams venter højst 15 sekunder på svar).");
    }
}
