using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Addin;

/// <summary>
/// /api/addin: the Word task pane's API. Every route but the configuration needs the add-in user's token; a user
/// sees only forløb they are a member of, and every read and write is in the forløb's audit log.
/// </summary>
public static class AddinEndpoints
{
    public static void MapAddin(this WebApplication app)
    {
        app.MapAddinStaticFiles();
        app.MapAddinManifests();
        var api = app.MapGroup("/api/addin").WithTags("Word add-in");
        api.MapGet("/config", (AddinConfig config) => TypedResults.Ok(config.ForPane()));
        api.MapPost("/development-token", IssueDevelopmentToken);

        var user = api.MapGroup("").RequireAuthorization(AddinAuthentication.Policy).AddEndpointFilter(async (context, next) =>
        {
            var caller = AddinCaller.From(context.HttpContext.User);
            context.HttpContext.RequestServices.GetRequiredService<AuditLog>().Caller =
                new AuditCaller(caller.UserId, caller.Name, $"addin:tenant={caller.TenantId}");
            return await next(context);
        });
        user.MapGet("/cases", MyCases);
        user.MapGet("/cases/{caseId:long}/documents/{kind}/fields", Fields);
        user.MapGet("/cases/{caseId:long}/agreements", Agreements);
        user.MapPost("/cases/{caseId:long}/documents/{kind}/versions", SaveVersion);
    }

    /// <summary>Development mode only (no add-in app id, anonymous bot on loopback): a token for the demo user.</summary>
    private static Results<Ok<DevelopmentToken>, ProblemHttpResult> IssueDevelopmentToken(IServiceProvider services, TimeProvider time)
    {
        if (services.GetService<AddinDevelopmentTokens>() is not { } tokens)
            return TypedResults.Problem(statusCode: 404, title: "Ikke tilgængelig",
                detail: "Udviklings-log-ind findes kun, når Koordinator kører lokalt i udviklingstilstand uden app-id.");
        return TypedResults.Ok(new DevelopmentToken(tokens.Create(time), AddinDevelopmentTokens.DemoUserName));
    }

    public sealed record DevelopmentToken(string AccessToken, string User);
    public sealed record CaseSummary(long Id, string Label, string? Coordinator, bool IsCoordinator);
    public sealed record SavedVersion(long FileId, string Kind, int Version, string FileName, string Link);

    private static async Task<Ok<List<CaseSummary>>> MyCases(HttpContext http, CaseAccess access, AuditLog audit, CoordinatorDb db, CancellationToken ct)
    {
        var caller = AddinCaller.From(http.User);
        var cases = await access.OfUserAsync(caller.UserId, ct, caller.TenantId);
        foreach (var c in cases) audit.Record("case.read", c.Id, "addin forløbsliste");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(cases.Select(c => new CaseSummary(c.Id, c.Label, c.ActiveMember(c.CoordinatorUserId)?.DisplayName,
            c.CoordinatorUserId == caller.UserId)).ToList());
    }

