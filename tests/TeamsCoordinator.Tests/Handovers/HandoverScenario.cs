using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Handovers;

/// <summary>A person on the forløb's team as Teams presents them: a 29: id, a name, an Entra object id.</summary>
public sealed record TeamPerson(string Key, string Name, string OrganisationId, Sector Sector, string Function)
{
    public string AadObjectId => $"aad-{Key}";
    public string ChannelId => $"29:{Key}";
    public ChannelAccount Account => new() { Id = ChannelId, Name = Name, AadObjectId = AadObjectId };
}

/// <summary>What the bot answered to a card click: the invoke response body.</summary>
public sealed record InvokeAnswer(HttpStatusCode Status, JsonElement Body)
{
    public string Type => Body.GetProperty("type").GetString()!;
    public JsonElement Card => Body.GetProperty("value");
    /// <summary>The message, or every string on the card (decoded, one per line).</summary>
    public string Text => Type == "application/vnd.microsoft.activity.message" ? Body.GetProperty("value").GetString()! : HandoverScenario.AllText(Card);
    public IReadOnlyList<string> Buttons => CardButtons(Card);
    public static IReadOnlyList<string> CardButtons(JsonElement card) =>
        card.ValueKind == JsonValueKind.Object && card.TryGetProperty("actions", out var a) ? a.EnumerateArray().Select(x => x.GetProperty("title").GetString()!).ToList() : [];
}

/// <summary>
/// A forløb channel with a cross-sector team, driven through /api/messages as Teams would: commands typed in the
/// channel, card clicks as adaptiveCard/action invokes. Sofie (region, sengeafsnit) is coordinator and holds the
/// baton; Aalborg Kommune has Lars and Camilla; Mette is in the region's district psychiatry; Rasmus is from
/// Jammerbugt; the GP has no Teams. The consent covers Aalborg for plans and minutes only, Jammerbugt for nothing.
/// </summary>
public sealed class HandoverScenario : IAsyncDisposable
{
    public static readonly TeamPerson Sofie = new("sofie", "Sofie Lund", DemoTenants.Region, Sector.Region, "Sygeplejerske, sengeafsnit S2");
    public static readonly TeamPerson Mette = new("mette", "Mette Kjær", DemoTenants.Region, Sector.Region, "Kontaktperson i distriktspsykiatrien");
    public static readonly TeamPerson Lars = new("lars", "Lars Nielsen", DemoTenants.Aalborg, Sector.Kommune, "Sagsbehandler, myndighed");
    public static readonly TeamPerson Camilla = new("camilla", "Camilla Berg", DemoTenants.Aalborg, Sector.Kommune, "Støttekontaktperson, socialpsykiatrien");
    public static readonly TeamPerson Rasmus = new("rasmus", "Rasmus Friis", DemoTenants.Jammerbugt, Sector.Kommune, "Visitator");
    public static readonly TeamPerson Birgitte = new("birgitte", "Birgitte Holm", DemoTenants.Gp, Sector.AlmenPraksis, "Praktiserende læge");
    public static readonly TeamPerson Outsider = new("outsider", "Ole Udenfor", DemoTenants.Aalborg, Sector.Kommune, "Sagsbehandler");

    public const string ChannelId = TeamsActivities.ChannelId;

    public BotApplicationFactory Bot { get; }
    /// <summary>More bot instances on the same database (PostgreSQL), as production runs several behind one endpoint.</summary>
    private readonly List<BotApplicationFactory> _instances = [];
    private readonly Dictionary<string, string?> _settings;
    public FakeTimeProvider Time { get; }
    public long CaseId { get; private set; }
    public Dictionary<string, long> DocumentIds { get; } = [];

    private HandoverScenario(Dictionary<string, string?>? settings, Action<IServiceCollection>? extraServices, DateTimeOffset? start)
    {
        Time = new FakeTimeProvider(start ?? DateTimeOffset.UtcNow);
        _settings = settings ?? [];
        Bot = new BotApplicationFactory { Settings = _settings, Time = Time, ExtraServices = extraServices };
    }

    /// <summary>
    /// A second bot instance with the same settings (same database, same encryption key, same clock), started before
    /// it is returned so that it does not migrate the database while the first one serves traffic.
    /// </summary>
    public async Task<BotApplicationFactory> AnotherInstanceAsync()
    {
        var bot = new BotApplicationFactory { Settings = _settings, Time = Time };
        _instances.Add(bot);
        await bot.WithDbAsync(db => db.Database.CanConnectAsync());
        return bot;
    }

    /// <param name="withDocuments">False: the forløb has no documents yet (the documents feature makes them itself).</param>
    /// <param name="start">The fake clock's first moment (default: now).</param>
    public static async Task<HandoverScenario> StartAsync(IEnumerable<TeamPerson>? moreMembers = null, Dictionary<string, string?>? settings = null,
        bool withDocuments = true, Action<IServiceCollection>? extraServices = null, DateTimeOffset? start = null)
    {
        var s = new HandoverScenario(settings, extraServices, start);
        await s.SeedAsync(moreMembers ?? [], withDocuments);
        return s;
    }

