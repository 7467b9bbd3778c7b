using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Handovers;

/// <summary>A document of the forløb (latest version), without its content.</summary>
public sealed record CaseDocument(long Id, string DocumentKey, int Version, string FileName)
{
    public string Title => $"{HandoverDocuments.TitleOf(DocumentKey)} (version {Version})";
}

/// <summary>
/// "The information follows the citizen, within what the consent allows": which of the forløb's documents may go
/// along with a baton to an organisation. Checked when the form is shown, when it is submitted, and again when
/// someone opens the documents, so a withdrawn consent takes effect at once.
/// </summary>
public sealed class HandoverDocuments(CoordinatorDb db, ConsentPolicy consent)
{
    /// <summary>The kind of information a document is; null for documents that never travel with a baton (audit exports).</summary>
    public static InformationKind? KindOf(string documentKey) => documentKey.Split(':')[0].ToLowerInvariant() switch
    {
        "kip" => InformationKind.Plans,
        "kriseplan" => InformationKind.CrisisPlan,
        "referat" => InformationKind.Minutes,
        _ => null,
    };

    public static string TitleOf(string documentKey)
    {
        var parts = documentKey.Split(':', 2);
        var name = parts[0].ToLowerInvariant() switch
        {
            "kip" => "KIP",
            "kriseplan" => "Kriseplan",
            "referat" => "Referat",
            _ => parts[0],
        };
        return parts.Length == 2 ? $"{name} {parts[1]}" : name;
    }

    /// <summary>The latest version of every document of the forløb that could travel with a baton.</summary>
    public async Task<List<CaseDocument>> LatestAsync(long caseId, CancellationToken ct)
    {
        var all = await db.Set<StoredFile>().AsNoTracking().Where(f => f.CaseId == caseId)
            .Select(f => new CaseDocument(f.Id, f.DocumentKey, f.Version, f.FileName)).ToListAsync(ct);
        return all.Where(d => KindOf(d.DocumentKey) is not null)
            .GroupBy(d => d.DocumentKey).Select(g => g.MaxBy(d => d.Version)!)
            .OrderBy(d => d.DocumentKey, StringComparer.Ordinal).ToList();
    }

    /// <summary>Splits the forløb's documents into those the consent lets the organisation see and those it does not.</summary>
    public async Task<(List<CaseDocument> Allowed, List<CaseDocument> Withheld)> ForOrganisationAsync(CitizenCase c, string organisationId, CancellationToken ct)
    {
        var allowed = new List<CaseDocument>();
        var withheld = new List<CaseDocument>();
        foreach (var d in await LatestAsync(c.Id, ct))
            (await MayShareAsync(c, organisationId, d.DocumentKey, ct) ? allowed : withheld).Add(d);
        return (allowed, withheld);
    }

    /// <summary>The given documents of the forløb, each with whether the organisation may see it now.</summary>
    public async Task<List<(CaseDocument Document, bool Allowed)>> CheckAsync(CitizenCase c, string organisationId, IEnumerable<long> ids, CancellationToken ct)
    {
        var wanted = ids.ToList();
        if (wanted.Count == 0) return [];
        var docs = await db.Set<StoredFile>().AsNoTracking().Where(f => f.CaseId == c.Id && wanted.Contains(f.Id))
            .Select(f => new CaseDocument(f.Id, f.DocumentKey, f.Version, f.FileName)).ToListAsync(ct);
        var result = new List<(CaseDocument, bool)>();
        foreach (var d in docs.OrderBy(d => d.DocumentKey, StringComparer.Ordinal))
            result.Add((d, await MayShareAsync(c, organisationId, d.DocumentKey, ct)));
        return result;
    }

    /// <summary>The named documents of the forløb, for listing on a card.</summary>
    public async Task<List<CaseDocument>> ByIdsAsync(long caseId, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var docs = await db.Set<StoredFile>().AsNoTracking().Where(f => f.CaseId == caseId && ids.Contains(f.Id))
            .Select(f => new CaseDocument(f.Id, f.DocumentKey, f.Version, f.FileName)).ToListAsync(ct);
        return docs.OrderBy(d => d.DocumentKey, StringComparer.Ordinal).ToList();
    }

    private async Task<bool> MayShareAsync(CitizenCase c, string organisationId, string documentKey, CancellationToken ct) =>
        KindOf(documentKey) is { } kind && await consent.CoversAsync(c, organisationId, kind, ct);
}
