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

    /// <summary>Graph root including the version; national clouds or a test double override it. The token's scope follows it.</summary>
    public string BaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";
    /// <summary>Where the app signs in; by default the one of <see cref="BaseUrl"/>'s cloud (https://learn.microsoft.com/graph/deployments).</summary>
    public string? AuthorityHost { get; set; }

    /// <summary>The bot's id in the Teams app catalog (not the manifest id); enabled in every forløb channel or chat.</summary>
    public string? TeamsAppId { get; set; }

    /// <summary>Where an invited guest lands after redeeming the invitation.</summary>
    public string InviteRedirectUrl { get; set; } = "https://teams.microsoft.com";

    /// <summary>Shared-channel creation is asynchronous: the retry worker first looks after this long...</summary>
    public TimeSpan OperationFirstPoll { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>...then every this long (Microsoft asks for more than 30 seconds between checks).</summary>
    public TimeSpan OperationPollInterval { get; set; } = TimeSpan.FromSeconds(31);

    /// <summary>
    /// Lets the bot into private (guest) channels through beta (POST /beta/.../enabledApps/$ref): v1.0 allows that for
    /// shared channels only. Off by default: then a channel owner adds Koordinator to the private channel in Teams.
    /// </summary>
    public bool PrivateChannelAppsViaBeta { get; set; }

    /// <summary>Retries of 429/503/504 by the Graph SDK's retry handler before the change is reported Pending.</summary>
    public int MaxRetries { get; set; } = 3;
    /// <summary>Backoff base in seconds when the answer carries no Retry-After.</summary>
    public int RetryDelaySeconds { get; set; } = 3;
    /// <summary>
    /// How long one call may wait in total for Graph's Retry-After (the SDK's retry handler). A longer Retry-After is not
    /// waited for inside a turn (Teams gives an invoke 15 seconds): it becomes Pending with that delay, and the durable
    /// retry comes back then.
    /// </summary>
    public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>The whole call, the SDK's waits included: must leave room for them, or a throttled call ends as a timeout and Retry-After is lost.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>What a call needs besides waiting for Retry-After (its requests' own time).</summary>
    public static readonly TimeSpan RequestTimeBeyondWaits = TimeSpan.FromSeconds(10);

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
        if (RequestTimeout < MaxRetryWait + RequestTimeBeyondWaits)
            yield return $"Tenants:Graph:RequestTimeout ({RequestTimeout}) must be at least MaxRetryWait ({MaxRetryWait}) plus {RequestTimeBeyondWaits.TotalSeconds:0} seconds: " +
                         "the timeout covers the SDK's waits for Retry-After, and a throttled call that times out loses how long Microsoft asked to wait.";
        if (AuthorityHost is { Length: > 0 } authority && !Uri.TryCreate(authority, UriKind.Absolute, out _))
            yield return $"Tenants:Graph:AuthorityHost '{authority}' is not an absolute URL.";
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
