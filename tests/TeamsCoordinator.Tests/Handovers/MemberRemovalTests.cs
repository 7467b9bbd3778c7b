using TeamsCoordinator.Cases;
using TeamsCoordinator.Handovers;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Handovers;

/// <summary>"fjern" never drops a baton: whoever carries one stays on the team until it has been passed on or has landed.</summary>
public sealed class MemberRemovalTests : IAsyncLifetime
{
    private HandoverScenario _s = null!;

    public async Task InitializeAsync() => _s = await HandoverScenario.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private Task<InvokeAnswer> RemoveAsync(TeamPerson who) =>
        _s.ClickAsync(Sofie, "member.remove", new Dictionary<string, string> { ["caseId"] = _s.CaseId.ToString(), ["member"] = who.AadObjectId });

    private async Task<bool> IsMemberAsync(TeamPerson who) => (await _s.CaseAsync()).ActiveMember(who.AadObjectId) is not null;

    [Fact]
    public async Task TheHolderOfTheForloebsBatonCannotBeRemoved()
    {
        var h = await _s.OfferAsync(Sofie, "Aalborg Kommune");
        await _s.ClickAsync(Lars, HandoverCards.VerbAccept, On(h));

        var refused = await RemoveAsync(Lars);

        Assert.Contains("Lars Nielsen har stafetten for forløbet. Giv den videre med @Koordinator stafet til", refused.Text);
        Assert.True(await IsMemberAsync(Lars));
        Assert.Empty(await _s.AuditAsync("member.remove"));
    }

    [Fact]
    public async Task ThePartiesOfAnOpenHandoverStayUntilItIsAnsweredOrHasLanded()
    {
        var h = await _s.OfferAsync(Rasmus, "Mette", subject: nameof(HandoverSubject.Task), taskTitle: "Bostøtte efter udskrivning");

        Assert.Contains("Rasmus Friis har tilbudt stafetten (opgave: bostøtte efter udskrivning), og den afventer svar", (await RemoveAsync(Rasmus)).Text);
        Assert.Contains("Mette Kjær er tilbudt stafetten", (await RemoveAsync(Mette)).Text);

        await _s.ClickAsync(Mette, HandoverCards.VerbAccept, On(h));
        Assert.Contains("Mette Kjær har accepteret stafetten (opgave: bostøtte efter udskrivning) og skal først melde borgeren landet trygt", (await RemoveAsync(Mette)).Text);
        Assert.Contains("Rasmus Friis følger op på stafetten", (await RemoveAsync(Rasmus)).Text);
        Assert.True(await IsMemberAsync(Rasmus) && await IsMemberAsync(Mette));

        await _s.ClickAsync(Mette, HandoverCards.VerbLand, On(await _s.HandoverAsync(h.PublicId)));
        Assert.Contains("Rasmus Friis er fjernet fra teamet", (await RemoveAsync(Rasmus)).Text);
        Assert.False(await IsMemberAsync(Rasmus));
    }

    [Fact]
    public async Task TheLastOneWhoCouldAnswerABatonOfferedToTheirOrganisationStays()
    {
        await _s.OfferAsync(Sofie, "Aalborg Kommune");

        Assert.Contains("Camilla Berg er fjernet", (await RemoveAsync(Camilla)).Text);
        var refused = await RemoveAsync(Lars);

        Assert.Contains("Lars Nielsen er den eneste i teamet, der kan svare på stafetten (hele forløbet)", refused.Text);
        Assert.True(await IsMemberAsync(Lars));
    }

    [Fact]
    public async Task TheRemoveFormNamesWhoCannotBeRemovedAndWhy()
    {
        await _s.OfferAsync(Sofie, "Mette", subject: nameof(HandoverSubject.Task), taskTitle: "Medicinopfølgning");

        var form = await _s.SayAsync(Lars, "fjern");

        var choices = form.GetProperty("body").EnumerateArray().First(e => e.TryGetProperty("id", out var id) && id.GetString() == "member")
            .GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("title").GetString()).ToList();
        Assert.DoesNotContain("Sofie Lund", choices);
        Assert.DoesNotContain("Mette Kjær", choices);
        Assert.Contains("Lars Nielsen", choices);
        Assert.Contains("Kan ikke fjernes nu", form.Text());
        Assert.Contains(MemberRemovalRules.CoordinatorReason, form.Text());
        Assert.Contains("Mette Kjær er tilbudt stafetten (opgave: medicinopfølgning)", form.Text());
    }
}
