using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Digest;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Handovers;
using TeamsCoordinator.Tests.Infrastructure;
using static TeamsCoordinator.Tests.Digest.DigestTestKit;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Digest;

/// <summary>
/// A coordinator Teams will not open a 1:1 chat with (403: the app is not installed for them): the app is installed
/// for them in their tenant and the same card goes to the chat that made; when it cannot be installed the forløb's
/// channel is told, once, without content; a throttled tenant is asked again only after its Retry-After.
/// </summary>
public sealed class DigestReachTests
{
    private const string InstalledChat = "a:installed-chat-sofie";

    private static bool CreatesChatWithSofie(ConnectorRequest r) =>
        r.Method == HttpMethod.Post && r.Path.EndsWith("/v3/conversations") && r.Body?.Contains("\"29:sofie\"") == true;

    private static async Task<HandoverScenario> StartAsync(IPersonalApp? app = null)
    {
        var s = await HandoverScenario.StartAsync(start: ThursdayMorning.AddMinutes(1), extraServices: app is null ? null : services =>
        {
            services.RemoveAll<IPersonalApp>();
            services.AddSingleton(app);
        });
        await s.OfferAsync(Sofie, "Aalborg Kommune");
        await s.Bot.WaitForOutboxDrainedAsync();
        s.Bot.Connector.ThenAnswerFor(CreatesChatWithSofie, HttpStatusCode.Forbidden, errorCode: "BotNotInConversationRoster");
        Assert.Equal(1, await RunMorningAsync(s.Bot));
        await s.Bot.WaitForOutboxDrainedAsync();
        var refused = await s.Bot.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.IdempotencyKey.StartsWith("digest:")));
        Assert.StartsWith("403", refused.LastError);
        Assert.Empty(DigestsSent(s.Bot));
        return s;
    }

    private static Task<DigestClaim> ClaimAsync(HandoverScenario s) =>
        s.Bot.WithDbAsync(db => db.Set<DigestClaim>().AsNoTracking().OrderBy(c => c.Id).LastAsync(c => c.UserId == Sofie.AadObjectId));

    private static List<ConnectorRequest> ChannelNotices(HandoverScenario s) =>
        [.. s.Bot.Connector.Requests.Where(r => r.Body?.Contains("dagligt overblik til dig") == true)];

    [Fact]
    public async Task TheAppIsInstalledForThePersonAndTheSameCardGoesToTheChatThatMadeOnce()
    {
        var app = new ScriptedApp(PersonalAppInstall.Installed(InstalledChat));
        await using var s = await StartAsync(app);

        await RunMorningAsync(s.Bot); // the next pass, a minute later
        await s.Bot.WaitForOutboxDrainedAsync();
        await RunMorningAsync(s.Bot);
        await s.Bot.WaitForOutboxDrainedAsync();

        Assert.Equal([(TeamsActivities.TenantId, Sofie.AadObjectId)], app.Calls);
        var card = Assert.Single(DigestsSent(s.Bot));
        Assert.EndsWith($"/v3/conversations/{Uri.EscapeDataString(InstalledChat)}/activities", card.Path);
        Assert.Contains("Forløb AB · F-2026-0042", Text(card.Card));
        Assert.Equal(DigestRoute.AppInstalled, (await ClaimAsync(s)).Route);
        Assert.Empty(ChannelNotices(s));
    }

    [Fact]
    public async Task EmbeddedModeRecordsTheInstallationAndTheConnectorCreatesTheChat()
    {
        await using var s = await StartAsync();
        var creates = s.Bot.Connector.Requests.Count(CreatesChatWithSofie);

        await RunMorningAsync(s.Bot);
        await s.Bot.WaitForOutboxDrainedAsync();

        var embedded = Assert.IsType<EmbeddedPersonalApp>(s.Bot.Services.GetRequiredService<IPersonalApp>());
        Assert.Contains((TeamsActivities.TenantId, Sofie.AadObjectId), embedded.Installations);
        Assert.Equal(creates + 1, s.Bot.Connector.Requests.Count(CreatesChatWithSofie));
        Assert.Single(DigestsSent(s.Bot));
        Assert.Equal(DigestRoute.AppInstalled, (await ClaimAsync(s)).Route);
    }

    [Fact]
    public async Task WhenTheAppCannotBeInstalledTheForloebsChannelIsToldOnceWithoutContent()
    {
        var app = new ScriptedApp(PersonalAppInstall.Refused("Koordinator har ikke lov til at installere sig selv for personen."));
        await using var s = await StartAsync(app);

        await RunMorningAsync(s.Bot);
        await s.Bot.WaitForOutboxDrainedAsync();
        await RunMorningAsync(s.Bot);
        await s.Bot.WaitForOutboxDrainedAsync();

        var notice = Assert.Single(ChannelNotices(s));
        Assert.Contains(ChannelId, notice.Body);
        Assert.Contains("Sofie Lund", notice.Text);
        Assert.DoesNotContain("AB", notice.Text);
        Assert.DoesNotContain("Aalborg", notice.Text);
        Assert.Empty(DigestsSent(s.Bot));
        Assert.Equal(DigestRoute.ChannelNotice, (await ClaimAsync(s)).Route);

        // Friday: Teams refuses again, the app still cannot be installed, and the channel was told already.
        s.Time.Advance(TimeSpan.FromDays(1));
        s.Bot.Connector.ThenAnswerFor(CreatesChatWithSofie, HttpStatusCode.Forbidden, errorCode: "BotNotInConversationRoster");
        Assert.Equal(1, await RunMorningAsync(s.Bot));
        await s.Bot.WaitForOutboxDrainedAsync();
        await RunMorningAsync(s.Bot);
        await s.Bot.WaitForOutboxDrainedAsync();
        Assert.Single(ChannelNotices(s));
        Assert.Equal(DigestRoute.Unreachable, (await ClaimAsync(s)).Route);
    }

    [Fact]
    public async Task AThrottledTenantIsAskedAgainOnlyAfterItsRetryAfter()
    {
        var app = new ScriptedApp(PersonalAppInstall.Pending(TimeSpan.FromMinutes(2), "travlt"), PersonalAppInstall.Installed(InstalledChat));
        await using var s = await StartAsync(app);

        await RunMorningAsync(s.Bot);
        s.Time.Advance(TimeSpan.FromMinutes(1));
        await RunMorningAsync(s.Bot);
        Assert.Single(app.Calls); // still within the two minutes
        Assert.Equal(DigestRoute.NewChat, (await ClaimAsync(s)).Route);

        s.Time.Advance(TimeSpan.FromMinutes(1.5));
        await RunMorningAsync(s.Bot);
        await s.Bot.WaitForOutboxDrainedAsync();
        Assert.Equal(2, app.Calls.Count);
        Assert.Single(DigestsSent(s.Bot));
    }

    [Fact]
    public async Task ACardRefusedInTheInstalledChatTooEndsWithTheChannelNotice()
    {
        var app = new ScriptedApp(PersonalAppInstall.Installed(InstalledChat));
        await using var s = await StartAsync(app);
        s.Bot.Connector.ThenAnswerFor(r => r.Path.Contains(Uri.EscapeDataString(InstalledChat)), HttpStatusCode.Forbidden, errorCode: "MessageWritesBlocked");

        await RunMorningAsync(s.Bot);
        await s.Bot.WaitForOutboxDrainedAsync();
        await RunMorningAsync(s.Bot);
        await s.Bot.WaitForOutboxDrainedAsync();

        Assert.Single(ChannelNotices(s));
        Assert.Single(DigestsSent(s.Bot)); // the one attempt in the installed chat, refused
        var installed = await s.Bot.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.IdempotencyKey.EndsWith(":installed")));
        Assert.StartsWith("403", installed.LastError);
        Assert.Equal(DigestRoute.ChannelNotice, (await ClaimAsync(s)).Route);
        Assert.Single(app.Calls);
    }

    [Fact]
    public async Task ACardTheStoredPersonalChatRefusesGetsTheAppInstalledOnceMoreThenTheChannelIsToldOnce()
    {
        // Sofie talked to the bot before (her personal chat is stored) and has blocked or uninstalled it since:
        // Teams refuses the card there, and again in the chat the installation opens.
        var app = new ScriptedApp(PersonalAppInstall.Installed(null));
        await using var s = await HandoverScenario.StartAsync(start: ThursdayMorning.AddMinutes(1), extraServices: services =>
        {
            services.RemoveAll<IPersonalApp>();
            services.AddSingleton<IPersonalApp>(app);
        });
        await s.OfferAsync(Sofie, "Aalborg Kommune");
        await DigestRunTests.SayPersonallyAsync(s, Sofie, "hjælp");
        await s.Bot.WaitForOutboxDrainedAsync();
        s.Bot.Connector.AlwaysAnswer(r => r.Body?.Contains("Dit overblik") == true, HttpStatusCode.Forbidden, errorCode: "MessageWritesBlocked");

        Assert.Equal(1, await RunMorningAsync(s.Bot));
        await s.Bot.WaitForOutboxDrainedAsync();
        var refused = await s.Bot.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.IdempotencyKey.StartsWith("digest:")));
        Assert.Equal(DigestRunTests.PersonalChatOf(Sofie), refused.ConversationId);
        Assert.StartsWith("403", refused.LastError);
        var creates = s.Bot.Connector.Requests.Count(CreatesChatWithSofie);
        for (var pass = 0; pass < 3; pass++)
        {
            await RunMorningAsync(s.Bot);
            await s.Bot.WaitForOutboxDrainedAsync();
        }

        Assert.Equal([(TeamsActivities.TenantId, Sofie.AadObjectId)], app.Calls); // installed once more, once
        Assert.Equal(creates + 1, s.Bot.Connector.Requests.Count(CreatesChatWithSofie)); // the new chat, with her Teams id
        var notice = Assert.Single(ChannelNotices(s));
        Assert.Contains(ChannelId, notice.Body);
        Assert.DoesNotContain("AB", notice.Text);
        Assert.Equal(DigestRoute.ChannelNotice, (await ClaimAsync(s)).Route);
    }

    private sealed class ScriptedApp(params PersonalAppInstall[] answers) : IPersonalApp
    {
        private int _next;
        public ConcurrentQueue<(string Tenant, string User)> Calls { get; } = new();

        public Task<PersonalAppInstall> InstallAsync(string tenantId, string userId, CancellationToken ct)
        {
            Calls.Enqueue((tenantId, userId));
            return Task.FromResult(answers[Math.Min(Interlocked.Increment(ref _next) - 1, answers.Length - 1)]);
        }
    }
}
