using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Cases;

/// <summary>Drives the bot as people would: "ny borger" in a personal chat, then the form's "Opret forløb".</summary>
public static class CaseScenario
{
    public sealed record CreatedCase(long Id, string ChannelId, string Label);

    public static async Task<string> AskForNewCaseFormAsync(BotApplicationFactory bot, ChannelAccount creator)
    {
        var before = bot.Connector.Messages.Count;
        (await bot.PostActivityAsync(TeamsActivities.PersonalMessage("ny borger", creator, conversationId: "a:personal-" + creator.AadObjectId))).EnsureSuccessStatusCode();
        var messages = await bot.Connector.WaitForMessagesAsync(before + 1);
        var body = messages[^1].Body!;
        var formId = JsonDocument.Parse(body).RootElement.GetProperty("attachments")[0].GetProperty("content")
            .GetProperty("actions")[0].GetProperty("data").GetProperty("formId").GetString();
        return formId!;
    }

    /// <summary>Clicks a card button; returns every text of the invoke response (card texts, message, error) joined.</summary>
    public static async Task<string> SubmitAsync(BotApplicationFactory bot, ChannelAccount from, string verb, Dictionary<string, string> data)
    {
        var response = await bot.PostActivityAsync(TeamsActivities.CardAction(verb, data, from));
        response.EnsureSuccessStatusCode();
        return Texts(await response.Content.ReadAsStringAsync());
    }

    /// <summary>All string values in a JSON document, one per line: what a person could read on the card.</summary>
    public static string Texts(string? json)
    {
        if (string.IsNullOrEmpty(json)) return "";
        var lines = new List<string>();
        void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object: foreach (var p in e.EnumerateObject()) Walk(p.Value); break;
                case JsonValueKind.Array: foreach (var i in e.EnumerateArray()) Walk(i); break;
                case JsonValueKind.String: lines.Add(e.GetString()!); break;
            }
        }
        Walk(JsonDocument.Parse(json).RootElement);
        return string.Join("\n", lines);
    }

    public static Dictionary<string, string> Form(string formId, string initials = "AB", string caseNumber = "F-2026-0042",
        string members = "", string consentOrganisations = DemoTenants.Aalborg, string consentKinds = "ContactData,Plans,CrisisPlan,Minutes",
        string? citizenName = "Anders Bo Hansen", string? cpr = "010190-1234") => new()
    {
        ["formId"] = formId,
        ["initials"] = initials,
        ["caseNumber"] = caseNumber,
        ["handlekommune"] = DemoTenants.Aalborg,
        ["organisations"] = DemoTenants.Aalborg,
        ["coordinator"] = DemoPeople.UserId("Mette Kjær"),
        ["members"] = members,
        ["consentOrganisations"] = consentOrganisations,
        ["consentKinds"] = consentKinds,
        ["consentGivenHow"] = "Mundtligt",
        ["citizenName"] = citizenName ?? "",
        ["citizenCpr"] = cpr ?? "",
    };

    /// <summary>Mette (region) opens forløb AB · F-2026-0042 with Lars (Aalborg) and consent to share with Aalborg.</summary>
    public static async Task<CreatedCase> CreateAsync(BotApplicationFactory bot, string caseNumber = "F-2026-0042", string? members = null)
    {
        var formId = await AskForNewCaseFormAsync(bot, DemoPeople.Mette);
        var answer = await SubmitAsync(bot, DemoPeople.Mette, "case.create",
            Form(formId, caseNumber: caseNumber, members: members ?? $"{DemoTenants.Aalborg}|{DemoPeople.UserId("Lars Nielsen")}"));
        Assert.Contains("er oprettet", answer);
        var c = await bot.WithDbAsync(db => db.Set<CitizenCase>().AsNoTracking().SingleAsync(x => x.CaseNumber == caseNumber));
        return new CreatedCase(c.Id, c.ChannelId!, c.Label);
    }

    /// <summary>Posts in the forløb's channel and returns the bot's reply to that post (not whatever the outbox sent last meanwhile).</summary>
    public static async Task<ConnectorRequest> SayInChannelAsync(BotApplicationFactory bot, CreatedCase c, ChannelAccount from, string text)
    {
        var post = TeamsActivities.ChannelMessageMentioningBot(text, from, c.ChannelId);
        (await bot.PostActivityAsync(post)).EnsureSuccessStatusCode();
        return (await bot.Connector.WaitForAsync(1, r => FakeConnector.IsMessage(r) && r.Path.EndsWith("/activities/" + post.Id, StringComparison.Ordinal)))[0];
    }
}
