using System.Text.Json;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Drafting;
using TeamsCoordinator.Tests.Documents;
using TeamsCoordinator.Tests.Tasks;
using static TeamsCoordinator.Tests.Drafting.DraftingScenario;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Drafting;

/// <summary>»Foreslå formuleringer« on the KIP form: the last referat's agreements as proposed »Konkrete indsatser«.</summary>
public sealed class KipDraftTests
{
    [Fact]
    public async Task TheLastReferatsAgreementsBecomeProposedEffortsWithTheirOwnersAndOnlySubmitStoresThem()
    {
        await using var d = await DraftingScenario.StartAsync();
        var today = d.S.Today();
        await d.S.SubmitReferatAsync(Sofie, TaskScenario.Agreement($"Søge bostøtte til {CitizenName.Split(' ')[0]}", Lars, today.AddDays(14)),
            TaskScenario.Agreement("Ændre medicinen", Mette, today.AddDays(30)));
        d.Model.Answer = (request, _) =>
        {
            var agreements = request.UserData.GetProperty("aftaler").EnumerateArray().ToList();
            return Task.FromResult(FakeAzureOpenAi.Completion(JsonSerializer.Serialize(new
            {
                indsatser = agreements.Select(a => new
                {
                    aftale = a.GetProperty("nr").GetInt32(),
                    titel = a.GetProperty("hvad").GetString()!.StartsWith("Søge") ? "Bostøtte" : "Medicin",
                    maalOgIndsats = $"[BORGER] får hjælp; [DELTAGER {a.GetProperty("ansvarlig").GetInt32()}] står for det senest {a.GetProperty("frist").GetString()}.",
                }),
            })));
        };

        var form = await d.S.SayAsync(Sofie, "ny KIP");
        Assert.Contains("Foreslå formuleringer", BodyButtons(form));
        var draft = await d.DraftAsync(Sofie, Typed(form, DocumentScenario.KipAnswers.Where(a => a.Item1 != KipForm.Indsatser).ToArray()));

        var sent = Assert.Single(d.Model.Received);
        Assert.All(Identities, identity => Assert.DoesNotContain(identity, sent.AllText, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["Søge bostøtte til [BORGER]", "Ændre medicinen"], sent.UserData.GetProperty("aftaler").EnumerateArray().Select(a => a.GetProperty("hvad").GetString()));
        var efforts = Inputs(draft.Card)[KipForm.Indsatser]!.Split('\n');
        Assert.Equal($"Bostøtte | borgeren får hjælp; Lars Nielsen står for det senest {today.AddDays(14):yyyy-MM-dd}. | Lars Nielsen", efforts[0]);
        Assert.StartsWith("Medicin | borgeren får hjælp; Mette Kjær står for det", efforts[1]);
        Assert.EndsWith("| Mette Kjær", efforts[1]);
        Assert.Contains(DraftWork.Proposed(DocumentKind.Kip), draft.Text);

        var made = await d.S.ClickAsync(Sofie, DocumentCards.VerbCreate, Submit(draft.Card, DocumentCards.VerbCreate));
        Assert.Contains("KIP version 1", made.Text);
        using var file = await DocumentScenario.GetAsync(d.S, DocumentScenario.Link(made.Card));
        Assert.Contains("borgeren får hjælp; Lars Nielsen står for det", Docx.BodyText(await file.Content.ReadAsByteArrayAsync()));
        var audit = Assert.Single(await d.S.AuditAsync("ai.draft"));
        Assert.StartsWith($"kip: answered, deployment {Deployment}", audit.Detail);
    }

    [Fact]
    public async Task WithoutAReferatWithAgreementsNothingIsSentAndTheFormSaysSo()
    {
        await using var d = await DraftingScenario.StartAsync();
        var form = await d.S.SayAsync(Sofie, "ny KIP");
        var answer = await d.DraftAsync(Sofie, Typed(form));
        Assert.Contains("Sidste referat har ingen aftaler", answer.Text);
        Assert.Empty(d.Model.Received);
    }
}