    private async Task SeedAsync(IEnumerable<TeamPerson> more, bool withDocuments)
    {
        var team = new[] { Sofie, Mette, Lars, Camilla, Rasmus, Birgitte }.Concat(more).ToList();
        CaseId = await Bot.WithDbAsync(async db =>
        {
            var c = new CitizenCase
            {
                Initials = "AB", CaseNumber = "F-2026-0042", CoordinatingOrganisationId = DemoTenants.Region, HandlekommuneId = DemoTenants.Aalborg,
                CoordinatorUserId = Sofie.AadObjectId, ChannelId = ChannelId, ServiceUrl = TeamsActivities.ServiceUrl, TenantId = TeamsActivities.TenantId,
                CreatedAt = Time.GetUtcNow().AddDays(-30), CreatedBy = Sofie.AadObjectId,
                Citizen = new ProtectedCitizen { FullName = "Anders Borgersen", Cpr = "010190-1234" },
            };
            foreach (var p in team)
                c.Members.Add(new CaseMember
                {
                    UserId = p.AadObjectId, OrganisationId = p.OrganisationId, Sector = p.Sector, DisplayName = p.Name, Function = p.Function,
                    AddedAt = c.CreatedAt, AddedBy = Sofie.AadObjectId,
                    Channel = p.OrganisationId == DemoTenants.Gp ? ChannelMembership.EmailOnly : ChannelMembership.Done,
                });
            db.Add(c);
            await db.SaveChangesAsync();
            db.Add(new Consent
            {
                CaseId = c.Id, OrganisationIds = [DemoTenants.Aalborg], Kinds = InformationKind.ContactData | InformationKind.Plans | InformationKind.Minutes,
                ValidFrom = DateOnly.FromDateTime(c.CreatedAt.UtcDateTime), RecordedAt = c.CreatedAt, RecordedBy = Sofie.AadObjectId,
            });
            foreach (var key in withDocuments ? ["kip", "kriseplan", "referat:1", "revisionslog"] : Array.Empty<string>())
            {
                var file = new StoredFile
                {
                    CaseId = c.Id, DocumentKey = key, Version = 1, FileName = key.Replace(':', '-') + ".docx", ContentType = "application/octet-stream",
                    Content = [1, 2, 3], CreatedAt = c.CreatedAt, CreatedBy = Sofie.AadObjectId,
                };
                db.Add(file);
                await db.SaveChangesAsync();
                DocumentIds[key] = file.Id;
            }
            // Teams ids the bot has learnt from earlier activities (needed for refresh.userIds and personal chats).
            foreach (var p in team)
                db.Add(new KnownChannelAccount { AadObjectId = p.AadObjectId, ChannelAccountId = p.ChannelId, UpdatedAt = c.CreatedAt });
            await db.SaveChangesAsync();
            return c.Id;
        });
    }

    /// <summary>Types "@Koordinator {text}" in the forløb channel and returns the card the bot answered with.</summary>
    public async Task<JsonElement> SayAsync(TeamPerson from, string text)
    {
        var activity = TeamsActivities.ChannelMessageMentioningBot(text, from.Account, ChannelId);
        var response = await Bot.PostActivityAsync(activity);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reply = (await Bot.Connector.WaitForAsync(1, r => r.Method == HttpMethod.Post && r.Path.EndsWith("/activities/" + activity.Id))).Single();
        var attachments = reply.Json.GetProperty("attachments");
        return attachments[0].GetProperty("content").Clone();
    }

    /// <summary>Clicks an Action.Execute on a card in the channel (or lets Teams refresh it: <paramref name="automatic"/>).</summary>
    public async Task<InvokeAnswer> ClickAsync(TeamPerson from, string verb, IReadOnlyDictionary<string, string> data, bool automatic = false,
        BotApplicationFactory? via = null)
    {
        var messageId = TeamsActivities.NewId();
        var activity = new Activity
        {
            Type = ActivityTypes.Invoke,
            Name = "adaptiveCard/action",
            Id = TeamsActivities.NewId(),
            Timestamp = DateTimeOffset.UtcNow,
            ChannelId = "msteams",
            ServiceUrl = TeamsActivities.ServiceUrl,
            From = from.Account,
            Recipient = TeamsActivities.Bot,
            ReplyToId = messageId,
            Conversation = new ConversationAccount { Id = $"{ChannelId};messageid={messageId}", ConversationType = "channel", IsGroup = true, TenantId = TeamsActivities.TenantId },
            ChannelData = new TeamsChannelData
            {
                Tenant = new TenantInfo(TeamsActivities.TenantId),
                Team = new TeamInfo { Id = TeamsActivities.TeamId, Name = "Psykiatri Nord" },
                Channel = new ChannelInfo { Id = ChannelId, Name = "Forløb AB F-2026-0042" },
            },
            Value = JsonSerializer.SerializeToElement(new
            {
                action = new { type = "Action.Execute", verb, data },
                trigger = automatic ? "automatic" : "manual",
            }, BotJson.Options),
        };
        var response = await (via ?? Bot).PostActivityAsync(activity);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return new InvokeAnswer(response.StatusCode, body);
    }

