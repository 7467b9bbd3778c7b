using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Documents;

/// <summary>A stored file of a forløb, without its content.</summary>
public sealed record FileRef(long Id, long CaseId, string DocumentKey, int Version, string FileName, string? WebUrl);

/// <summary>What <see cref="FileRights"/> decided: the file (null: it is gone), and either the member it is for or why not, in Danish.</summary>
public sealed record FileDecision(FileRef? File, CitizenCase? Case, CaseMember? Member, string? Refusal)
{
    public bool Allowed => File is not null && Member is not null && Refusal is null;
}

/// <summary>
/// Who may open a stored file of a forløb now: an active member of its team, whose organisation the consent in
/// force covers for the document's kind of information; the audit log only the coordinator. Asked when someone
/// clicks for a link and again when the link is used, so a withdrawn consent or a removed member takes effect at once.
/// </summary>
public sealed class FileRights(CoordinatorDb db, ConsentPolicy consent)
{
    public const string AuditLogKey = "revisionslog";
    public const string Gone = "Filen findes ikke (længere) i forløbet.";
    public const string NotMember = "Du er ikke (længere) medlem af forløbets team, så du kan ikke hente filen.";
    public const string OnlyCoordinator = "Kun forløbets koordinator kan hente revisionsloggen.";

    public static string NotCovered(InformationKind kind, string documentKey) =>
        $"Borgerens samtykke dækker ikke din organisation for {ConsentPolicy.Describe(kind)}, så du kan ikke hente {HandoverDocuments.TitleOf(documentKey)}. " +
        "Koordinatoren kan registrere et nyt samtykke med @Koordinator samtykke, hvis borgeren ønsker det.";

    public async Task<FileDecision> CheckAsync(long fileId, string userKey, CancellationToken ct)
    {
        var file = await db.Set<StoredFile>().AsNoTracking().Where(f => f.Id == fileId && f.CaseId != null)
            .Select(f => new FileRef(f.Id, f.CaseId!.Value, f.DocumentKey, f.Version, f.FileName, f.WebUrl)).FirstOrDefaultAsync(ct);
        if (file is null) return new FileDecision(null, null, null, Gone);
        var c = await db.Set<CitizenCase>().AsNoTracking().Include(x => x.Members).FirstOrDefaultAsync(x => x.Id == file.CaseId, ct);
        if (c?.ActiveMember(userKey) is not { } member) return new FileDecision(file, c, null, NotMember);
        string? refusal;
        if (file.DocumentKey == AuditLogKey) refusal = c.CoordinatorUserId == userKey ? null : OnlyCoordinator;
        else if (HandoverDocuments.KindOf(file.DocumentKey) is { } kind)
            refusal = await consent.CoversAsync(c, member.OrganisationId, kind, ct) ? null : NotCovered(kind, file.DocumentKey);
        else refusal = Gone; // a kind of file nobody downloads (there is none today): closed by default
        return new FileDecision(file, c, member, refusal);
    }
}
