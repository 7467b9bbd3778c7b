using TeamsCoordinator.Cases;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Cases;
using TeamsCoordinator.Tests.EndToEnd;

namespace TeamsCoordinator.Tests.Handovers;

/// <summary>Every stafet card, in every state and for every viewer that looks different, for the renderer test.</summary>
public sealed class HandoverCardSamples : ICardSamples
{
    private static readonly DateTimeOffset Offered = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);
    private const string Label = "AB · F-2026-0042";
    private const string Region = "Region Nordjylland, Psykiatrien";
    private const string Aalborg = "Aalborg Kommune";

    public IEnumerable<CatalogCard> Cards
    {
        get
        {
            var c = CaseCardSamples.SampleCase();
            var organisations = DemoTenants.Organisations.Select(o => o.ToOrganisation()).ToList();
            var byId = organisations.ToDictionary(o => o.Id);
            var targets = HandoverTargets.Candidates(c, organisations, c.CoordinatorUserId);
            var aalborg = targets.First(t => t.OrganisationId == DemoTenants.Aalborg && t.UserId is null);
            var docs = new List<CaseDocument> { new(1, "kip", 2, "kip.docx"), new(3, "referat:1", 1, "referat-1.docx") };
            var withheld = new List<CaseDocument> { new(2, "kriseplan", 1, "kriseplan.docx") };
            var today = new DateOnly(2026, 11, 23);
            HandoverFormModel Form(IReadOnlyList<HandoverSubject> subjects, IReadOnlyList<CaseDocument> allowed, string? problem = null,
                IReadOnlyDictionary<string, string>? values = null) =>
                new(c, aalborg, "form-1", subjects, allowed, withheld, today.AddDays(3), today, 3, values, problem);

            var afventer = Baton(HandoverState.Afventer);
            var overdue = Baton(HandoverState.Afventer, h => { h.OverdueSince = h.Deadline; h.OverdueReason = OverdueReason.NotAccepted; h.EscalateToUserId = h.SenderUserId; });
            var accepted = Baton(HandoverState.Accepteret, h => { h.IsDischarge = true; h.LandingDeadline = Offered.AddDays(3); });
            var notLanded = Baton(HandoverState.Accepteret, h =>
                { h.IsDischarge = true; h.LandingDeadline = Offered.AddDays(3); h.OverdueSince = h.LandingDeadline; h.OverdueReason = OverdueReason.NotLanded; });
            var landed = Baton(HandoverState.LandetTrygt);
            var declined = Baton(HandoverState.Afvist);
            var withdrawn = Baton(HandoverState.TrukketTilbage);
            var task = Baton(HandoverState.Afventer, h =>
                { h.Subject = HandoverSubject.Task; h.TaskTitle = "Bostøtte efter udskrivning"; h.IntendedReceiverUserId = "lars"; h.IntendedReceiverName = "Lars Nielsen"; });
            HandoverCardModel Card(Handover h, HandoverRole? viewer = null, string? notice = null, bool problem = false) =>
                new(h, Label, Region, Aalborg, docs, ["29:lars", "29:camilla", "29:mette"], [("29:lars", "Lars Nielsen"), ("29:camilla", "Camilla Berg")],
                    viewer, notice, problem);

            var history = new List<Handover> { declined, withdrawn, landed, accepted };
            return
            [
                new("handover-choose-target", HandoverCards.ChooseTarget(c, targets, "Hvem skal have stafetten?")),
                new("handover-choose-target-one", HandoverCards.ChooseTarget(c, [aalborg], "Vælg, hvem der skal have stafetten:")),
                new("handover-no-targets", HandoverCards.NoTargets(c)),
                new("handover-form", HandoverCards.Form(Form([HandoverSubject.WholeCase, HandoverSubject.CoordinatorRole, HandoverSubject.Task], docs))),
                new("handover-form-coordinator-role", HandoverCards.Form(Form([HandoverSubject.CoordinatorRole, HandoverSubject.Task], docs,
                    values: new Dictionary<string, string> { ["subject"] = nameof(HandoverSubject.CoordinatorRole) }))),
                new("handover-form-refused-no-documents", HandoverCards.Form(Form([HandoverSubject.Task], [],
                    "Skriv opgavens navn, når du giver en opgave videre."))),
                new("handover-offered", HandoverCards.Offered(c, afventer, Aalborg)),
                new("handover-afventer-everyone", HandoverCards.Handover(Card(afventer))),
                new("handover-afventer-receiver", HandoverCards.Handover(Card(afventer, HandoverRole.ReceivingSide))),
                new("handover-afventer-sender", HandoverCards.Handover(Card(afventer, HandoverRole.Sender))),
                new("handover-afventer-form-used", HandoverCards.Handover(Card(afventer, HandoverRole.Sender, HandoverTexts.FormAlreadyUsed(afventer, afventer.SenderUserId)))),
                new("handover-afventer-overdue", HandoverCards.Handover(Card(overdue, HandoverRole.OtherMember))),
                new("handover-task-to-a-person", HandoverCards.Handover(Card(task, HandoverRole.ReceivingSide))),
                new("handover-accepted-holder", HandoverCards.Handover(Card(accepted, HandoverRole.Holder, HandoverTexts.Done(HandoverAction.Accept, accepted)))),
                new("handover-accepted-sender", HandoverCards.Handover(Card(accepted, HandoverRole.Sender))),
                new("handover-accepted-refused", HandoverCards.Handover(Card(accepted, HandoverRole.ReceivingSide,
                    HandoverTexts.Refusal(HandoverRefusal.AlreadyAccepted, accepted, "camilla", Aalborg, ""), problem: true))),
                new("handover-accepted-not-landed", HandoverCards.Handover(Card(notLanded))),
                new("handover-landed", HandoverCards.Handover(Card(landed, HandoverRole.Holder, HandoverTexts.Done(HandoverAction.LandSafely, landed)))),
                new("handover-declined", HandoverCards.Handover(Card(declined, HandoverRole.Sender))),
                new("handover-withdrawn", HandoverCards.Handover(Card(withdrawn, HandoverRole.ReceivingSide))),
                new("handover-documents", HandoverCards.DocumentLinks(Label, docs.Select(d => (d, $"https://koordinator.example/filer/{d.Id}?sig=x")).ToList(), withheld, Aalborg)),
                new("handover-documents-none", HandoverCards.DocumentLinks(Label, [], withheld, "Jammerbugt Kommune")),
                new("baton-who-holds", HandoverCards.WhoHolds(c, BatonQuery.Section(c, BatonQuery.HolderOf(c, [accepted, task]), [accepted, task], byId))),
                new("baton-history", HandoverCards.History(c, history, byId, BatonQuery.HolderOf(c, history))),
                new("baton-history-empty", HandoverCards.History(c, [], byId, BatonQuery.HolderOf(c, []))),
            ];
        }
    }

    private static Handover Baton(HandoverState state, Action<Handover>? more = null)
    {
        var h = new Handover
        {
            Id = (long)state + 1, CaseId = 1, PublicId = $"sample-{state}", Subject = HandoverSubject.WholeCase,
            SenderUserId = DemoTenants.People[0].UserId, SenderName = "Mette Kjær", SenderOrganisationId = DemoTenants.Region, SenderSector = Sector.Region,
            ReceiverOrganisationId = DemoTenants.Aalborg, ReceiverSector = Sector.Kommune,
            Message = "Udskrives fredag. Har brug for bostøtte fra første dag.", DocumentIds = [1, 3],
            Deadline = Offered.AddDays(3), State = state, OfferedAt = Offered, Version = 1,
        };
        if (state is HandoverState.Accepteret or HandoverState.LandetTrygt)
            (h.ReceiverUserId, h.ReceiverName, h.AcceptedAt, h.Version) = (DemoTenants.People[1].UserId, "Lars Nielsen", Offered.AddHours(2), 2);
        if (state == HandoverState.LandetTrygt) (h.LandedAt, h.Version) = (Offered.AddDays(1), 3);
        if (state == HandoverState.Afvist)
            (h.DeclinedAt, h.ClosedByUserId, h.ClosedByName, h.DeclineReason) = (Offered.AddHours(1), "camilla", "Camilla Berg", "Vi har ikke kapacitet før i næste uge.");
        if (state == HandoverState.TrukketTilbage) (h.WithdrawnAt, h.ClosedByUserId, h.ClosedByName) = (Offered.AddHours(1), h.SenderUserId, "Mette Kjær");
        more?.Invoke(h);
        return h;
    }
}
