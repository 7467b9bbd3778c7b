using TeamsCoordinator.Cases;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Tasks;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Cases;
using TeamsCoordinator.Tests.EndToEnd;

namespace TeamsCoordinator.Tests.Tasks;

/// <summary>Every task card for the renderer test: the lists (forløb, mine, empty, with notices), a task on offer, the referat's file card, the stafet for a task.</summary>
public sealed class TaskCardSamples : ICardSamples
{
    private static readonly DateOnly Today = new(2026, 12, 3);

    public IEnumerable<CatalogCard> Cards
    {
        get
        {
            var c = CaseCardSamples.SampleCase();
            var organisations = DemoTenants.Organisations.Select(o => o.ToOrganisation()).ToList();
            var owner = c.Members[2];
            CaseTask Task(string title, int dueInDays, CaseMember? by = null) => new()
            {
                PublicId = $"t-{title.Length}-{dueInDays}", CaseId = c.Id, Title = title, OwnerUserId = (by ?? owner).UserId, OwnerName = (by ?? owner).DisplayName,
                OwnerOrganisationId = (by ?? owner).OrganisationId, OwnerSector = (by ?? owner).Sector, Due = Today.AddDays(dueInDays),
                CreatedByUserId = c.CoordinatorUserId, Version = 1, AgreementNo = 1,
            };
            string Org(CaseTask t) => CaseCards.OrgName(organisations.ToDictionary(o => o.Id), t.OwnerOrganisationId);
            var overdue = Task("Ringe til udlejer om huslejen", -2);
            var soon = Task("Søge bostøtte efter udskrivning", 0, c.Members[1]);
            var later = Task("Medicingennemgang hos egen læge", 14, c.Members[3]);
            var offer = new Handover
            {
                PublicId = "h1", CaseId = 1, Subject = HandoverSubject.Task, TaskTitle = later.Title, SenderUserId = later.OwnerUserId, SenderName = later.OwnerName,
                SenderOrganisationId = later.OwnerOrganisationId, ReceiverOrganisationId = DemoTenants.Aalborg, IntendedReceiverName = "Lars Nielsen",
                State = HandoverState.Afventer,
            };
            TaskLine Line(CaseTask t, string? label = null, Handover? h = null) => new(t, Org(t), label, h);
            var lines = new List<TaskLine> { Line(overdue), Line(soon), Line(later, h: offer) };
            var targets = HandoverTargets.Candidates(c, organisations, later.OwnerUserId);
            var form = new HandoverFormModel(c, targets.First(t => t.UserId is not null), "form-1", [HandoverSubject.Task], [], [],
                Today.AddDays(3), Today, 3, Task: later);
            var kept = new KeptDocument(7, "referat", 2, "Referat AB F-2026-0042 v2.docx", null);
            return
            [
                new("tasks-of-case", TaskCards.OfCase(c, lines, Today)),
                new("tasks-of-case-done", TaskCards.OfCase(c, lines.Skip(1).ToList(), Today, TaskTexts.Done(overdue))),
                new("tasks-of-case-refused", TaskCards.OfCase(c, lines, Today, TaskTexts.OnlyOwnerOrCoordinator(overdue), noticeIsProblem: true)),
                new("tasks-of-case-none", TaskCards.OfCase(c, [], Today)),
                new("tasks-mine", TaskCards.Mine([Line(overdue, c.Label), Line(soon, "CD · F-2026-0043")], Today)),
                new("tasks-mine-none", TaskCards.Mine([], Today)),
                new("tasks-hand-on-choose", HandoverCards.ChooseTarget(c, targets, "Hvem skal have opgaven? Du har den, indtil modtageren accepterer stafetten.",
                    HandoverSubject.Task, later)),
                new("tasks-hand-on-form", HandoverCards.Form(form)),
                new("tasks-referat-kept", DocumentCards.Kept(c, DocumentKind.Referat, kept, "https://koordinator.example/files/7?exp=1&sig=0", [], ownTemplate: false,
                    TaskCards.MadeFromReferat([overdue, soon]))),
            ];
        }
    }
}
