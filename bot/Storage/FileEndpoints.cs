using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Documents;

namespace TeamsCoordinator.Storage;

public static class FileEndpoints
{
    public const string Expired = "Linket er udløbet eller ugyldigt. Tryk på knappen på kortet i Teams for at få et nyt.";

    /// <summary>
    /// GET /files/{id}?u=…&amp;t=…&amp;exp=…&amp;sig=…: a stored file through a link signed for one person. The person's
    /// rights are checked again now (a member removed or a consent withdrawn since the click gets nothing), and
    /// every download and refusal is audited with the person.
    /// </summary>
    public static IEndpointConventionBuilder MapFiles(this IEndpointRouteBuilder app) =>
        app.MapGet("/files/{id:long}", async (long id, string? u, string? t, string? exp, string? sig, SignedLinks links, FileRights rights,
            AuditLog audit, CoordinatorDb db, CancellationToken ct) =>
        {
            var holder = new LinkHolder(u ?? "", t is { Length: > 0 } ? t : null);
            if (u is not { Length: > 0 and <= 200 } || t is { Length: > 200 } || !links.IsValid(id, holder, exp, sig))
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: Expired);
            var decision = await rights.CheckAsync(id, holder.UserKey, ct);
            if (decision.File is not { } found) return Results.NotFound();
            audit.Caller = new AuditCaller(holder.UserKey, decision.Member?.DisplayName, $"http:tenant={holder.TenantId}");
            if (!decision.Allowed)
            {
                audit.Record("file.refused", found.CaseId, $"{found.DocumentKey} v{found.Version}");
                await db.SaveChangesAsync(ct);
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: decision.Refusal);
            }
            audit.Record("file.download", found.CaseId, $"{found.DocumentKey} v{found.Version}");
            await db.SaveChangesAsync(ct);
            var file = await db.Set<StoredFile>().AsNoTracking().FirstAsync(f => f.Id == id, ct);
            // A link made while the upload to the channel was pending: the file has moved to Microsoft 365 since.
            if (file.Content.Length == 0 && file.WebUrl is not null) return Results.Redirect(file.WebUrl);
            return Results.File(file.Content, file.ContentType, file.FileName);
        }).WithName("DownloadFile");
}
