using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Tasks;
using TeamsCoordinator.Tests.Documents;
using TeamsCoordinator.Tests.Handovers;
using TeamsCoordinator.Tests.Infrastructure;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Tasks;

/// <summary>One agreement typed into the referat form: what, whom it is chosen for (a user id), by when.</summary>
public sealed record AgreementInput(string What, string? OwnerUserId, string? Due);

/// <summary>The forløb of <see cref="HandoverScenario"/> with referater whose agreements become tasks, driven as people would.</summary>
public static class TaskScenario
{
    public static DateOnly Today(this HandoverScenario s) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.Time.GetUtcNow(), ConsentPolicy.Copenhagen).DateTime);

    public static AgreementInput Agreement(string what, TeamPerson owner, DateOnly due) => new(what, owner.AadObjectId, due.ToString("yyyy-MM-dd"));

    public static (string, string)[] Rows(params AgreementInput[] agreements) =>
    [
        .. agreements.SelectMany((a, i) => new[]
        {
            (AgreementRows.WhatId(i + 1), a.What), (AgreementRows.WhoId(i + 1), a.OwnerUserId ?? ""), (AgreementRows.DueId(i + 1), a.Due ?? ""),
        }),
    ];

    /// <summary>"referat" in the channel, the form filled with these agreements (and the usual answers), "Lav Referat".</summary>
    public static async Task<InvokeAnswer> SubmitReferatAsync(this HandoverScenario s, TeamPerson who, params AgreementInput[] agreements) =>
        await s.SubmitReferatAsync(who, [], agreements);

    public static async Task<InvokeAnswer> SubmitReferatAsync(this HandoverScenario s, TeamPerson who, (string, string)[] extra, params AgreementInput[] agreements)
    {
        var form = await s.SayAsync(who, "referat");
        var answer = await s.ClickAsync(who, DocumentCards.VerbCreate,
            Submit(form, DocumentCards.VerbCreate, [.. DocumentScenario.ReferatAnswers, .. Rows(agreements), .. extra]));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return answer;
    }

    public static Task<List<CaseTask>> TasksAsync(this HandoverScenario s) =>
        s.Bot.WithDbAsync(db => db.Set<CaseTask>().AsNoTracking().OrderBy(t => t.Id).ToListAsync());

    /// <summary>The task with this title (compared after decryption: the column holds ciphertext).</summary>
    public static async Task<CaseTask> TaskAsync(this HandoverScenario s, string title) => (await s.TasksAsync()).Single(t => t.Title == title);

    /// <summary>What a task's button sends (the list card's data for that task).</summary>
    public static Dictionary<string, string> On(CaseTask t, string? scope = null)
    {
        var data = new Dictionary<string, string> { ["caseId"] = t.CaseId.ToString(), ["t"] = t.PublicId, ["v"] = t.Version.ToString() };
        if (scope is not null) data["scope"] = scope;
        return data;
    }

    /// <summary>The data of one task's button on a list card, found by the task's title.</summary>
    public static Dictionary<string, string> Button(JsonElement list, string title, string verb)
    {
        foreach (var item in list.GetProperty("body").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "Container"))
        {
            var items = item.GetProperty("items");
            if (items[0].TryGetProperty("text", out var text) && text.GetString() == title)
                return items.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "ActionSet").GetProperty("actions").EnumerateArray()
                    .Single(a => a.GetProperty("verb").GetString() == verb).GetProperty("data").EnumerateObject()
                    .ToDictionary(p => p.Name, p => p.Value.GetString()!);
        }
        throw new InvalidOperationException($"No task »{title}« on the card: {list}");
    }

    /// <summary>The titles of the tasks on a list card, in order.</summary>
    public static List<string> Titles(JsonElement list) =>
    [
        .. list.GetProperty("body").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "Container" &&
                                                               e.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("type").GetString() == "ActionSet"))
            .Select(e => e.GetProperty("items")[0].GetProperty("text").GetString()!),
    ];

    /// <summary>Types a message in the person's personal chat with the bot and returns the card it answered with.</summary>
    public static async Task<JsonElement> SayPersonallyAsync(this HandoverScenario s, TeamPerson who, string text)
    {
        var conversation = "personal-chat-" + who.Key;
        bool ToChat(ConnectorRequest r) => FakeConnector.IsMessage(r) && r.Path.Contains(conversation) && r.Body!.Contains("\"attachments\"");
        var before = s.Bot.Connector.Requests.Count(ToChat);
        var response = await s.Bot.PostActivityAsync(TeamsActivities.PersonalMessage(text, who.Account, conversationId: conversation));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reply = (await s.Bot.Connector.WaitForAsync(before + 1, ToChat))[^1];
        return reply.Json.GetProperty("attachments")[0].GetProperty("content").Clone();
    }
}
