using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Handovers;
using TeamsCoordinator.Tests.Infrastructure;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Cases;

/// <summary>
/// Rights by role inside the team: widening the consent is for the coordinator or whoever recorded it; any member
/// may register the citizen's withdrawal; a member is removed by the coordinator or a colleague of the same
/// organisation. The team of <see cref="HandoverScenario"/>: Sofie (region) coordinates and recorded the consent,
/// which covers Aalborg Kommune (Lars, Camilla) for contact data, plans and minutes.
/// </summary>
public sealed class TeamRightsTests : IAsyncLifetime
{
    private HandoverScenario _s = null!;

    public async Task InitializeAsync() => _s = await HandoverScenario.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private Task<InvokeAnswer> RecordConsentAsync(TeamPerson who, string organisations, string kinds, string? validTo = null) =>
        _s.ClickAsync(who, "consent.record", new Dictionary<string, string>
        {
            ["caseId"] = _s.CaseId.ToString(), ["consentOrganisations"] = organisations, ["consentKinds"] = kinds, ["consentValidTo"] = validTo ?? "",
        });

    private Task<InvokeAnswer> RemoveAsync(TeamPerson by, TeamPerson who) =>
        _s.ClickAsync(by, "member.remove", new Dictionary<string, string> { ["caseId"] = _s.CaseId.ToString(), ["member"] = who.AadObjectId });

    private Task<List<Consent>> ConsentsAsync() => _s.Bot.WithDbAsync(db => db.Set<Consent>().AsNoTracking().OrderBy(c => c.Id).ToListAsync());

    [Theory]
    [InlineData(DemoTenants.Aalborg + "," + DemoTenants.Jammerbugt, "ContactData,Plans,Minutes")] // another organisation
    [InlineData(DemoTenants.Aalborg, "ContactData,Plans,Minutes,CrisisPlan")] // another kind of information
    public async Task AMemberWhoDidNotRecordTheConsentCannotWidenIt(string organisations, string kinds)
    {
        var refused = await RecordConsentAsync(Lars, organisations, kinds);

        Assert.Contains("Kun koordinatoren eller den, der registrerede det gældende samtykke, kan udvide samtykket", refused.Text);
        var consent = Assert.Single(await ConsentsAsync());
        Assert.Null(consent.EndedAt);
        var audit = Assert.Single(await _s.AuditAsync("consent.refused"));
        Assert.Equal(Lars.AadObjectId, audit.ActorUserId);
    }

