using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;
using Microsoft.Extensions.Time.Testing;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Cases;

/// <summary>
/// Issue 6, reliability: Microsoft 365 down while a forløb is opened, or one organisation's member add failing,
/// leaves a consistent forløb, a durable retry (no channel yet / members Pending, picked up by the retry worker)
/// and a Danish account of what is pending; the retry finishes the job exactly once.
/// </summary>
public sealed class ChannelReliabilityTests : IDisposable
{
    private readonly TenantOutage _outage = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly BotApplicationFactory _bot;

    public ChannelReliabilityTests()
    {
        _bot = new BotApplicationFactory
        {
            Time = _time,
            ExtraServices = services =>
            {
                // The test runs the retry passes itself, so a timer's pass cannot slip in between.
                services.Remove(services.Single(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService) && d.ImplementationType == typeof(CaseChannelRetryWorker)));
                services.RemoveAll<ICollaborationTenants>();
                services.AddSingleton(_outage);
                services.AddScoped<ICollaborationTenants>(sp => new FlakyTenants(ActivatorUtilities.CreateInstance<EmbeddedCollaborationTenants>(sp), _outage));
            },
        };
    }

    public void Dispose() => _bot.Dispose();

    private Task RetryAsync() => CaseChannelRetryWorker.RetryPendingAsync(_bot.Services.GetRequiredService<IServiceScopeFactory>(), CancellationToken.None);

    /// <summary>A retry pass once the time Microsoft 365 was taken to ask for has passed.</summary>
    private Task RetryLaterAsync(TimeSpan? after = null)
    {
        _time.Advance(after ?? CaseChannels.DefaultRetry);
        return RetryAsync();
    }

    private Task<CitizenCase> CaseAsync() => _bot.WithDbAsync(db => db.Set<CitizenCase>().AsNoTracking().Include(c => c.Members).SingleAsync());

    private async Task<string> CreateAsync()
    {
        var formId = await CaseScenario.AskForNewCaseFormAsync(_bot, DemoPeople.Mette);
        return await CaseScenario.SubmitAsync(_bot, DemoPeople.Mette, "case.create",
            CaseScenario.Form(formId, members: $"{DemoTenants.Aalborg}|{DemoPeople.UserId("Lars Nielsen")}"));
    }

    private async Task<string> StatusCardAsync(long caseId) =>
        await CaseScenario.SubmitAsync(_bot, DemoPeople.Mette, "case.status", new() { ["caseId"] = caseId.ToString() });

    private int WelcomesSent() => _bot.Connector.Requests.Count(r => r.Path.EndsWith("/v3/conversations") && CaseScenario.Texts(r.Body).Contains("Velkommen til forløb"));

    [Fact]
    public async Task WhenMicrosoft365IsDownTheForloebIsKeptTheUserIsToldAndTheRetryCreatesTheChannelOnce()
    {
        _outage.ChannelsDown = true;

        var answer = await CreateAsync();

        Assert.Contains("Forløb AB · F-2026-0042 er oprettet", answer);
        Assert.Contains("Kanalen oprettes, så snart Microsoft 365 svarer; jeg prøver igen automatisk.", answer);
        var c = await CaseAsync();
        Assert.Null(c.ChannelId);
        Assert.Null(c.ChannelCreationLeaseUntil); // released at once, so the next pass may try
        Assert.All(c.Members, m => Assert.Equal(ChannelMembership.Pending, m.Channel));
        var audit = await _bot.WithDbAsync(db => db.Set<AuditEntry>().Select(a => a.Action).ToListAsync());
        Assert.Contains("case.create", audit);
        var status = await StatusCardAsync(c.Id);
        Assert.Contains("Afventer Microsoft 365", status);
        Assert.Contains(CaseChannels.ChannelPending, status);

        await RetryLaterAsync(); // still down: nothing changes, nothing is lost
        Assert.Null((await CaseAsync()).ChannelId);
        Assert.Equal(2, _outage.ChannelAttempts);

        _outage.ChannelsDown = false;
        await RetryLaterAsync();
        await RetryLaterAsync(); // a second pass finds nothing to do
        await _bot.WaitForOutboxDrainedAsync();

        c = await CaseAsync();
        Assert.NotNull(c.ChannelId);
        Assert.All(c.Members, m => Assert.Equal(ChannelMembership.Done, m.Channel));
        Assert.Equal(1, _outage.ChannelsCreated);
        Assert.Equal(1, WelcomesSent());
        // Mette, who was told "the channel is being created", now hears in her personal chat where it is.
        var told = _bot.Connector.Requests.Single(r => r.Text?.Contains("er nu oprettet") == true);
        var chat = await _bot.WithDbAsync(db => db.Set<TeamsCoordinator.Conversation.ConversationReference>()
            .Where(r => r.ConversationType == "personal" && r.UserAadObjectId == DemoPeople.Mette.AadObjectId).Select(r => r.ConversationId).ToListAsync());
        Assert.Contains(told.Path.Split('/')[^2], chat.Select(Uri.EscapeDataString));
        Assert.Equal("Kanalen \"Forløb AB F-2026-0042\" til forløb AB · F-2026-0042 er nu oprettet, og velkomstkortet er lagt i kanalen.", told.Text);
        Assert.DoesNotContain("Afventer", await StatusCardAsync(c.Id));
    }

    [Fact]
    public async Task WhenOneOrganisationsMemberAddFailsTheChannelStandsAndTheStatusSaysWhoIsPendingUntilTheRetryAddsThem()
    {
        _outage.MembersDownFor.Add(DemoTenants.Aalborg);

        var answer = await CreateAsync();

        Assert.Contains("er klar, og velkomstkortet er lagt i kanalen. 1 medlem(mer) afventer adgang: se @Koordinator status.", answer);
        var c = await CaseAsync();
        Assert.NotNull(c.ChannelId);
        var lars = c.Members.Single(m => m.DisplayName == "Lars Nielsen");
        Assert.Equal(ChannelMembership.Pending, lars.Channel);
        Assert.Equal(ChannelMembership.Done, c.Members.Single(m => m.DisplayName == "Mette Kjær").Channel);
        var status = await StatusCardAsync(c.Id);
        Assert.Contains("Afventer adgang til kanalen", status);
        Assert.Contains("Lars Nielsen\nMicrosoft 365 svarer ikke lige nu; prøver igen automatisk.", status);

        await RetryLaterAsync();
        Assert.Equal(ChannelMembership.Pending, (await CaseAsync()).Members.Single(m => m.DisplayName == "Lars Nielsen").Channel);

        _outage.MembersDownFor.Clear();
        await RetryLaterAsync();

        c = await CaseAsync();
        Assert.All(c.Members, m => Assert.Equal(ChannelMembership.Done, m.Channel));
        Assert.Null(c.Members.Single(m => m.DisplayName == "Lars Nielsen").ChannelNote);
        Assert.Equal(1, _outage.ChannelsCreated);
        Assert.DoesNotContain("Afventer", await StatusCardAsync(c.Id));
        await _bot.WaitForOutboxDrainedAsync();
        Assert.Equal(1, WelcomesSent());
    }

    [Fact]
    public async Task TheRetryWorkerDoesNotCreateASecondChannelWhileTheCreatingClickIsStillWaitingForMicrosoft365()
    {
        _outage.HoldChannelCreation = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var creating = CreateAsync();
        await _outage.ChannelCreationStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await RetryAsync(); // runs while Microsoft 365 is still working on the click's channel

        Assert.Equal(1, _outage.ChannelAttempts);
        _outage.HoldChannelCreation.SetResult();
        Assert.Contains("er klar", await creating);
        await RetryAsync();
        Assert.Equal(1, _outage.ChannelsCreated);
        Assert.NotNull((await CaseAsync()).ChannelId);
    }

    [Fact]
    public async Task AChannelCreationLeaseLeftByACrashedInstanceLapsesAndTheRetryTakesOver()
    {
        _outage.ChannelsDown = true;
        await CreateAsync();
        var id = (await CaseAsync()).Id;
        // Another instance claimed the creation and died (its lease is in the past now).
        await _bot.WithDbAsync(db => db.Set<CitizenCase>().Where(c => c.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.ChannelCreationLeaseUntil, _time.GetUtcNow().AddSeconds(-1))));
        _outage.ChannelsDown = false;

        await RetryLaterAsync();

        Assert.NotNull((await CaseAsync()).ChannelId);
        Assert.Equal(1, _outage.ChannelsCreated);
    }

    private string? ToldInPersonalChat(string text) => _bot.Connector.Requests.FirstOrDefault(r => r.Text?.Contains(text) == true)?.Text;

    /// <summary>The stored time, to the millisecond the database keeps.</summary>
    private static void AssertAt(DateTimeOffset expected, DateTimeOffset? actual) =>
        Assert.InRange((actual!.Value - expected).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));

    [Fact]
    public async Task TheChannelIsAskedForAgainNoSoonerThanMicrosoft365SaidToComeBack()
    {
        _outage.ChannelsDown = true;
        _outage.ChannelsRetryAfter = TimeSpan.FromMinutes(2);

        await CreateAsync();
        AssertAt(_time.GetUtcNow() + TimeSpan.FromMinutes(2), (await CaseAsync()).ChannelRetryAt);
        _outage.ChannelsDown = false;

        await RetryLaterAsync(TimeSpan.FromSeconds(119)); // Microsoft asked for two minutes
        Assert.Equal(1, _outage.ChannelAttempts);
        await RetryLaterAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(2, _outage.ChannelAttempts);
        Assert.NotNull((await CaseAsync()).ChannelId);
    }

    [Fact]
    public async Task AMemberIsAddedAgainNoSoonerThanMicrosoft365SaidToComeBack()
    {
        _outage.MembersThrottledFor[DemoTenants.Aalborg] = TimeSpan.FromMinutes(3);
        await CreateAsync();
        var attempts = _outage.MemberAttempts;
        var lars = (await CaseAsync()).Members.Single(m => m.DisplayName == "Lars Nielsen");
        Assert.Equal(ChannelMembership.Pending, lars.Channel);
        AssertAt(_time.GetUtcNow() + TimeSpan.FromMinutes(3), lars.ChannelRetryAt);
        _outage.MembersThrottledFor.Clear();

        await RetryLaterAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(attempts, _outage.MemberAttempts);
        await RetryLaterAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(attempts + 1, _outage.MemberAttempts);
        Assert.Equal(ChannelMembership.Done, (await CaseAsync()).Members.Single(m => m.DisplayName == "Lars Nielsen").Channel);
    }

    [Fact]
    public async Task AChannelMicrosoft365RefusesForGoodIsNotRetriedAndTheCoordinatorIsToldWhatTheAdministratorMustDo()
    {
        const string refusal = "Koordinator har ikke lov til at oprette forløbskanaler i Region Nordjyllands Microsoft 365. En administrator skal give appen Microsoft Graph-programtilladelsen Channel.Create.";
        _outage.ChannelsRefused = refusal;

        var answer = await CreateAsync();

        Assert.Contains(refusal, answer);
        var c = await CaseAsync();
        Assert.Equal((null, refusal), (c.ChannelId, c.ChannelProblem));
        await RetryLaterAsync(TimeSpan.FromHours(1));
        Assert.Equal(1, _outage.ChannelAttempts);
        await _bot.WaitForOutboxDrainedAsync();
        Assert.Equal($"Kanalen til forløb AB · F-2026-0042 kan ikke oprettes. {refusal} {CaseChannels.NotRetried}", ToldInPersonalChat(refusal));
        var status = await StatusCardAsync(c.Id);
        Assert.Contains("Kanalen kræver handling", status);
        Assert.Contains(refusal, status);
    }

    [Fact]
    public async Task WhenTheBotMayNotBeLetInTheChannelStaysRecordedTheTeamIsAddedAndTheCoordinatorIsTold()
    {
        const string refusal = "Koordinator har ikke lov til at lukke Koordinator ind i forløbskanalen. En administrator skal give appen TeamsAppInstallation.ManageSelectedForTeam.All.";
        _outage.BotRefused = refusal;

        var answer = await CreateAsync();

        Assert.Contains(refusal, answer);
        var c = await CaseAsync();
        Assert.NotNull(c.ChannelId); // never lost: a retry could otherwise make a second channel
        Assert.Equal((true, refusal), (c.ChannelBotPending, c.ChannelProblem));
        Assert.All(c.Members, m => Assert.Equal(ChannelMembership.Done, m.Channel));
        await RetryLaterAsync(TimeSpan.FromHours(1));
        Assert.Equal((1, 1), (_outage.BotAttempts, _outage.ChannelsCreated));
        await _bot.WaitForOutboxDrainedAsync();
        Assert.Equal(0, WelcomesSent()); // only the bot can post it, and it is not in the channel
        Assert.Contains("er oprettet, men Koordinator kan ikke komme ind i den.", ToldInPersonalChat(refusal));
    }

    [Fact]
    public async Task OnceTheAdministratorHasFixedARefusalTryAgainOnTheStatusCardCreatesTheChannelAndWelcomesTheTeam()
    {
        _outage.ChannelsRefused = "Koordinator har ikke lov til at oprette forløbskanaler.";
        await CreateAsync();
        var id = (await CaseAsync()).Id;
        Assert.Contains("Prøv igen", await StatusCardAsync(id));
        _outage.ChannelsRefused = null; // the administrator consented

        var answer = await CaseScenario.SubmitAsync(_bot, DemoPeople.Mette, CaseCards.VerbChannelRetry, new() { ["caseId"] = id.ToString() });
        await _bot.WaitForOutboxDrainedAsync();

        var c = await CaseAsync();
        Assert.Equal((null, false), (c.ChannelProblem, c.ChannelBotPending));
        Assert.NotNull(c.ChannelId);
        Assert.Equal((2, 1, 1), (_outage.ChannelAttempts, _outage.ChannelsCreated, WelcomesSent()));
        Assert.DoesNotContain("Prøv igen", answer);
        Assert.DoesNotContain("kræver handling", answer);
        Assert.Contains("channel.retry", await _bot.WithDbAsync(db => db.Set<AuditEntry>().Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task AMemberMicrosoft365RefusesIsNotRetriedAndTheCoordinatorIsToldWhy()
    {
        const string refusal = "Aalborg Kommune kan endnu ikke deltage i delte kanaler fra Region Nordjylland: B2B direct connect mangler.";
        _outage.MembersRefusedFor[DemoTenants.Aalborg] = refusal;

        await CreateAsync();
        var attempts = _outage.MemberAttempts;
        await RetryLaterAsync(TimeSpan.FromHours(1));

        Assert.Equal(attempts, _outage.MemberAttempts);
        Assert.Equal(ChannelMembership.Refused, (await CaseAsync()).Members.Single(m => m.DisplayName == "Lars Nielsen").Channel);
        await _bot.WaitForOutboxDrainedAsync();
        Assert.Equal($"Lars Nielsen kan ikke få adgang til kanalen for forløb AB · F-2026-0042. {refusal} {CaseChannels.NotRetried}", ToldInPersonalChat(refusal));
    }

    [Fact]
    public async Task WhenTeamsCreatesTheChannelInTheBackgroundTheClickIsAnsweredAtOnceAndTheWorkerWelcomesTheTeamOnceItExists()
    {
        _outage.BackgroundLooks = 1;

        var answer = await CreateAsync();

        Assert.Contains(CaseChannels.ChannelBeingCreated, answer);
        var c = await CaseAsync();
        Assert.Equal((null, "operation-1"), (c.ChannelId, c.ChannelOperation));
        await RetryAsync(); // Teams: still running
        Assert.Null((await CaseAsync()).ChannelId);
        await RetryAsync(); // done
        await RetryAsync();
        await _bot.WaitForOutboxDrainedAsync();

        c = await CaseAsync();
        Assert.Equal((false, null), (c.ChannelBotPending, c.ChannelOperation));
        Assert.All(c.Members, m => Assert.Equal(ChannelMembership.Done, m.Channel));
        Assert.Equal((1, 1), (_outage.ChannelsCreated, WelcomesSent()));
        Assert.NotNull(ToldInPersonalChat("er nu oprettet, og velkomstkortet er lagt i kanalen."));
    }
}

/// <summary>Switches for <see cref="FlakyTenants"/>, shared by the test and the bot.</summary>
public sealed class TenantOutage
{
    public volatile bool ChannelsDown;
    /// <summary>The Retry-After Microsoft 365 gives while channels are down.</summary>
    public TimeSpan? ChannelsRetryAfter;
    /// <summary>A refusal no retry changes (the app lacks a permission), for the channel or for letting the bot in.</summary>
    public string? ChannelsRefused, BotRefused;
    /// <summary>Teams creates the channel in the background and says "still running" this many times first.</summary>
    public int BackgroundLooks = -1;
    public HashSet<string> MembersDownFor { get; } = [];
    /// <summary>Organisations whose member adds Microsoft 365 throttles, with its Retry-After; or refuses, with its reason.</summary>
    public Dictionary<string, TimeSpan> MembersThrottledFor { get; } = [];
    public Dictionary<string, string> MembersRefusedFor { get; } = [];
    private int _memberAttempts, _botAttempts;
    public int MemberAttempts => _memberAttempts;
    public int BotAttempts => _botAttempts;
    public void MemberAttempted() => Interlocked.Increment(ref _memberAttempts);
    public void BotAttempted() => Interlocked.Increment(ref _botAttempts);
    /// <summary>When set, the first channel creation waits for it (Microsoft 365 still working on it); later ones do not.</summary>
    public TaskCompletionSource? HoldChannelCreation;
    public TaskCompletionSource ChannelCreationStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _attempts, _created;
    public int ChannelAttempts => _attempts;
    public int ChannelsCreated => _created;
    public int Attempted() => Interlocked.Increment(ref _attempts);
    public void Created() => Interlocked.Increment(ref _created);
}

/// <summary>The embedded tenants, with Microsoft 365's failures switched on and off by the test.</summary>
public sealed class FlakyTenants(ICollaborationTenants inner, TenantOutage outage) : ICollaborationTenants
{
    public Task<IReadOnlyList<Organisation>> GetOrganisationsAsync(CancellationToken ct) => inner.GetOrganisationsAsync(ct);
    public Task<IReadOnlyList<DirectoryPerson>> FindPeopleAsync(string organisationId, string query, CancellationToken ct) => inner.FindPeopleAsync(organisationId, query, ct);
    public Task<DirectoryPerson?> GetPersonAsync(string organisationId, string userId, CancellationToken ct) => inner.GetPersonAsync(organisationId, userId, ct);

    public async Task<ChannelCreation> CreateCaseChannelAsync(CaseChannelRequest request, CancellationToken ct)
    {
        var first = outage.Attempted() == 1;
        outage.ChannelCreationStarted.TrySetResult();
        if (first && outage.HoldChannelCreation is { } hold) await hold.Task.WaitAsync(ct);
        if (outage.ChannelsDown) throw new CollaborationTenantException("Microsoft 365 svarer ikke (503).", isTransient: true, outage.ChannelsRetryAfter);
        if (outage.ChannelsRefused is { } refused) throw new CollaborationTenantException(refused, isTransient: false);
        if (outage.BackgroundLooks >= 0)
        {
            if (request.Operation is null) return ChannelCreation.Running("operation-1", TimeSpan.Zero);
            if (outage.BackgroundLooks-- > 0) return ChannelCreation.Running(request.Operation, TimeSpan.Zero);
        }
        var channel = await inner.CreateCaseChannelAsync(request, ct);
        outage.Created();
        return channel;
    }

    public Task<bool> EnableBotAsync(CaseChannel channel, CancellationToken ct)
    {
        outage.BotAttempted();
        return outage.BotRefused is { } refused ? throw new CollaborationTenantException(refused, isTransient: false) : inner.EnableBotAsync(channel, ct);
    }

    public Task<MemberChange> AddMemberAsync(CaseChannel channel, DirectoryPerson person, CancellationToken ct)
    {
        outage.MemberAttempted();
        lock (outage.MembersDownFor)
            if (outage.MembersDownFor.Contains(person.OrganisationId)) throw new HttpRequestException("503 Service Unavailable");
        if (outage.MembersThrottledFor.TryGetValue(person.OrganisationId, out var wait))
            return Task.FromResult(new MemberChange(MemberChangeStatus.Pending, channel.Mode, "Microsoft 365 beder os vente.", wait));
        if (outage.MembersRefusedFor.TryGetValue(person.OrganisationId, out var reason))
            return Task.FromResult(new MemberChange(MemberChangeStatus.Refused, channel.Mode, reason));
        return inner.AddMemberAsync(channel, person, ct);
    }

    public Task<MemberChange> RemoveMemberAsync(CaseChannel channel, DirectoryPerson person, CancellationToken ct) => inner.RemoveMemberAsync(channel, person, ct);
}
