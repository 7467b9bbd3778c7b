using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Documents.Templates;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Tasks;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Documents;

/// <summary>
/// Making a document of a forløb: who may (members whose organisation the consent covers for the kind), what the
/// form asks, and on submit the fill, the kept version, the review date for the digest, the audit and the file card.
/// Logs and audit details name the forløb's id and the document's key and version, never the citizen.
/// </summary>
public sealed class DocumentWork(CaseAccess access, ConsentPolicy consent, ICollaborationTenants tenants, BatonQuery batons,
    DocumentTemplates templates, IDocumentStore store, AuditLog audit, TaskQuery taskQuery, ReferatTasks referatTasks, Meetings.MeetingReferat meetings,
    Drafting.DraftingOptions drafting, ILogger<DocumentWork> log)
{
    public static string NotCovered(DocumentKind kind) =>
        $"Borgerens samtykke dækker ikke din organisation for {ConsentPolicy.Describe(kind.Information)}, så du kan ikke lave eller se {kind.Title.ToLowerInvariant()}en. " +
        "Koordinatoren kan registrere et nyt samtykke med @Koordinator samtykke, hvis borgeren ønsker det.";

    public async Task<AdaptiveCard> FormAsync(Turn turn, DocumentKind kind, CancellationToken ct)
    {
        var c = await access.ForChannelAsync(turn, kind.Key, ct);
        if (c is null) return CaseCards.Message(kind.Title, CaseAccess.NotFound(turn));
        if (await RefusalAsync(c, turn, kind, ct) is { } refusal) return refusal;
        var facts = await FactsAsync(c, turn.UserKey, turn.UserDisplayName, ct, kind);
        return DocumentCards.Form(kind, facts, Guid.NewGuid().ToString("N"), DocumentForm.For(kind).Inputs(facts),
            addition: Drafting.DocumentDraft.Offer(kind, drafting, c.ActiveMember(turn.UserKey)!.OrganisationId));
    }

    public async Task<AdaptiveCardInvokeResponse> CreateAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var kind = DocumentKind.ByKey(action.Get("kind"));
        var formId = action.FormId;
        var c = await access.ForCardAsync(action, turn, $"{kind?.Key ?? "dokument"} gem", ct);
        if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        if (kind is null || formId is null)
            return AdaptiveCardInvokeResponse.Message("Kortet mangler oplysninger. Skriv @Koordinator ny KIP, kriseplan eller referat for at starte forfra.");
        if (await RefusalAsync(c, turn, kind, ct) is { } refusal) return AdaptiveCardInvokeResponse.Card(refusal);

        // A second click on the same form finds the version the first one made.
        var earlier = await turn.Db.Set<Storage.StoredFile>().AsNoTracking().Where(f => f.CaseId == c.Id && f.RequestId == formId)
            .Select(f => new KeptDocument(f.Id, f.DocumentKey, f.Version, f.FileName, f.WebUrl)).FirstOrDefaultAsync(ct);
        if (earlier is not null)
            return AdaptiveCardInvokeResponse.Card(DocumentCards.Kept(c, kind, earlier, store.LinkFor(earlier, turn.LinkHolder), [], ownTemplate: null,
                TaskCards.MadeFromReferat(await ReferatTasks.OfReferatAsync(turn.Db, earlier.FileId, ct))));

        var facts = await FactsAsync(c, turn.UserKey, turn.UserDisplayName, ct, kind);
        var form = DocumentForm.For(kind);
        var values = new FormValues(action.Data);
        var (data, agreements) = form.Read(facts, values);
        AdaptiveCardInvokeResponse Again(IReadOnlyList<string> problems) => AdaptiveCardInvokeResponse.Card(
            DocumentCards.Form(kind, facts, formId, form.Inputs(facts), action.Data, problems,
                Drafting.DocumentDraft.Offer(kind, drafting, c.ActiveMember(turn.UserKey)!.OrganisationId)));
        if (values.Errors.Count > 0) return Again(values.Errors);

        var template = templates.For(kind, c.CoordinatingOrganisationId);
        var filled = template.Fill(data);
        // Blanks are fine (the user completes them in Word); a document without data we hold, or with data in the wrong
        // place, is not: the user sees why, and nothing is kept.
        var blocking = filled.Problems.Where(p => p.Kind != ProblemKind.FieldWithoutData).Select(p => p.Message).ToList();
        if (blocking.Count > 0)
        {
            log.LogWarning("Document {Kind} for case {CaseId} not made: {Count} template problem(s)", kind.Key, c.Id, blocking.Count);
            audit.Record("document.failed", c.Id, $"{kind.Key}: {blocking.Count} problem(er) med skabelonen");
            return AdaptiveCardInvokeResponse.Card(DocumentCards.NotMade(c, kind,
                "Dokumentet er ikke lavet, fordi skabelonen og forløbets data ikke passer sammen. Intet er gemt. Giv problemerne videre til den, der vedligeholder skabelonen:",
                blocking));
        }

        KeptDocument kept;
        var tasks = referatTasks.Add(turn, c, agreements);
        try
        {
            kept = await store.KeepAsync(new NewDocument(c, kind, filled.Document, turn.UserKey, turn.Now)
                { RequestId = formId, WithRow = row => ReferatTasks.LinkTo(tasks, row) }, ct);
        }
        catch (DocumentNotKeptException e)
        {
            // The version's row was removed again, and its tasks with it (cascade); none was ever visible.
            audit.Record("document.failed", c.Id, $"{kind.Key}: ikke gemt i kanalens filer");
            return AdaptiveCardInvokeResponse.Card(DocumentCards.NotMade(c, kind, e.Message, []));
        }
        if (form.ReviewDate(data) is { } review && kind == DocumentKind.Kip)
        {
            c.NextReviewDate = review;
            c.Version++;
        }
        audit.Record("document.create", c.Id, $"{kept.DocumentKey} v{kept.Version} (fil {kept.FileId})");
        Operations.AppMetrics.DocumentMade(kind.Key);
        referatTasks.Audit(c, tasks, kept);
        var toFill = filled.Problems.Select(p => p.Message).ToList();
        var own = templates.HasOwn(kind, c.CoordinatingOrganisationId);
        // The team's card in the thread has a button, never a link: each member gets their own link when they click.
        turn.Reply(DocumentCards.Kept(c, kind, kept, link: null, toFill, own, TaskCards.MadeFromReferat(tasks)));
        return AdaptiveCardInvokeResponse.Card(DocumentCards.Kept(c, kind, kept, store.LinkFor(kept, turn.LinkHolder), toFill, own, TaskCards.MadeFromReferat(tasks)));
    }

    /// <summary>Null when the member's organisation may work with this kind of document; else the refusal (audited).</summary>
    public async Task<AdaptiveCard?> RefusalAsync(CitizenCase c, Turn turn, DocumentKind kind, CancellationToken ct)
    {
        var member = c.ActiveMember(turn.UserKey)!;
        if (await consent.CoversAsync(c, member.OrganisationId, kind.Information, ct)) return null;
        audit.Record("document.refused", c.Id, $"{kind.Key}: samtykke dækker ikke {member.OrganisationId}");
        return DocumentCards.NotMade(c, kind, NotCovered(kind), []);
    }

    /// <summary>
    /// What the forløb tells a form now, for this member (the name is used when they are not on the team). With
    /// <paramref name="kind"/> only what that kind's form and document read: the meeting and the forløb's open tasks
    /// belong to the referat alone (its pre-filled meeting and agreements), so a KIP or a kriseplan does not read them
    /// (two queries of each of its two turns).
    /// </summary>
    public async Task<CaseFacts> FactsAsync(CitizenCase c, string userKey, string userName, CancellationToken ct, DocumentKind? kind = null)
    {
        var referat = kind is null || kind == DocumentKind.Referat;
        var organisations = (await tenants.GetOrganisationsAsync(ct)).ToDictionary(o => o.Id);
        var openTasks = (await batons.HistoryAsync(c.Id, ct))
            .Where(h => h.Subject == HandoverSubject.Task && h.State is HandoverState.Afventer or HandoverState.Accepteret)
            .OrderBy(h => h.OfferedAt).ToList();
        var member = c.ActiveMember(userKey);
        return new CaseFacts(c, organisations, await consent.InForceAsync(c.Id, ct), openTasks, member?.DisplayName ?? userName, consent.Today,
            referat ? await meetings.FactsAsync(c, ct) : null)
            { OpenCaseTasks = referat ? await taskQuery.OpenOfCaseAsync(c.Id, ct) : [] };
    }
}
