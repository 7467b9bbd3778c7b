using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Drafting;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Cases;
using TeamsCoordinator.Tests.EndToEnd;

namespace TeamsCoordinator.Tests.Drafting;

/// <summary>The forms with drafting on: the referat's notes and »Lav udkast«, a proposal, a failure; the KIP's »Foreslå formuleringer«.</summary>
public sealed class DraftingCardSamples : ICardSamples
{
    public IEnumerable<CatalogCard> Cards
    {
        get
        {
            var c = CaseCardSamples.SampleCase();
            var organisations = DemoTenants.Organisations.Select(o => o.ToOrganisation()).ToDictionary(o => o.Id);
            var facts = new CaseFacts(c, organisations, null, [], "Mette Kjær", new DateOnly(2026, 11, 23));
            var on = new DraftingOptions { Enabled = true, Organisations = [DemoTenants.Region] };
            AdaptiveCard Form(DocumentKind kind, IReadOnlyDictionary<string, string>? values = null, IReadOnlyList<string>? notes = null) =>
                DocumentCards.Form(kind, facts, "form-1", DocumentForm.For(kind).Inputs(facts), values, notes, DocumentDraft.Offer(kind, on, DemoTenants.Region));
            var proposal = new Dictionary<string, string>
            {
                [ReferatDraft.Notes] = "Bostøtte drøftet; Lars søger inden 15/1.",
                ["Dagsorden"] = "Opfølgning på aftaler fra sidste møde |  | Bostøtte drøftet. | Lars Nielsen søger bostøtte.\nEventuelt",
                ["Aftale1Hvad"] = "Søge bostøtte til borgeren", ["Aftale1Frist"] = "2027-01-15",
            };
            return
            [
                new("draft-referat-form", Form(DocumentKind.Referat)),
                new("draft-referat-proposal", Form(DocumentKind.Referat, proposal, [DraftWork.Proposed(DocumentKind.Referat)])),
                new("draft-referat-busy", Form(DocumentKind.Referat, proposal, [DraftWork.Busy + " om 17 sekunder."])),
                new("draft-kip-form", Form(DocumentKind.Kip)),
            ];
        }
    }
}
