using TeamsCoordinator.Tenants.Graph;
using static TeamsCoordinator.Tests.Tenants.Graph.GraphTestBed;

namespace TeamsCoordinator.Tests.Tenants.Graph;

public class GraphDirectoryContractTests
{
    [Fact]
    public async Task SearchAsksTheOrganisationsOwnTenantWithQuotesEscaped()
    {
        var graph = new FakeGraph("users-search");

        var people = await GraphTenants(graph).FindPeopleAsync("aalborg-kommune", "  Sine O'Ha ", CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(["Sine O'Hagan", "Sine O'Hara"], people.Select(p => p.DisplayName)); // sorted the Danish way
        var hagan = people[0];
        Assert.Equal(("aalborg-kommune", AalborgTenant, "sine.ohagan@aalborg.example", null), (hagan.OrganisationId, hagan.TenantId, hagan.Email, hagan.JobTitle));
        Assert.False(graph.Requests[0].Headers.ContainsKey("ConsistencyLevel"));
        Assert.EndsWith(" and userType eq 'Member'", System.Web.HttpUtility.ParseQueryString(graph.Requests[0].Uri.Query)["$filter"]); // no guests
    }

    [Fact]
    public async Task SearchTextWithUrlCharactersReachesGraphAsOneFilterValue()
    {
        var graph = new FakeGraph("users-search-url-characters");

        var people = await GraphTenants(graph).FindPeopleAsync("region-nordjylland", "Søren & Co#1+ 100%", CancellationToken.None);

        graph.AssertAllServed();
        Assert.Empty(people);
    }

    [Fact]
    public async Task EmptySearchReadsTheFirstPageWithoutFilter()
    {
        var graph = new FakeGraph("users-first-page");

        var people = await GraphTenants(graph).FindPeopleAsync("region-nordjylland", "", CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(["Jonas Holm", "Mette Kjær"], people.Select(p => p.DisplayName));
    }

    [Fact]
    public async Task GetPersonReadsTheUserFromTheirOrganisationsTenant()
    {
        var graph = new FakeGraph("user-get");

        var lars = await GraphTenants(graph).GetPersonAsync("aalborg-kommune", Lars.UserId, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Equal(Lars, lars);
    }

    [Fact]
    public async Task AGuestInTheTenantIsNotOfferedAsThatOrganisationsStaff()
    {
        var graph = new FakeGraph("user-get-guest");

        var nobody = await GraphTenants(graph).GetPersonAsync("region-nordjylland", "cbb896f9-8306-49d0-b56b-b8e39cd28825", CancellationToken.None);

        graph.AssertAllServed();
        Assert.Null(nobody);
    }

    [Fact]
    public async Task SomeoneFromAnotherTenantIsNotFoundInThisOne()
    {
        var graph = new FakeGraph("user-get-not-in-tenant");

        var nobody = await GraphTenants(graph).GetPersonAsync("region-nordjylland", Lars.UserId, CancellationToken.None);

        graph.AssertAllServed();
        Assert.Null(nobody);
    }

    [Fact]
    public async Task OrganisationsWithoutATenantHaveNoDirectoryToAsk()
    {
        var graph = new FakeGraph();
        var tenants = GraphTenants(graph);

        Assert.Empty(await tenants.FindPeopleAsync("laegerne-vestergade", "Birgitte", CancellationToken.None));
        Assert.Null(await tenants.GetPersonAsync("laegerne-vestergade", Birgitte.UserId, CancellationToken.None));
        Assert.Empty(await tenants.FindPeopleAsync("no-such-organisation", "", CancellationToken.None));

        Assert.Empty(graph.Requests);
    }

    [Theory]
    [InlineData("Lars", "startswith(displayName,'Lars') or startswith(givenName,'Lars') or startswith(surname,'Lars') or startswith(mail,'Lars')")]
    [InlineData("O'Hara", "startswith(displayName,'O''Hara') or startswith(givenName,'O''Hara') or startswith(surname,'O''Hara') or startswith(mail,'O''Hara')")]
    [InlineData("''", "startswith(displayName,'''''') or startswith(givenName,'''''') or startswith(surname,'''''') or startswith(mail,'''''')")]
    public void SearchTextBecomesOneODataStringLiteral(string text, string filter) =>
        Assert.Equal(filter, GraphDirectory.StartsWithFilter(text));
}
