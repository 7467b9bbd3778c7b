using System.Runtime.CompilerServices;
using System.Text.Json;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Tests.EndToEnd;

/// <summary>What opening the Playground's forløb looked like in Playground: the form, the answer to the click, the welcome card.</summary>
public sealed record OpenedForloeb(int Mark, BotMessage Form, JsonElement Answer, BotMessage Welcome);

/// <summary>
/// The Playground channel ("Forløb AB", the dev channel pool's only channel) holds one forløb per fixture, opened the
/// way a coordinator does it: Mette (region, district psychiatry) types "ny borger" in the personal chat, fills in the
/// form and submits it. Whichever Playground test needs the forløb first opens it; the others (and
/// <see cref="ForloebPlaygroundTests"/>, which asserts on every step) get the same record.
/// </summary>
public static class PlaygroundForloeb
{
    public const string Initials = "PG";
    public const string CaseNumber = "F-2026-0099";
    public const string Label = $"{Initials} · {CaseNumber}";
    /// <summary>The citizen's identity: goes into the encrypted fields (documents use it), never into anything sent to Teams.</summary>
    public const string CitizenName = "Pia Gren";
    public const string CitizenCpr = "020202-2222";
    public const string CitizenAddress = "Vesterbro 12, 2. th., 9000 Aalborg";

    private static readonly ConditionalWeakTable<PlaygroundFixture, Task<OpenedForloeb>> Opened = new();

    public static Task<OpenedForloeb> OpenAsync(PlaygroundFixture playground)
    {
        lock (Opened) return Opened.GetValue(playground, OpenOnceAsync);
    }

    public static string Member(string name) =>
        DemoTenants.People.Single(p => p.DisplayName == name) is var p ? $"{p.OrganisationId}|{p.UserId}" : "";

    private static async Task<OpenedForloeb> OpenOnceAsync(PlaygroundFixture playground)
    {
        var mark = playground.Mark();
        var asked = await playground.SendAsync(PlaygroundFixture.PersonalChat, "ny borger");
        var form = await playground.WaitForReplyAsync(mark, asked.ConversationId);
        var data = form.Card!.Value.GetProperty("actions")[0].GetProperty("data").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        data["initials"] = Initials;
        data["caseNumber"] = CaseNumber;
        data["handlekommune"] = DemoTenants.Aalborg;
        data["organisations"] = $"{DemoTenants.Aalborg},{DemoTenants.Gp}";
        data["coordinator"] = PlaygroundFixture.CurrentUser.AadObjectId;
        data["members"] = string.Join(",", Member("Jonas Holm"), Member("Lars Nielsen"), Member("Camilla Berg"), Member("Birgitte Holm"));
        data["consentOrganisations"] = $"{DemoTenants.Aalborg},{DemoTenants.Gp}";
        data["consentKinds"] = "ContactData,Plans,CrisisPlan,Minutes";
        data["consentGivenHow"] = "Skriftligt";
        data["consentNote"] = "Ved indlæggelse må sengeafsnittet kontakte min søster.";
        data["citizenName"] = CitizenName;
        data["citizenCpr"] = CitizenCpr;
        data["citizenAddress"] = CitizenAddress;
        data["citizenPhone"] = "20 30 40 50";
        var submitted = playground.Mark();
        var answer = await playground.ClickAsync(form, "case.create", data);
        var welcome = (await playground.WaitForBotMessagesAsync(submitted,
            m => m.ConversationId.StartsWith(PlaygroundFixture.Channel, StringComparison.Ordinal) && m.CardTexts.FirstOrDefault()?.StartsWith("Velkommen") == true))[0];
        return new OpenedForloeb(mark, form, answer, welcome);
    }
}