    [Fact]
    public async Task AnEndDateCannotBeExtendedByAnotherMember()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_s.Time.GetUtcNow(), ConsentPolicy.Copenhagen).DateTime);
        Assert.Contains("Samtykke registreret", (await RecordConsentAsync(Sofie, DemoTenants.Aalborg, "ContactData,Plans,Minutes", today.AddMonths(1).ToString("yyyy-MM-dd"))).Text);

        var longer = await RecordConsentAsync(Lars, DemoTenants.Aalborg, "ContactData,Plans,Minutes", today.AddMonths(6).ToString("yyyy-MM-dd"));
        var open = await RecordConsentAsync(Lars, DemoTenants.Aalborg, "ContactData,Plans,Minutes");

        Assert.Contains("kan udvide samtykket", longer.Text);
        Assert.Contains("kan udvide samtykket", open.Text);
        Assert.Equal(2, (await ConsentsAsync()).Count);
    }

    [Fact]
    public async Task AnyMemberMayNarrowTheConsentAndWhoeverRecordedItMayWidenItAgain()
    {
        var narrowed = await RecordConsentAsync(Lars, DemoTenants.Aalborg, "ContactData");
        var widenedByLars = await RecordConsentAsync(Lars, DemoTenants.Aalborg, "ContactData,Plans");
        var widenedByCamilla = await RecordConsentAsync(Camilla, DemoTenants.Aalborg, "ContactData,Plans,Minutes");
        var widenedByCoordinator = await RecordConsentAsync(Sofie, DemoTenants.Aalborg, "ContactData,Plans,Minutes,CrisisPlan");

        Assert.Contains("Samtykke registreret", narrowed.Text);
        Assert.Contains("Samtykke registreret", widenedByLars.Text); // Lars recorded the consent in force
        Assert.Contains("kan udvide samtykket", widenedByCamilla.Text);
        Assert.Contains("Samtykke registreret", widenedByCoordinator.Text);
        var inForce = (await ConsentsAsync()).Single(c => c.EndedAt is null);
        Assert.Equal(InformationKind.ContactData | InformationKind.Plans | InformationKind.Minutes | InformationKind.CrisisPlan, inForce.Kinds);
    }

    [Fact]
    public async Task AnyMemberMayRegisterTheWithdrawalAndItTakesEffectAtOnce()
    {
        var answer = await _s.ClickAsync(Camilla, "consent.withdraw", new Dictionary<string, string> { ["caseId"] = _s.CaseId.ToString() });

        Assert.Contains("Samtykket er ophørt fra nu", answer.Text);
        Assert.True(Assert.Single(await ConsentsAsync()).Withdrawn);
        var c = await _s.CaseAsync();
        Assert.Null(c.ActiveMember(Lars.AadObjectId)); // from another organisation: out of the team at once
        // And re-recording after a withdrawal is widening: only the coordinator.
        Assert.Contains("kan udvide samtykket", (await RecordConsentAsync(Mette, DemoTenants.Aalborg, "ContactData")).Text);
    }

    [Fact]
    public async Task AMemberIsRemovedByTheCoordinatorOrAColleagueOfTheSameOrganisationOnly()
    {
        var larsRemovesMette = await RemoveAsync(Lars, Mette);
        var rasmusRemovesCamilla = await RemoveAsync(Rasmus, Camilla);
        var larsRemovesCamilla = await RemoveAsync(Lars, Camilla);
        var sofieRemovesRasmus = await RemoveAsync(Sofie, Rasmus);

        Assert.Contains("Du kan ikke fjerne Mette Kjær: Kun koordinatoren eller en kollega fra samme organisation kan fjerne personen.", larsRemovesMette.Text);
        Assert.Contains("Du kan ikke fjerne Camilla Berg", rasmusRemovesCamilla.Text);
        Assert.Contains("Camilla Berg er fjernet", larsRemovesCamilla.Text);
        Assert.Contains("Rasmus Friis er fjernet", sofieRemovesRasmus.Text);
        var c = await _s.CaseAsync();
        Assert.NotNull(c.ActiveMember(Mette.AadObjectId));
        var refused = await _s.AuditAsync("member.remove.refused");
        Assert.Equal([Lars.AadObjectId, Rasmus.AadObjectId], refused.OrderBy(a => a.Id).Select(a => a.ActorUserId));
    }

    [Fact]
    public async Task TheRemoveFormOffersOnlyWhomTheMemberMayRemove()
    {
        var form = await _s.SayAsync(Lars, "fjern");

        var choices = form.GetProperty("body")[1].GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("title").GetString()).ToList();
        Assert.Equal(["Camilla Berg", "Lars Nielsen"], choices.Order());
        Assert.Contains("Kun koordinatoren eller en kollega fra samme organisation kan fjerne personen.", AllText(form));
    }

    [Fact]
    public async Task ThePersonalStatusListIsAuditedForEveryForloebItShows()
    {
        var response = await _s.Bot.PostActivityAsync(TeamsActivities.PersonalMessage("status", Lars.Account, conversationId: "a:personal-lars"));
        response.EnsureSuccessStatusCode();
        var reply = (await _s.Bot.Connector.WaitForAsync(1, r => r.Path.Contains("a%3Apersonal-lars") || r.Path.Contains("a:personal-lars"))).Single();
        Assert.Contains("Dine forløb", CaseScenario.Texts(reply.Body), StringComparison.Ordinal);

        var read = Assert.Single(await _s.AuditAsync("case.read"), a => a.Detail == "status i personlig chat");
        Assert.Equal((Lars.AadObjectId, (long?)_s.CaseId), (read.ActorUserId, read.CaseId));
    }
}
