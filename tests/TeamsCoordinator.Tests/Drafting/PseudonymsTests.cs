using TeamsCoordinator.Cases;
using TeamsCoordinator.Drafting;

namespace TeamsCoordinator.Tests.Drafting;

/// <summary>What the model may see of a forløb: placeholders for every identity it knows, no CPR-shaped string; and back again.</summary>
public sealed class PseudonymsTests
{
    private static CaseMember Member(string id, string name, string? email = null) =>
        new() { UserId = id, DisplayName = name, Email = email, OrganisationId = "org", AddedBy = "x" };

    private static readonly CaseMember Jonas = Member("j", "Jonas Holm", "jonas@region.dk");
    private static readonly CaseMember Birgitte = Member("b", "Birgitte Holm");
    private static readonly CaseMember Karen = Member("k", "Karen Borgersen");
    private static readonly CaseMember Gone = Member("g", "Ole Tidligere");

    private static Pseudonyms Names()
    {
        var c = new CitizenCase
        {
            Initials = "AB", CaseNumber = "F-2026-0042", CoordinatingOrganisationId = "org", CoordinatorUserId = "j", CreatedBy = "j",
            Citizen = new ProtectedCitizen { FullName = "Anders Borgersen", Cpr = "010190-1234", Address = "Vestergade 7", Phone = "20 30 40 50", Email = "ab@example.dk" },
            Members = [Jonas, Birgitte, Karen, Gone],
        };
        return new Pseudonyms(c, [Jonas, Birgitte, Karen]);
    }

    [Theory]
    [InlineData("Anders Borgersen ringede", "[BORGER] ringede")]
    [InlineData("anders ringede fra 20304050 og 20-30-40-50", "[BORGER] ringede fra [BORGERENS TELEFON] og [BORGERENS TELEFON]")]
    [InlineData("Jonas ringer til Karen Borgersen", "[DELTAGER 1] ringer til [DELTAGER 3]")]
    [InlineData("Holm og Holm", "[NAVN 1] og [NAVN 1]")]
    [InlineData("jonas@region.dk skrev", "[DELTAGER 1 E-MAIL] skrev")]
    [InlineData("Ole Tidligere var med", "[DELTAGER 4] var med")]
    [InlineData("Forløb AB (F-2026-0042), Abe", "Forløb [FORLØB] ([FORLØB]), Abe")]
    [InlineData("cpr 010190-1234, søster 1203456789 og 120345 6789", "cpr , søster  og ")]
    [InlineData("Bor på vestergade 7", "Bor på [BORGERENS ADRESSE]")]
    public void EveryKnownIdentityBecomesAPlaceholderAndCprShapedStringsGo(string text, string hidden) =>
        Assert.Equal(hidden, Names().Hide(text));

    [Fact]
    public void PlaceholdersBecomeTheFormsValuesAgainAndTheCitizenStaysBorgeren() =>
        Assert.Equal("borgeren taler med Jonas Holm og Karen Borgersen om borgerens adresse; AB · F-2026-0042; Holm; [DELTAGER 99]",
            Names().Show("[BORGER] taler med [DELTAGER 1] og [Deltager 3] om [BORGERENS ADRESSE]; [FORLØB]; [NAVN 1]; [DELTAGER 99]"));

    [Theory]
    [InlineData("[BORGER] og [DELTAGER 2]", true)]
    [InlineData("Anders", false)]
    [InlineData("010190-1234", false)]
    [InlineData("noget om Birgitte Holm", false)]
    [InlineData("F-2026-0042", false)]
    public void TheLastLookFindsWhatShouldNeverLeave(string outgoing, bool clean) => Assert.Equal(clean, Names().IsClean(outgoing));
}
