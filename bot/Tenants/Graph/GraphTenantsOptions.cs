namespace TeamsCoordinator.Tenants.Graph;

/// <summary>
/// Tenants:Graph. One multi-tenant Entra app, admin-consented in every organisation's tenant; the bot signs in
/// app-only to each tenant with the same client id and secret or certificate (never in the repository: user
/// secrets, environment or a key vault).
/// </summary>
public sealed class GraphTenantsOptions
{
    public const string Section = "Tenants:Graph";

    public string ClientId { get; set; } = "";
    public string? ClientSecret { get; set; }
    /// <summary>PFX or PEM with the private key; preferred over a secret in production.</summary>
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }

    /// <summary>Graph root including the version; national clouds or a test double override it.</summary>
    public string BaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";

    /// <summary>The bot's id in the Teams app catalog (not the manifest id); enabled in every forløb channel or chat.</summary>
    public string? TeamsAppId { get; set; }

    /// <summary>Where an invited guest lands after redeeming the invitation.</summary>
    public string InviteRedirectUrl { get; set; } = "https://teams.microsoft.com";

    /// <summary>Shared-channel creation is asynchronous: first look after this long...</summary>
    public TimeSpan OperationFirstPoll { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>...then every this long (Microsoft asks for more than 30 seconds between checks)...</summary>
    public TimeSpan OperationPollInterval { get; set; } = TimeSpan.FromSeconds(31);
    /// <summary>...and give up after this long (the caller retries; the channel is then found by name).</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Retries of 429/503/504 by the Graph SDK's retry handler before the change is reported Pending.</summary>
    public int MaxRetries { get; set; } = 3;
    /// <summary>Backoff base in seconds when the answer carries no Retry-After.</summary>
    public int RetryDelaySeconds { get; set; } = 3;
    /// <summary>A turn does not wait longer than this in total; a longer Retry-After becomes Pending with that delay.</summary>
    public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>People returned by one directory search.</summary>
    public int PageSize { get; set; } = 25;

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(ClientId)) yield return "Tenants:Graph:ClientId is missing.";
        if (string.IsNullOrWhiteSpace(ClientSecret) && string.IsNullOrWhiteSpace(CertificatePath))
            yield return "Tenants:Graph needs ClientSecret or CertificatePath.";
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out _)) yield return $"Tenants:Graph:BaseUrl '{BaseUrl}' is not an absolute URL.";
        if (MaxRetries is < 0 or > 10) yield return "Tenants:Graph:MaxRetries must be 0 to 10 (the Graph SDK's limit).";
        if (RetryDelaySeconds is < 0 or > 180) yield return "Tenants:Graph:RetryDelaySeconds must be 0 to 180 (the Graph SDK's limit).";
        if (PageSize is < 1 or > 999) yield return "Tenants:Graph:PageSize must be 1 to 999.";
    }
}

/// <summary>One entry of Tenants:Organisations: who takes part, in which tenant, and how its people join a forløb.</summary>
public sealed class OrganisationOptions
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public Sector Sector { get; set; }
    /// <summary>Entra tenant id; none for GPs and relatives (they are reached by e-mail).</summary>
    public string? TenantId { get; set; }
    public ChannelMode ChannelMode { get; set; } = ChannelMode.SharedChannel;
    /// <summary>For a coordinating organisation: the team that hosts its forløb channels (the Entra group id).</summary>
    public string? HostTeamId { get; set; }
    /// <summary>A team of this organisation to share its forløb shared channels with, if it wants them listed there.</summary>
    public string? ShareWithTeamId { get; set; }

    public Organisation ToOrganisation() =>
        new(Id, Name, Sector, string.IsNullOrWhiteSpace(TenantId) ? null : TenantId, ChannelMode, HostTeamId);

    /// <summary>Organisations without a tenant take part by e-mail whatever they are configured to.</summary>
    public ChannelMode EffectiveMode => string.IsNullOrWhiteSpace(TenantId) ? ChannelMode.EmailOnly : ChannelMode;

    public static IEnumerable<string> Problems(IReadOnlyList<OrganisationOptions> organisations)
    {
        if (organisations.Count == 0) yield return "Tenants:Organisations is empty: Graph mode needs the organisations and their tenants.";
        foreach (var duplicate in organisations.GroupBy(o => o.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            yield return $"Tenants:Organisations: the id '{duplicate.Key}' is used twice.";
        foreach (var duplicate in organisations.Where(o => o.HostTeamId is not null).GroupBy(o => o.HostTeamId, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            yield return $"Tenants:Organisations: the host team '{duplicate.Key}' is given to more than one organisation.";
        foreach (var o in organisations)
        {
            if (string.IsNullOrWhiteSpace(o.Id) || string.IsNullOrWhiteSpace(o.Name)) yield return "Tenants:Organisations: every organisation needs Id and Name.";
            if (o.TenantId is { Length: > 0 } t && !Guid.TryParse(t, out _)) yield return $"Tenants:Organisations: '{o.Id}' has TenantId '{t}', which is not a GUID.";
            if (o.HostTeamId is not null && o.EffectiveMode == ChannelMode.EmailOnly)
                yield return $"Tenants:Organisations: '{o.Id}' hosts forløb channels (HostTeamId) but has no tenant.";
        }
    }
}
