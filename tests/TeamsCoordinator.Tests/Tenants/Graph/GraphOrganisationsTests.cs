using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tenants.Graph;

namespace TeamsCoordinator.Tests.Tenants.Graph;

public class GraphOrganisationsTests
{
    private static readonly GraphOrganisations Nordjylland = new(GraphTestBed.Organisations());

    [Theory]
    [InlineData(ChannelMode.SharedChannel, "region-nordjylland")]
    [InlineData(ChannelMode.SharedChannel, "region-nordjylland", "aalborg-kommune")]
    [InlineData(ChannelMode.SharedChannel, "region-nordjylland", "aalborg-kommune", "laegerne-vestergade")]
    [InlineData(ChannelMode.GuestChannel, "region-nordjylland", "aalborg-kommune", "broenderslev-kommune")]
    [InlineData(ChannelMode.GroupChat, "region-nordjylland", "broenderslev-kommune", "jammerbugt-kommune")]
    [InlineData(ChannelMode.GroupChat, "region-nordjylland", "jammerbugt-kommune", "laegerne-vestergade")]
    [InlineData(ChannelMode.SharedChannel, "region-nordjylland", "unknown-organisation")]
    public void TheTeamRunsInTheMostModestModeOfItsOrganisations(ChannelMode expected, params string[] organisationIds) =>
        Assert.Equal(expected, Nordjylland.TeamMode(organisationIds));

    [Fact]
    public void AnOrganisationWithoutATenantTakesPartByEmailWhateverItIsSetTo()
    {
        var gp = Nordjylland.Find("LAEGERNE-VESTERGADE")!;

        Assert.Equal((ChannelMode.SharedChannel, ChannelMode.EmailOnly), (gp.ChannelMode, gp.EffectiveMode));
        Assert.Null(gp.ToOrganisation().TenantId);
    }

    [Fact]
    public void TheHostOfAChannelIsFoundByItsTeam() =>
        Assert.Equal("region-nordjylland", Nordjylland.HostOf(GraphTestBed.HostTeam.ToUpperInvariant())?.Id);

    [Fact]
    public void ConfigurationProblemsAreNamed()
    {
        List<OrganisationOptions> organisations =
        [
            new() { Id = "a", Name = "A", TenantId = "not-a-guid", HostTeamId = "t" },
            new() { Id = "b", Name = "B", TenantId = GraphTestBed.AalborgTenant, HostTeamId = "t" },
            new() { Id = "", Name = "" },
        ];

        Assert.Equal(
            [
                "Tenants:Organisations: the host team 't' is given to more than one organisation.",
                "Tenants:Organisations: 'a' has TenantId 'not-a-guid', which is not a GUID.",
                "Tenants:Organisations: every organisation needs Id and Name.",
            ],
            OrganisationOptions.Problems(organisations));
        Assert.Equal(["Tenants:Organisations is empty: Graph mode needs the organisations and their tenants."], OrganisationOptions.Problems([]));
    }

    [Fact]
    public void EveryContractCitesMicrosoftsDocumentation()
    {
        var names = GraphContract.AllNames().ToList();

        Assert.True(names.Count >= 30, $"only {names.Count} contracts found");
        foreach (var contract in names.Select(GraphContract.Load))
            Assert.Contains("https://learn.microsoft.com/graph/", contract.Doc);
    }

    [Fact]
    public void AContractThatAssumesWhatNoPageShowsSaysSo()
    {
        var hedged = new[] { "guess", "assum", "infer", "not documented" };

        foreach (var contract in GraphContract.AllNames().Select(GraphContract.Load))
            if (hedged.Any(h => contract.Notes?.Contains(h, StringComparison.OrdinalIgnoreCase) == true))
                Assert.False(string.IsNullOrWhiteSpace(contract.Guess), $"{contract.Name} hedges in its notes but names no \"guess\"");
    }
}
