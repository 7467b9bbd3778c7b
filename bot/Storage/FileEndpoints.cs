using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;

namespace TeamsCoordinator.Storage;

public static class FileEndpoints
{
    /// <summary>GET /files/{id}?exp=…&amp;sig=…: a stored file through a signed, short-lived link; every download is audited.</summary>
    public static IEndpointConventionBuilder MapFiles(this IEndpointRouteBuilder app) =>
        app.MapGet("/files/{id:long}", async (long id, long exp, string? sig, SignedLinks links, CoordinatorDb db, TimeProvider time, CancellationToken ct) =>
        {
            if (!links.IsValid(id, exp, sig))
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Linket er udløbet eller ugyldigt. Bed Koordinator om et nyt link.");
            var file = await db.Set<StoredFile>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct);
            if (file is null) return Results.NotFound();
            db.Add(new AuditEntry
            {
                At = time.GetUtcNow(), ActorUserId = "signed-link", Action = "file.download", CaseId = file.CaseId,
                Detail = $"{file.DocumentKey} v{file.Version}", Origin = "http",
            });
            await db.SaveChangesAsync(ct);
            // A link made while the upload to the channel was pending: the file has moved to Microsoft 365 since.
            if (file.Content.Length == 0 && file.WebUrl is not null) return Results.Redirect(file.WebUrl);
            return Results.File(file.Content, file.ContentType, file.FileName);
        }).WithName("DownloadFile");
}