    /// <summary>Every string value in a card, decoded (raw JSON escapes æ, ø and å), one per line.</summary>
    public static string AllText(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Object => string.Join("\n", e.EnumerateObject().Select(p => AllText(p.Value))),
        JsonValueKind.Array => string.Join("\n", e.EnumerateArray().Select(AllText)),
        _ => "",
    };

    /// <summary>
    /// What Teams sends when the Action.Execute with this verb is clicked: the action's data, merged with every input's
    /// value (its default unless the test types something else).
    /// </summary>
    public static Dictionary<string, string> Submit(JsonElement card, string verb, params (string Input, string Value)[] inputs)
    {
        var action = FindAction(card, verb) ?? throw new InvalidOperationException($"The card has no {verb} action: {card}");
        var data = action.GetProperty("data").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        if (card.TryGetProperty("body", out var body))
            foreach (var element in body.EnumerateArray())
                if (element.TryGetProperty("id", out var id) && element.GetProperty("type").GetString()!.StartsWith("Input.") &&
                    element.TryGetProperty("value", out var value))
                    data[id.GetString()!] = value.GetString()!;
        foreach (var (input, value) in inputs) data[input] = value;
        return data;
    }

    public static JsonElement? FindAction(JsonElement card, string verb)
    {
        if (card.TryGetProperty("actions", out var actions))
            foreach (var a in actions.EnumerateArray())
                if (a.TryGetProperty("verb", out var v) && v.GetString() == verb) return a;
        if (card.TryGetProperty("refresh", out var r) && r.GetProperty("action").GetProperty("verb").GetString() == verb) return r.GetProperty("action");
        return null;
    }

    /// <summary>Offers the baton through the real command and form: "@Koordinator stafet til {target}", then "Giv stafetten".</summary>
    public async Task<Handover> OfferAsync(TeamPerson from, string target, string subject = nameof(HandoverSubject.WholeCase),
        string? message = "Udskrives fredag. Har brug for bostøtte fra første dag.", string? documents = null, string? taskTitle = null, bool discharge = false)
    {
        var form = await SayAsync(from, "stafet til " + target);
        var inputs = new List<(string, string)> { ("subject", subject), ("deadline", DefaultDeadline(form)), ("discharge", discharge ? "true" : "false") };
        if (message is not null) inputs.Add(("message", message));
        if (documents is not null) inputs.Add(("documents", documents));
        if (taskTitle is not null) inputs.Add(("taskTitle", taskTitle));
        var answer = await ClickAsync(from, HandoverCards.VerbOffer, Submit(form, HandoverCards.VerbOffer, [.. inputs]));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Contains("Stafetten er givet", answer.Text);
        return await LatestHandoverAsync();
    }

    public static string DefaultDeadline(JsonElement form) =>
        form.GetProperty("body").EnumerateArray().First(e => e.TryGetProperty("id", out var id) && id.GetString() == "deadline").GetProperty("value").GetString()!;

    public Task<Handover> LatestHandoverAsync() =>
        Bot.WithDbAsync(db => db.Set<Handover>().AsNoTracking().Include(h => h.Transitions).OrderByDescending(h => h.Id).FirstAsync());

    public Task<Handover> HandoverAsync(string publicId) =>
        Bot.WithDbAsync(db => db.Set<Handover>().AsNoTracking().Include(h => h.Transitions).FirstAsync(h => h.PublicId == publicId));

    public Task<CitizenCase> CaseAsync() =>
        Bot.WithDbAsync(db => db.Set<CitizenCase>().AsNoTracking().Include(c => c.Members).FirstAsync(c => c.Id == CaseId));

    public async Task<BatonHolder> HolderAsync()
    {
        var c = await CaseAsync();
        return await Bot.WithDbAsync(db => Task.FromResult(BatonQuery.HolderOf(c, db.Set<Handover>().AsNoTracking().ToList())));
    }

    public Task<List<AuditEntry>> AuditAsync(string action) =>
        Bot.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().Where(a => a.Action == action).ToListAsync());

    public static Dictionary<string, string> On(Handover h, params (string Key, string Value)[] more)
    {
        var data = new Dictionary<string, string> { ["h"] = h.PublicId, ["v"] = h.Version.ToString() };
        foreach (var (k, v) in more) data[k] = v;
        return data;
    }

    public Task<int> MarkOverdueAsync() =>
        HandoverDeadlines.MarkOverdueAsync(Bot.Services.GetRequiredService<IServiceScopeFactory>(), CancellationToken.None);

    public ValueTask DisposeAsync()
    {
        foreach (var instance in _instances) instance.Dispose();
        Bot.Dispose();
        return ValueTask.CompletedTask;
    }
}
