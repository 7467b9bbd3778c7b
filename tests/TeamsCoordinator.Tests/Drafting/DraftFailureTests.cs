using Microsoft.AspNetCore.Http;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Drafting;
using TeamsCoordinator.Tasks;
using static TeamsCoordinator.Tests.Drafting.DraftingScenario;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Drafting;

/// <summary>Whatever goes wrong at the model, the form comes back exactly as the user left it, with a Danish sentence, and nothing is kept.</summary>
public sealed class DraftFailureTests
{
    public static TheoryData<string> Failures => new()
    {
        "not-json", "wrong-shape", "unknown-agenda-item", "unknown-participant", "bad-date", "cut-off", "429", "timeout", "prompt-filtered", "answer-filtered", "500",
    };

    private static Task<IResult> Fail(string failure, CancellationToken aborted) => failure switch
    {
        "not-json" => Task.FromResult(FakeAzureOpenAi.Completion("Her er dit referat: alt gik godt.")),
        "wrong-shape" => Task.FromResult(FakeAzureOpenAi.Completion("""{"punkter":"alt gik godt","aftaler":[]}""")),
        "unknown-agenda-item" => Task.FromResult(FakeAzureOpenAi.Completion("""{"punkter":[{"nr":9,"droeftelse":"x","beslutning":"y"}],"aftaler":[]}""")),
        "unknown-participant" => Task.FromResult(FakeAzureOpenAi.Completion("""{"punkter":[],"aftaler":[{"hvad":"Ringe","hvem":42,"frist":null}]}""")),
        "bad-date" => Task.FromResult(FakeAzureOpenAi.Completion("""{"punkter":[],"aftaler":[{"hvad":"Ringe","hvem":null,"frist":"næste uge"}]}""")),
        "cut-off" => Task.FromResult(FakeAzureOpenAi.Completion("""{"punkter":[{"nr":1,"droef""", finishReason: "length")),
        "429" => Task.FromResult(FakeAzureOpenAi.TooManyRequests(17)),
        "timeout" => Slow(aborted),
        "prompt-filtered" => Task.FromResult(FakeAzureOpenAi.PromptFiltered()),
        "answer-filtered" => Task.FromResult(FakeAzureOpenAi.Completion("", finishReason: "content_filter")),
        _ => Task.FromResult(Results.StatusCode(500)),
    };

    private static async Task<IResult> Slow(CancellationToken aborted)
    {
        try { await Task.Delay(TimeSpan.FromSeconds(20), aborted); } catch (OperationCanceledException) { }
        return FakeAzureOpenAi.Completion("{}");
    }

    private static string Expected(string failure) => failure switch
    {
        "429" => DraftWork.Busy + " om 17 sekunder.",
        "timeout" => DraftWork.TimedOut,
        "prompt-filtered" or "answer-filtered" => DraftWork.Refused,
        "500" => DraftWork.Unavailable,
        _ => DraftWork.Malformed,
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task AFailingModelLeavesTheFormAsItWasWithADanishMessageAndKeepsNothing(string failure)
    {
        // A short limit only where the test waits for it: on a loaded machine the SDK's first call alone can take a second.
        await using var d = await DraftingScenario.StartAsync(timeoutSeconds: failure == "timeout" ? 2 : 10);
        d.Model.Answer = (_, aborted) => Fail(failure, aborted);
        var form = await d.S.SayAsync(Sofie, "referat");
        var typed = Typed(form, (ReferatDraft.Notes, "Bostøtte drøftet; medicin uændret."), (ReferatForm.Formaal, "Fælles plan"),
            (ReferatForm.Dagsorden, "Bolig | Lejemålet er opsagt |  | Det indstilles, at der søges bostøtte"), (AgreementRows.WhatId(1), "Ringe til egen læge"));

        var answer = await d.DraftAsync(Sofie, typed);

        // Asked once, never retried (a timed-out call may be cut off before it arrives when the machine is slow).
        Assert.InRange(d.Model.Received.Count, failure == "timeout" ? 0 : 1, 1);
        Assert.Contains(Expected(failure), answer.Text);
        var inputs = Inputs(answer.Card);
        Assert.All(inputs, i => Assert.Equal(typed.GetValueOrDefault(i.Key) ?? "", i.Value ?? ""));
        Assert.Contains(DocumentDraftButton, BodyButtons(answer.Card));
        Assert.Equal(0, await d.StoredFilesAsync());
        var audit = Assert.Single(await d.S.AuditAsync("ai.draft"));
        Assert.StartsWith($"referat: {(Expected(failure) == DraftWork.Malformed ? "malformed" : "")}", audit.Detail);
    }

    private const string DocumentDraftButton = "Lav udkast";
}
