using TeamsCoordinator.Cases;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Cases;
using TeamsCoordinator.Tests.EndToEnd;

namespace TeamsCoordinator.Tests.Documents;

/// <summary>The document cards: each kind's form, a form sent back with problems, the kept version (local and in Teams), the refusals.</summary>
public sealed class DocumentCardSamples : ICardSamples
{
    public IEnumerable<CatalogCard> Cards
    {
        get
        {
            var c = CaseCardSamples.SampleCase();
            var organisations = DemoTenants.Organisations.Select(o => o.ToOrganisation()).ToDictionary(o => o.Id);
            var consent = new Consent
            {
                CaseId = 1, OrganisationIds = [DemoTenants.Aalborg], Kinds = InformationKind.ContactData | InformationKind.Plans | InformationKind.Minutes,
                ValidFrom = new DateOnly(2026, 11, 23), RecordedBy = c.CoordinatorUserId,
            };
            var task = new Handover
            {
                PublicId = "h1", CaseId = 1, Subject = HandoverSubject.Task, TaskTitle = "Søg bostøtte", SenderUserId = c.CoordinatorUserId, SenderName = "Mette Kjær",
                SenderOrganisationId = DemoTenants.Region, ReceiverOrganisationId = DemoTenants.Aalborg, IntendedReceiverName = "Lars Nielsen",
                State = HandoverState.Afventer,
            };
            var facts = new CaseFacts(c, organisations, consent, [task], "Mette Kjær", new DateOnly(2026, 11, 23));
            var kept = new KeptDocument(7, "kip", 3, "KIP AB F-2026-0042 v3.docx", null);
            const string link = "https://koordinator.example/files/7?u=00000000-0000-4000-8000-00000000a001&t=tenant&exp=6b0e2f10&sig=0123456789abcdef";
            return
            [
                .. DocumentKind.All.Select(k => new CatalogCard($"document-form-{k.Key}", DocumentCards.Form(k, facts, "form-1", DocumentForm.For(k).Inputs(facts)))),
                new("document-form-problems", DocumentCards.Form(DocumentKind.Referat, facts, "form-1", DocumentForm.For(DocumentKind.Referat).Inputs(facts),
                    new Dictionary<string, string> { ["Aftale1Hvad"] = "Søg bostøtte", ["Aftale1Hvem"] = c.CoordinatorUserId, ["Aftale1Frist"] = "næste uge" },
                    ["»næste uge« i »Aftale 1: frist« er ikke en dato; skriv fx 2026-12-01.",
                     "Aftale 2: den valgte ansvarlige er ikke med i forløbets team. Vælg en ansvarlig blandt teamets medlemmer, eller tilføj personen til teamet først med @Koordinator tilføj."])),
                new("document-kept", DocumentCards.Kept(c, DocumentKind.Kip, kept, link,
                    ["Feltet »Telefon nr.« i listen »Kontaktpersoner« har ingen data i alle 5 rækker og står tomt til udfyldning i Word."], ownTemplate: false)),
                new("document-kept-upload-pending", DocumentCards.Kept(c, DocumentKind.Kip, kept with { UploadPending = GraphDocumentStore.Pending }, link, [], ownTemplate: false)),
                new("document-kept-link", DocumentCards.Kept(c, DocumentKind.Kip, kept, link, [], ownTemplate: null)),
                new("document-kept-channel", DocumentCards.Kept(c, DocumentKind.Kip, kept, link: null,
                    ["Feltet »Telefon nr.« i listen »Kontaktpersoner« har ingen data i alle 5 rækker og står tomt til udfyldning i Word."], ownTemplate: false)),
                new("document-kept-in-teams", DocumentCards.Kept(c, DocumentKind.Kriseplan, kept with { DocumentKey = "kriseplan", WebUrl = "https://region.sharepoint.com/sites/psykiatri/Shared%20Documents/Forl%C3%B8b%20AB/Kriseplan%20v3.docx" },
                    "https://region.sharepoint.com/sites/psykiatri/Shared%20Documents/Forl%C3%B8b%20AB/Kriseplan%20v3.docx", [], ownTemplate: true)),
                new("document-not-made", DocumentCards.NotMade(c, DocumentKind.Kriseplan,
                    "Dokumentet er ikke lavet, fordi skabelonen og forløbets data ikke passer sammen. Intet er gemt.",
                    ["Oplysningen »Udloesere« har ingen plads i skabelonen og kommer ikke med i dokumentet."])),
                new("document-refused", DocumentCards.NotMade(c, DocumentKind.Kriseplan, DocumentWork.NotCovered(DocumentKind.Kriseplan), [])),
            ];
        }
    }
}
