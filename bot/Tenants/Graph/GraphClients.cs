using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Authentication.Azure;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace TeamsCoordinator.Tenants.Graph;

/// <summary>
/// One <see cref="GraphServiceClient"/> per tenant, created on first use and kept: the same multi-tenant app signs
/// in app-only to each tenant (its own token cache per credential). Every client keeps the Graph SDK's middleware
/// (retry honouring Retry-After, redirects, compression), with the retry budget from <see cref="GraphTenantsOptions"/>.
/// </summary>
public sealed class GraphClients : IDisposable
{
    private readonly GraphTenantsOptions options;
    private readonly Func<string, IAuthenticationProvider> authFor;
    private readonly HttpMessageHandler? finalHandler;
    private readonly ConcurrentDictionary<string, Lazy<(GraphServiceClient Graph, HttpClient Http)>> clients = new(StringComparer.OrdinalIgnoreCase);

    public GraphClients(GraphTenantsOptions options) : this(options, tenantId => CredentialAuth(options, tenantId)) { }

    /// <summary>Tests: a fixed authentication and a final handler standing in for the network.</summary>
    internal GraphClients(GraphTenantsOptions options, Func<string, IAuthenticationProvider> authFor, HttpMessageHandler? finalHandler = null)
    {
        this.options = options;
        this.authFor = authFor;
        this.finalHandler = finalHandler;
    }

    public string BaseUrl => options.BaseUrl.TrimEnd('/');

    public GraphServiceClient For(string tenantId)
    {
        if (!Guid.TryParse(tenantId, out _)) throw new ArgumentException($"'{tenantId}' is not a tenant id.", nameof(tenantId));
        return clients.GetOrAdd(tenantId, id => new Lazy<(GraphServiceClient, HttpClient)>(() => Create(id))).Value.Graph;
    }

    /// <summary>The SDK's retry handler with our budget: a few quick retries, and never a wait longer than a turn can afford.</summary>
    internal RetryHandlerOption RetryOption() => new()
    {
        MaxRetry = options.MaxRetries,
        Delay = options.RetryDelaySeconds,
        RetriesTimeLimit = options.MaxRetryWait,
    };

    private (GraphServiceClient, HttpClient) Create(string tenantId)
    {
        var handlers = GraphClientFactory.CreateDefaultHandlers();
        var retry = handlers.FirstOrDefault(h => h is RetryHandler);
        if (retry is not null) handlers[handlers.IndexOf(retry)] = new RetryHandler(RetryOption());
        var http = GraphClientFactory.Create(handlers, finalHandler: finalHandler);
        http.Timeout = options.RequestTimeout;
        return (new GraphServiceClient(http, authFor(tenantId), BaseUrl), http);
    }

    private static IAuthenticationProvider CredentialAuth(GraphTenantsOptions options, string tenantId)
    {
        var authority = AuthorityFor(options);
        TokenCredential credential = string.IsNullOrWhiteSpace(options.CertificatePath)
            ? new ClientSecretCredential(tenantId, options.ClientId, options.ClientSecret, new ClientSecretCredentialOptions { AuthorityHost = authority })
            : new ClientCertificateCredential(tenantId, options.ClientId, LoadCertificate(options), new ClientCertificateCredentialOptions { AuthorityHost = authority });
        // Tokens only to the configured Graph host, for that host (a national cloud moves both).
        var host = new Uri(options.BaseUrl).Host;
        return new AzureIdentityAuthenticationProvider(credential, [host], null, true, [ScopeFor(options.BaseUrl)]);
    }

    /// <summary>The app-only scope of the Graph the bot talks to: "https://{graph host}/.default".</summary>
    internal static string ScopeFor(string baseUrl) => new Uri(baseUrl).GetLeftPart(UriPartial.Authority) + "/.default";

    /// <summary>
    /// The Entra sign-in of the Graph's cloud (https://learn.microsoft.com/graph/deployments: US Government L4 and L5
    /// sign in at login.microsoftonline.us, China at login.chinacloudapi.cn), unless Tenants:Graph:AuthorityHost says otherwise.
    /// </summary>
    internal static Uri AuthorityFor(GraphTenantsOptions options) =>
        options.AuthorityHost is { Length: > 0 } configured ? new Uri(configured)
        : new Uri(options.BaseUrl).Host.ToLowerInvariant() switch
        {
            "graph.microsoft.us" or "dod-graph.microsoft.us" => AzureAuthorityHosts.AzureGovernment,
            "microsoftgraph.chinacloudapi.cn" => AzureAuthorityHosts.AzureChina,
            _ => AzureAuthorityHosts.AzurePublicCloud,
        };

    private static X509Certificate2 LoadCertificate(GraphTenantsOptions options) =>
        options.CertificatePath!.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)
            ? X509Certificate2.CreateFromPemFile(options.CertificatePath)
            : X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword);

    public void Dispose()
    {
        foreach (var client in clients.Values.Where(l => l.IsValueCreated)) client.Value.Http.Dispose();
        clients.Clear();
    }
}
