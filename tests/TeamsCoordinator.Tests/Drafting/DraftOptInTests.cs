using TeamsCoordinator.Documents;
using TeamsCoordinator.Drafting;
using TeamsCoordinator.Tenants;
using static TeamsCoordinator.Tests.Drafting.DraftingScenario;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Drafting;

/// <summary>Drafting is off unless configured, and then only for the organisations that chose it.</summary>
public sealed class DraftOptInTests
{
    [Fact]
    public async Task OffByDefaultTheFormsHaveNoButtonAndAClickThatArrivesAnywaySendsNothing()
    {
        await using var d = await DraftingScenario.StartAsync(enabled: false);
        var referat = await d.S.SayAsync(Sofie, "referat");
        var kip = await d.S.SayAsync(Sofie, "ny KIP");
        Assert.Empty(BodyButtons(referat));
        Assert.Empty(BodyButtons(kip));
        Assert.DoesNotContain(ReferatDraft.Notes, Inputs(referat).Keys);

        var typed = Typed(referat, (ReferatDraft.Notes, "Bostøtte drøftet."));
        var answer = await d.DraftAsync(Sofie, typed);
        Assert.Contains(DraftWork.Off, answer.Text);
        Assert.Empty(d.Model.Received);
        Assert.All(Inputs(answer.Card), i => Assert.Equal(typed.GetValueOrDefault(i.Key) ?? "", i.Value ?? ""));
    }

    [Fact]
    public async Task AMemberOfAnOrganisationThatDidNotOptInSeesNoButtonAndTheirClickSendsNothing()
    {
        await using var d = await DraftingScenario.StartAsync();
        // Lars is in Aalborg Kommune (covered by the consent for minutes, not among Ai:Organisations); Sofie is in the region.
        Assert.Contains("Lav udkast", BodyButtons(await d.S.SayAsync(Sofie, "referat")));
        var his = await d.S.SayAsync(Lars, "referat");
        Assert.Empty(BodyButtons(his));

        var answer = await d.DraftAsync(Lars, Typed(his, (ReferatDraft.Notes, "Bostøtte drøftet.")));
        Assert.Contains(DraftWork.Off, answer.Text);
        Assert.Empty(d.Model.Received);
        Assert.Single(await d.S.AuditAsync("ai.refused"));
    }

    [Fact]
    public async Task AMemberWhoseOrganisationTheConsentDoesNotCoverGetsTheConsentRefusalAndNothingIsSent()
    {
        await using var d = await DraftingScenario.StartAsync();
        var form = await d.S.SayAsync(Sofie, "referat");
        // Rasmus (Jammerbugt) is on the team, but the consent covers Jammerbugt for nothing.
        var answer = await d.DraftAsync(Rasmus, Typed(form, (ReferatDraft.Notes, "Bostøtte drøftet.")));
        Assert.Contains("samtykke", answer.Text);
        Assert.Empty(d.Model.Received);
    }

    [Theory]
    [InlineData("http://ai.example.dk/", "koordinator-eu", DemoTenants.Region, "https")]
    [InlineData("https://ai.example.dk/", "", DemoTenants.Region, "Ai:Deployment")]
    [InlineData("https://ai.example.dk/", "koordinator-eu", "", "Ai:Organisations")]
    [InlineData("ikke en adresse", "koordinator-eu", DemoTenants.Region, "Ai:Endpoint")]
    public void AHalfMadeConfigurationStopsTheStartWithADanishReason(string endpoint, string deployment, string organisation, string named)
    {
        var options = new DraftingOptions { Enabled = true, Endpoint = endpoint, Deployment = deployment, Organisations = [organisation] };
        Assert.Contains(named, Assert.Throws<InvalidOperationException>(options.Validate).Message);
    }

    [Fact]
    public void AnOrganisationIsOnOnlyWhenTheFeatureIsOnAndItIsListed()
    {
        Assert.False(new DraftingOptions { Organisations = [DemoTenants.Region] }.IsOnFor(DemoTenants.Region));
        Assert.True(new DraftingOptions { Enabled = true, Organisations = [DemoTenants.Region] }.IsOnFor(DemoTenants.Region));
        Assert.False(new DraftingOptions { Enabled = true, Organisations = [DemoTenants.Region] }.IsOnFor(DemoTenants.Aalborg));
        Assert.Null(DocumentDraft.Offer(DocumentKind.Kriseplan, new DraftingOptions { Enabled = true, Organisations = [DemoTenants.Region] }, DemoTenants.Region));
    }
}
