using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace TeamsCoordinator.Addin;

/// <summary>
/// /addin/: the built task pane (addin/dist, copied next to the bot). Hashed assets are cached for a year, the
/// pages revalidated every time; every response carries a content-security policy that allows Office.js from
/// Microsoft's CDN, the bot's own API and framing by the Office hosts only.
/// </summary>
public static class AddinStaticFiles
{
    public const string OfficeJsOrigin = "https://appsforoffice.microsoft.com";

    /// <summary>Where Word on the web, Teams, Outlook and the desktop hosts frame a task pane.</summary>
    public static readonly string[] OfficeHosts =
    [
        "https://*.officeapps.live.com", "https://*.office.com", "https://*.office365.com", "https://*.microsoft365.com",
        "https://*.cloud.microsoft", "https://*.sharepoint.com", "https://*.onedrive.com", "https://onedrive.live.com",
        "https://*.teams.microsoft.com", "https://teams.microsoft.com",
    ];

    public static readonly string ContentSecurityPolicy = string.Join("; ",
        "default-src 'self'",
        $"script-src 'self' {OfficeJsOrigin}",
        "style-src 'self'",
        "img-src 'self' data:",
        // MSAL's fallback (popup) and Office.js's telemetry-free host bridge; the API is the bot itself.
        "connect-src 'self' https://login.microsoftonline.com",
        $"frame-src 'self' {OfficeJsOrigin} https://login.microsoftonline.com",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self' " + string.Join(' ', OfficeHosts));

    public static void MapAddinStaticFiles(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<AddinOptions>>().Value;
        var folder = options.StaticFolder is { Length: > 0 } f ? f : Path.Combine(AppContext.BaseDirectory, "addin");
        if (!File.Exists(Path.Combine(folder, "index.html")))
        {
            app.Logger.LogWarning("The Word add-in is not built ({Folder} has no index.html): run npm ci && npm run build in addin/", folder);
            return;
        }
        var files = new PhysicalFileProvider(Path.GetFullPath(folder));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = "/addin" });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = "/addin",
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                // Vite names every built asset by its content hash (assets/pane-3f9a1c2b.js): such a name never changes meaning.
                headers[HeaderNames.CacheControl] = context.File.PhysicalPath?.Contains($"{Path.DirectorySeparatorChar}assets{Path.DirectorySeparatorChar}") == true
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
    }
}
