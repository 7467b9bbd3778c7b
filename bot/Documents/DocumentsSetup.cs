namespace TeamsCoordinator.Documents;

public static class DocumentsSetup
{
    /// <summary>
    /// Documents:Store = "Local" (default: the bot's database, signed links) or "Graph" (the forløb channel's files
    /// folder; needs Tenants:Mode=Graph). Documents:Templates:{organisation}:{kind} names an organisation's own template.
    /// </summary>
    public static IServiceCollection AddDocuments(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<DocumentTemplates>();
        services.AddHostedService<DocumentTemplatesCheck>();
        services.AddScoped<LocalDocumentStore>();
        var store = config["Documents:Store"] ?? "Local";
        if (store.Equals("Local", StringComparison.OrdinalIgnoreCase))
            services.AddScoped<IDocumentStore>(sp => sp.GetRequiredService<LocalDocumentStore>());
        else if (store.Equals("Graph", StringComparison.OrdinalIgnoreCase))
        {
            if (!string.Equals(config["Tenants:Mode"], "Graph", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException("Documents:Store »Graph« kræver Tenants:Mode »Graph« (forløbskanalerne i Microsoft 365).");
            services.AddScoped<IDocumentStore, GraphDocumentStore>();
            services.AddHostedService<DocumentUploadRetryWorker>();
        }
        else
            throw new InvalidOperationException($"Documents:Store »{store}« kendes ikke; brug Local eller Graph.");
        services.AddScoped<DocumentWork>();
        services.AddScoped<FileRights>();
        return services;
    }
}