    private static async Task<IResult> Fields(long caseId, string kind, HttpContext http, CaseAccess access, AddinDocuments documents, CoordinatorDb db, CancellationToken ct)
    {
        var (c, member, documentKind, refusal) = await AdmitAsync(caseId, kind, "addin felter", http, access, documents, db, ct);
        if (refusal is not null) return refusal;
        var fields = await documents.FieldsAsync(c!, documentKind!, AddinCaller.From(http.User), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(fields);
    }

    private static async Task<IResult> Agreements(long caseId, HttpContext http, CaseAccess access, AddinDocuments documents, CoordinatorDb db, CancellationToken ct)
    {
        var (c, _, _, refusal) = await AdmitAsync(caseId, DocumentKind.Referat.Key, "addin aftaler", http, access, documents, db, ct);
        if (refusal is not null) return refusal;
        var agreements = await documents.AgreementsAsync(c!, AddinCaller.From(http.User), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(agreements);
    }

    private static async Task<IResult> SaveVersion(long caseId, string kind, HttpContext http, CaseAccess access, AddinDocuments documents,
        CoordinatorDb db, AddinConfig config, AuditLog audit, CancellationToken ct)
    {
        var (c, _, documentKind, refusal) = await AdmitAsync(caseId, kind, "addin gem version", http, access, documents, db, ct);
        if (refusal is not null) return refusal;
        var bytes = await ReadBodyAsync(http.Request, config.Options.MaxUploadBytes, ct);
        var problem = bytes is null ? $"Dokumentet er større end {config.Options.MaxUploadBytes / (1024 * 1024)} MB." : AddinDocuments.NotAWordDocument(bytes);
        if (problem is not null)
        {
            audit.Record("document.upload.refused", c!.Id, $"{documentKind!.Key}: ikke et gyldigt dokument");
            await db.SaveChangesAsync(ct);
            return TypedResults.Problem(statusCode: 400, title: "Dokumentet er ikke gemt", detail: problem);
        }
        var requestId = http.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 and <= 64 } key ? "addin:" + key : null;
        if (requestId is not null && await ExistingAsync(db, c!.Id, requestId, ct) is { } earlier)
            return TypedResults.Ok(new SavedVersion(earlier.FileId, earlier.DocumentKey, earlier.Version, earlier.FileName, documents.LinkFor(earlier, AddinCaller.From(http.User))));
        try
        {
            var kept = await documents.SaveVersionAsync(c!, documentKind!, bytes!, AddinCaller.From(http.User), requestId, ct);
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(new SavedVersion(kept.FileId, kept.DocumentKey, kept.Version, kept.FileName, documents.LinkFor(kept, AddinCaller.From(http.User))));
        }
        catch (DocumentNotKeptException e)
        {
            audit.Record("document.failed", c!.Id, $"{documentKind!.Key}: ikke gemt i kanalens filer");
            await db.SaveChangesAsync(ct);
            return TypedResults.Problem(statusCode: 502, title: "Dokumentet er ikke gemt", detail: e.Message);
        }
    }

    private static Task<KeptDocument?> ExistingAsync(CoordinatorDb db, long caseId, string requestId, CancellationToken ct) =>
        db.Set<StoredFile>().AsNoTracking().Where(f => f.CaseId == caseId && f.RequestId == requestId)
            .Select(f => new KeptDocument(f.Id, f.DocumentKey, f.Version, f.FileName, f.WebUrl)).FirstOrDefaultAsync(ct);

    /// <summary>The forløb for a member whose organisation the consent covers for the kind; else the refusal (audited, saved).</summary>
    private static async Task<(CitizenCase?, CaseMember?, DocumentKind?, IResult?)> AdmitAsync(long caseId, string kindKey, string purpose,
        HttpContext http, CaseAccess access, AddinDocuments documents, CoordinatorDb db, CancellationToken ct)
    {
        var caller = AddinCaller.From(http.User);
        var c = await access.ByIdAsync(caseId, caller.UserId, purpose, ct, caller.TenantId);
        if (c is null)
        {
            await db.SaveChangesAsync(ct);
            return (null, null, null, TypedResults.Problem(statusCode: 403, title: "Ingen adgang", detail: AddinProblems.NoCase));
        }
        if (DocumentKind.ByKey(kindKey) is not { } kind)
        {
            await db.SaveChangesAsync(ct);
            return (null, null, null, TypedResults.Problem(statusCode: 404, title: "Ukendt dokumenttype", detail: "Dokumenttypen kendes ikke; brug kip, kriseplan eller referat."));
        }
        var member = c.ActiveMember(caller.UserId)!;
        if (!await documents.CoversAsync(c, member, kind, ct))
        {
            http.RequestServices.GetRequiredService<AuditLog>().Record("document.refused", c.Id, $"{kind.Key}: samtykke dækker ikke {member.OrganisationId} (Word)");
            await db.SaveChangesAsync(ct);
            return (null, null, null, TypedResults.Problem(statusCode: 403, title: "Samtykket dækker ikke", detail: DocumentWork.NotCovered(kind)));
        }
        return (c, member, kind, null);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int max, CancellationToken ct)
    {
        if (request.ContentLength > max) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
