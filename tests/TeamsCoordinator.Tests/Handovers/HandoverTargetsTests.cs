using TeamsCoordinator.Cases;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Tests.Handovers;

/// <summary>"stafet til …" names an organisation, a sector, a unit or a person, case- and accent-tolerant.</summary>
public sealed class HandoverTargetsTests
{
    private static readonly Organisation[] Organisations = DemoTenants.Organisations.Select(o => o.ToOrganisation()).ToArray();

    private static CitizenCase Team(params (string Id, string Name, string Org, string Function)[] extra)
    {
        var c = new CitizenCase
        {
            Id = 1, Initials = "AB", CaseNumber = "F-1", CoordinatingOrganisationId = DemoTenants.Region, CoordinatorUserId = "sofie", CreatedBy = "sofie",
            HandlekommuneId = DemoTenants.Aalborg,
        };
        var people = new (string Id, string Name, string Org, string Function)[]
        {
            ("sofie", "Sofie Lund", DemoTenants.Region, "Sygeplejerske, sengeafsnit S2"),
            ("mette", "Mette Kjær", DemoTenants.Region, "Kontaktperson i distriktspsykiatrien"),
            ("lars", "Lars Nielsen", DemoTenants.Aalborg, "Sagsbehandler, myndighed"),
            ("camilla", "Camilla Berg", DemoTenants.Aalborg, "Støttekontaktperson, socialpsykiatrien"),
            ("peter", "Peter Damgaard", DemoTenants.Broenderslev, "Misbrugsbehandler"),
            ("birgitte", "Birgitte Holm", DemoTenants.Gp, "Praktiserende læge"),
        }.Concat(extra);
        foreach (var p in people)
        {
            var org = Organisations.Single(o => o.Id == p.Org);
            c.Members.Add(new CaseMember
            {
                UserId = p.Id, DisplayName = p.Name, OrganisationId = p.Org, Sector = org.Sector, Function = p.Function, AddedBy = "sofie",
                Channel = org.TenantId is null ? ChannelMembership.EmailOnly : ChannelMembership.Done,
            });
        }
        return c;
    }

    private static List<string> Match(string text, CitizenCase? c = null, string sender = "sofie")
    {
        c ??= Team();
        var candidates = HandoverTargets.Candidates(c, Organisations, sender);
        return HandoverTargets.Match(text, candidates, c, c.HandlekommuneId).Select(t => t.Key).ToList();
    }

    [Theory]
    [InlineData("Aalborg Kommune")]
    [InlineData("aalborg kommune")]
    [InlineData("AALBORG")]
    [InlineData("Aalborg Kommune.")]
    public void AnOrganisationIsFoundByItsName(string text) => Assert.Equal(["org:aalborg-kommune"], Match(text));

    [Theory]
    [InlineData("Brønderslev")]
    [InlineData("Bronderslev")]
    [InlineData("broenderslev kommune")]
    public void DanishLettersMayBeWrittenWithoutThem(string text) => Assert.Equal(["org:broenderslev-kommune"], Match(text));

    [Fact]
    public void KommunenIsTheHandlekommuneWhenTheTeamHasSeveralMunicipalities() => Assert.Equal(["org:aalborg-kommune"], Match("kommunen"));

    [Fact]
    public void KommunenIsAmbiguousWithoutAHandlekommuneAmongThem()
    {
        var c = Team();
        c.HandlekommuneId = DemoTenants.Jammerbugt;
        Assert.Equal(["org:aalborg-kommune", "org:broenderslev-kommune"], Match("kommunen", c));
    }

    [Fact]
    public void AUnitIsFoundThroughTheMembersFunction() => Assert.Equal(["person:mette"], Match("distriktspsykiatrien"));

    [Theory]
    [InlineData("Lars Nielsen")]
    [InlineData("lars")]
    [InlineData("Nielsen")]
    [InlineData("Lars Nilsen")]
    public void APersonIsFoundByNameEvenWithATypo(string text) => Assert.Equal(["person:lars"], Match(text));

    [Fact]
    public void TheSenderIsNeverACandidate()
    {
        Assert.Empty(Match("Sofie Lund"));
        Assert.DoesNotContain("org:region-nordjylland", Match("regionen"));
    }

    [Fact]
    public void TheRegionIsACandidateForSomeoneOutsideIt() => Assert.Equal(["org:region-nordjylland"], Match("regionen", sender: "lars"));

    [Fact]
    public void PeopleWithoutTeamsCannotReceiveABaton()
    {
        Assert.Empty(Match("Birgitte Holm"));
        Assert.Empty(Match("egen læge"));
        Assert.DoesNotContain(HandoverTargets.Candidates(Team(), Organisations, "sofie"), t => t.OrganisationId == DemoTenants.Gp);
    }

    [Fact]
    public void SomethingUnknownMatchesNothing() => Assert.Empty(Match("Odense Kommune"));

    [Fact]
    public void TwoPeopleWithTheSameFirstNameAreAmbiguous() =>
        Assert.Equal(["person:lars", "person:lars2"], Match("lars", Team(("lars2", "Lars Olsen", DemoTenants.Aalborg, "Bostøtte"))).OrderBy(x => x).ToList());
}
