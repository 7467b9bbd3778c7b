using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Drafting;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Documents;
using TeamsCoordinator.Tests.Handovers;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Drafting;

/// <summary>
/// The forløb of <see cref="HandoverScenario"/> with drafting switched on for the region (Sofie's and Mette's
/// organisation, not Aalborg's) against a <see cref="FakeAzureOpenAi"/>, and a citizen whose whole identity is known.
/// </summary>
public sealed class DraftingScenario : IAsyncDisposable
{
    public const string Deployment = "koordinator-eu";
    public const string ApiKey = "test-api-key";
    public const string CitizenName = "Anders Borgersen";
    public const string CitizenCpr = "010190-1234";
    public const string CitizenAddress = "Vestergade 7, 9000 Aalborg";
    public const string CitizenPhone = "20 30 40 50";
    public const string CitizenEmail = "anders.b@example.dk";

    /// <summary>Every identity string the forløb knows, as the notes might hold them.</summary>
    public static readonly string[] Identities =
        [CitizenName, "Anders", "Borgersen", CitizenCpr, CitizenAddress, "Vestergade 7", CitizenPhone, "20304050", CitizenEmail,
         Sofie.Name, Mette.Name, Lars.Name, "Lars", "Nielsen", Camilla.Name, "Camilla", Rasmus.Name, Birgitte.Name, "AB · F-2026-0042", "F-2026-0042"];

    public HandoverScenario S { get; }
    public FakeAzureOpenAi Model { get; }

    private DraftingScenario(HandoverScenario s, FakeAzureOpenAi model) => (S, Model) = (s, model);

    public static Dictionary<string, string?> Settings(FakeAzureOpenAi model, double timeoutSeconds = 10) => new()
    {
        ["Ai:Enabled"] = "true",
        ["Ai:Endpoint"] = model.Url,
        ["Ai:Deployment"] = Deployment,
        ["Ai:ApiKey"] = ApiKey,
        ["Ai:Organisations:0"] = DemoTenants.Region,
        ["Ai:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static async Task<DraftingScenario> StartAsync(double timeoutSeconds = 10, bool enabled = true)
    {
        var model = await FakeAzureOpenAi.StartAsync();
        var s = await DocumentScenario.StartAsync(enabled ? Settings(model, timeoutSeconds) : null);
        await s.Bot.WithDbAsync(async db =>
        {
            var c = await db.Set<CitizenCase>().SingleAsync(x => x.Id == s.CaseId);
            c.Citizen.Address = CitizenAddress;
            c.Citizen.Phone = CitizenPhone;
            c.Citizen.Email = CitizenEmail;
            return await db.SaveChangesAsync();
        });
        return new DraftingScenario(s, model);
    }

    /// <summary>What »Lav udkast« (or »Foreslå formuleringer«) sends: the form's data and every input, with these typed in.</summary>
    public static Dictionary<string, string> Typed(JsonElement form, params (string Input, string Value)[] inputs) =>
        Submit(form, DocumentCards.VerbCreate, inputs);

    public async Task<InvokeAnswer> DraftAsync(TeamPerson who, Dictionary<string, string> data)
    {
        var answer = await S.ClickAsync(who, DocumentDraft.Verb, data);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return answer;
    }

    /// <summary>The participant number the bot gave this person in the request (from the roles it sent).</summary>
    public static int NumberOf(ReceivedRequest request, TeamPerson who) =>
        request.UserData.GetProperty("deltagere").EnumerateArray().Single(d => d.GetProperty("rolle").GetString()!.StartsWith(who.Function)).GetProperty("nr").GetInt32();

    /// <summary>Each input on the card with its value (null when empty).</summary>
    public static Dictionary<string, string?> Inputs(JsonElement card) => card.GetProperty("body").EnumerateArray()
        .Where(e => e.GetProperty("type").GetString()!.StartsWith("Input."))
        .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.TryGetProperty("value", out var v) ? v.GetString() : null);

    /// <summary>The titles of the buttons inside the card's body (the drafting button sits there, next to its field).</summary>
    public static List<string> BodyButtons(JsonElement card) =>
    [
        .. card.GetProperty("body").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "ActionSet")
            .SelectMany(e => e.GetProperty("actions").EnumerateArray()).Select(a => a.GetProperty("title").GetString()!),
    ];

    public Task<int> StoredFilesAsync() => S.Bot.WithDbAsync(db => db.Set<TeamsCoordinator.Storage.StoredFile>().CountAsync());

    public async ValueTask DisposeAsync()
    {
        await S.DisposeAsync();
        await Model.DisposeAsync();
    }
}
