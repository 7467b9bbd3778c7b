using System.Text.Json;
using TeamsCoordinator.Handovers;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Handovers;

/// <summary>"koordinator": the coordinator role changes hands as a stafet, so there is always exactly one coordinator.</summary>
public sealed class CoordinatorHandoverTests : IAsyncLifetime
{
    private HandoverScenario _s = null!;

    public async Task InitializeAsync() => _s = await HandoverScenario.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private static string Selected(JsonElement form) =>
        form.GetProperty("body").EnumerateArray().First(e => e.TryGetProperty("id", out var id) && id.GetString() == "subject").GetProperty("value").GetString()!;

    [Fact]
    public async Task KoordinatorWithANameOpensTheStafetFormWithTheCoordinatorRoleChosen()
    {
        var form = await _s.SayAsync(Sofie, "koordinator Lars");

        Assert.Contains("Til: **Lars Nielsen", form.Text());
        Assert.Equal(nameof(HandoverSubject.CoordinatorRole), Selected(form));
        Assert.Equal(Sofie.AadObjectId, (await _s.CaseAsync()).CoordinatorUserId); // nothing changes before acceptance

        var offered = await _s.ClickAsync(Sofie, HandoverCards.VerbOffer, Submit(form, HandoverCards.VerbOffer));
        Assert.Contains("Koordinatorrollen er tilbudt Lars Nielsen", offered.Text);
        var h = await _s.LatestHandoverAsync();
        Assert.Equal(Sofie.AadObjectId, (await _s.CaseAsync()).CoordinatorUserId);

        await _s.ClickAsync(Lars, HandoverCards.VerbAccept, On(h));
        Assert.Equal(Lars.AadObjectId, (await _s.CaseAsync()).CoordinatorUserId);
        Assert.Single(await _s.AuditAsync("case.coordinator"));
    }

    [Fact]
    public async Task KoordinatorWithoutANameAsksWhoAndKeepsTheRoleChosen()
    {
        var choose = await _s.SayAsync(Sofie, "koordinator");

        var people = choose.GetProperty("body").EnumerateArray().First(e => e.TryGetProperty("id", out var id) && id.GetString() == "target")
            .GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("value").GetString()!).ToList();
        Assert.All(people, p => Assert.StartsWith("person:", p)); // a coordinator is one named person
        var form = await _s.ClickAsync(Sofie, HandoverCards.VerbForm, Submit(choose, HandoverCards.VerbForm, ("target", "person:" + Mette.AadObjectId)));

        Assert.Contains("Til: **Mette Kjær", form.Text);
        Assert.Equal(nameof(HandoverSubject.CoordinatorRole), Selected(form.Card));
    }

    [Fact]
    public async Task OnlyTheCoordinatorCanHandTheRoleOverAndOnlyOneOfferAtATime()
    {
        var notCoordinator = await _s.SayAsync(Lars, "koordinator Mette");
        Assert.Contains("Kun koordinatoren kan give koordinatorrollen videre. Koordinator nu: Sofie Lund.", notCoordinator.Text());

        await _s.OfferAsync(Sofie, "Lars", subject: nameof(HandoverSubject.CoordinatorRole));
        var second = await _s.SayAsync(Sofie, "koordinator Mette");
        Assert.Contains("Koordinatorrollen er allerede tilbudt og afventer svar", second.Text());
    }
}
