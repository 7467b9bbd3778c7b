using System.Text.RegularExpressions;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace TeamsCoordinator.Tenants.Graph;

/// <summary>
/// Creates a forløb's channel in the coordinating organisation's team, in the mode the team can run in: a shared
/// channel (202 Accepted: Teams creates it in the background, and the caller looks at the teamsAsyncOperation again
/// later), a private channel for guests, or a group chat with every participant. Never waits for Teams, so it can run
/// inside a card's invoke. Safe to call again after a failure: an existing channel or chat of the same name (the name
/// carries the case number) is taken up instead of created twice. Letting the bot in is a step of its own
/// (<see cref="EnableBotAsync"/>), so that a refusal there leaves the channel recorded.
/// </summary>
internal sealed partial class GraphCaseChannels(GraphClients clients, GraphOrganisations organisations, GraphTenantsOptions options, ILogger log)
{
    /// <summary>Teams' limit for a channel's displayName.</summary>
    public const int MaxNameLength = 50;
    private static readonly string[] ChannelFields = ["id", "displayName", "webUrl", "membershipType"];
    private static readonly Dictionary<string, ParsableFactory<IParsable>> ErrorMapping = new() { ["XXX"] = ODataError.CreateFromDiscriminatorValue };

    public async Task<ChannelCreation> CreateAsync(CaseChannelRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.DisplayName) || request.DisplayName.Length > MaxNameLength)
            throw new ArgumentException($"A channel name must have 1 to {MaxNameLength} characters: '{request.DisplayName}' has {request.DisplayName.Length}.", nameof(request));
        var host = organisations.Find(request.CoordinatingOrganisationId)
            ?? throw new CollaborationTenantException(GraphReasons.UnknownOrganisation(request.CoordinatingOrganisationId), false);
        if (host.EffectiveMode == ChannelMode.EmailOnly || host.HostTeamId is null)
            throw new CollaborationTenantException(GraphReasons.NoHostTeam(host), false);
        if (GraphBodies.ForeignTenant(request.Owner, host.TenantId!) is not null || request.Owner.TenantId is null)
            throw new CollaborationTenantException(GraphReasons.OwnerOutsideHost(request.Owner, host), false);

        var mode = organisations.TeamMode(request.OrganisationIds.Append(host.Id));
        var graph = clients.For(host.TenantId!);
        try
        {
            if (mode == ChannelMode.GroupChat) return await CreateChatAsync(graph, host, request, ct);
            var type = mode == ChannelMode.SharedChannel ? ChannelMembershipType.Shared : ChannelMembershipType.Private;
            return request.Operation is { } operation
                ? await FollowAsync(graph, host.HostTeamId, request, type, operation, ct)
                : await CreateChannelAsync(graph, host.HostTeamId, request, type, ct);
        }
        catch (Exception e) when (GraphProblem.From(e, ct) is { } problem)
        {
            log.LogWarning("Graph refused creating a {Mode} for team {TeamId}: {Problem}", mode, host.HostTeamId, problem);
            throw new CollaborationTenantException(
                problem.IsTransient ? GraphReasons.Busy
                : problem.Is(403) || problem.Is(401) ? GraphReasons.AppNotPermitted(host, "oprette forløbskanaler",
                    mode == ChannelMode.GroupChat ? "Chat.Create og Chat.ReadBasic.All" : "Channel.Create og Channel.ReadBasic.All")
                : GraphReasons.ChannelCreationFailed(request.DisplayName, problem.Code),
                problem.IsTransient, problem.RetryAfter, e);
        }
    }

    private async Task<ChannelCreation> CreateChannelAsync(GraphServiceClient graph, string teamId, CaseChannelRequest request, ChannelMembershipType type, CancellationToken ct)
    {
        if (await FindByNameAsync(graph, teamId, request.DisplayName, ct) is { } existing)
        {
            if (existing.MembershipType != type) throw new CollaborationTenantException(GraphReasons.ChannelExistsWithOtherType(request.DisplayName), false);
            log.LogInformation("Channel {ChannelId} in team {TeamId} already exists; taking it up", existing.Id, teamId);
            return Created(teamId, existing, request);
        }

        // App-only, there is no signed-in user to become owner: the owner is named as the only member (Graph accepts one).
        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var created = await graph.Teams[teamId].Channels.PostAsync(new Channel
        {
            DisplayName = request.DisplayName,
            Description = request.Description,
            MembershipType = type,
            Members = [GraphBodies.Member(clients.BaseUrl, request.Owner.UserId, ["owner"])],
        }, rc => rc.Options.Add(headers), ct);
        // Standard and private channels come back at once (201); shared channels are created asynchronously (202).
        if (created?.Id is not null) return Created(teamId, created, request);

        // channel-post documents Content-Location; the teamsAsyncOperation page says Location: accept either.
        var location = Header(headers, "Content-Location") ?? Header(headers, "Location");
        if (location is null || OperationId().Match(location) is not { Success: true } m)
        {
            log.LogWarning("Channel creation in team {TeamId} accepted without an operation to follow", teamId);
            throw new CollaborationTenantException(GraphReasons.ChannelStillBeingCreated(request.DisplayName), true, options.OperationFirstPoll);
        }
        return ChannelCreation.Running(m.Groups[1].Value, options.OperationFirstPoll);
    }

    /// <summary>One look at the operation Teams is running; Microsoft asks for more than 30 seconds between looks.</summary>
    private async Task<ChannelCreation> FollowAsync(GraphServiceClient graph, string teamId, CaseChannelRequest request, ChannelMembershipType type, string operationId, CancellationToken ct)
    {
        TeamsAsyncOperation? operation;
        try
        {
            operation = await graph.Teams[teamId].Operations[operationId].GetAsync(cancellationToken: ct);
        }
        catch (Exception e) when (GraphProblem.From(e, ct) is { } problem && problem.Is(404))
        {
            // The operation is gone (kept only for a while): the channel is found by name, or created again.
            return await CreateChannelAsync(graph, teamId, request, type, ct);
        }
        switch (operation?.Status)
        {
            case TeamsAsyncOperationStatus.Succeeded:
                var channel = operation.TargetResourceId is { } id && id.StartsWith("19:", StringComparison.Ordinal)
                    ? await graph.Teams[teamId].Channels[id].GetAsync(rc => rc.QueryParameters.Select = ChannelFields, ct)
                    : await FindByNameAsync(graph, teamId, request.DisplayName, ct);
                return channel?.Id is not null ? Created(teamId, channel, request) : ChannelCreation.Running(operationId, options.OperationPollInterval);
            case TeamsAsyncOperationStatus.Failed:
                log.LogWarning("Channel creation operation {OperationId} in team {TeamId} failed: {Code}", operationId, teamId, operation.Error?.Code);
                throw new CollaborationTenantException(GraphReasons.ChannelCreationFailed(request.DisplayName, operation.Error?.Message ?? operation.Error?.Code), false);
            default:
                return ChannelCreation.Running(operationId, options.OperationPollInterval);
        }
    }

    private ChannelCreation Created(string teamId, Channel channel, CaseChannelRequest request) =>
        ChannelCreation.Created(new CaseChannel(teamId, channel.Id!, channel.Id!,
            channel.MembershipType == ChannelMembershipType.Shared ? ChannelMode.SharedChannel : ChannelMode.GuestChannel, channel.WebUrl), [request.Owner.UserId]);

    private static async Task<Channel?> FindByNameAsync(GraphServiceClient graph, string teamId, string name, CancellationToken ct)
    {
        var found = await graph.Teams[teamId].Channels.GetAsync(rc =>
        {
            rc.QueryParameters.Filter = $"displayName eq {GraphBodies.Literal(name)}";
            rc.QueryParameters.Select = ChannelFields;
        }, ct);
        return found?.Value?.FirstOrDefault(c => string.Equals(c.DisplayName, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The last resort: a group chat of the coordinating organisation. Teams wants every participant named at creation
    /// (chat-post), and adding people to a small Graph-created group chat afterwards has been refused
    /// (RosterAddMemberBlocked): so everyone in the team with a Teams account is in the creating request. A chat of the
    /// same topic the owner is already in (an earlier attempt whose answer was lost) is taken up instead.
    /// </summary>
    private async Task<ChannelCreation> CreateChatAsync(GraphServiceClient graph, OrganisationOptions host, CaseChannelRequest request, CancellationToken ct)
    {
        var people = (request.Members ?? []).Prepend(request.Owner)
            .Where(p => p.TenantId is not null && organisations.Find(p.OrganisationId)?.EffectiveMode is not (null or ChannelMode.EmailOnly))
            .DistinctBy(p => p.UserId).ToList();
        var existing = await graph.Users[request.Owner.UserId].Chats.GetAsync(rc =>
        {
            rc.QueryParameters.Filter = $"topic eq {GraphBodies.Literal(request.DisplayName)}";
            rc.QueryParameters.Expand = ["members"];
        }, ct);
        if (existing?.Value?.FirstOrDefault(c => c.ChatType == ChatType.Group && c.Topic == request.DisplayName) is { Id: not null } found)
        {
            log.LogInformation("Chat {ChatId} already exists; taking it up", found.Id);
            var inChat = (found.Members ?? []).OfType<AadUserConversationMember>().Select(m => m.UserId).ToHashSet(StringComparer.OrdinalIgnoreCase);
            return ChannelCreation.Created(ChatChannel(host, found), people.Select(p => p.UserId).Where(inChat.Contains).Append(request.Owner.UserId).Distinct());
        }
        var chat = await graph.Chats.PostAsync(new Chat
        {
            ChatType = ChatType.Group,
            Topic = request.DisplayName,
            Members = people.Select(p => (ConversationMember)GraphBodies.Member(clients.BaseUrl, p.UserId, ["owner"], GraphBodies.ForeignTenant(p, host.TenantId!))).ToList(),
        }, cancellationToken: ct);
        if (chat?.Id is null) throw new CollaborationTenantException(GraphReasons.ChannelCreationFailed(request.DisplayName, null), true);
        return ChannelCreation.Created(ChatChannel(host, chat), people.Select(p => p.UserId));
    }

    // A chat has no team: TeamId stays the host's forløb team, so later membership changes find the tenant.
    private static CaseChannel ChatChannel(OrganisationOptions host, Chat chat) => new(host.HostTeamId!, chat.Id!, chat.Id!, ChannelMode.GroupChat, chat.WebUrl);

    /// <summary>
    /// Lets the bot into the channel or chat: enabledApps/$ref for a shared channel (v1.0 allows it for shared
    /// channels only), the app installed in a chat, and for a private channel only when beta is allowed
    /// (Tenants:Graph:PrivateChannelAppsViaBeta); otherwise false: a channel owner adds the app in Teams.
    /// </summary>
    public async Task<bool> EnableBotAsync(CaseChannel channel, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(options.TeamsAppId))
        {
            log.LogWarning("Tenants:Graph:TeamsAppId is not set: the bot is not enabled in {ChannelId}", channel.ChannelId);
            return false;
        }
        if (organisations.HostOf(channel.TeamId) is not { TenantId: { } tenant } host)
            throw new CollaborationTenantException(GraphReasons.NotHostedHere(channel.TeamId), false);
        if (channel.Mode == ChannelMode.GuestChannel && !options.PrivateChannelAppsViaBeta) return false;
        var graph = clients.For(tenant);
        try
        {
            if (channel.Mode == ChannelMode.GroupChat)
            {
                await graph.Chats[channel.ChannelId].InstalledApps.PostAsync(new TeamsAppInstallation
                {
                    AdditionalData = new Dictionary<string, object> { ["teamsApp@odata.bind"] = GraphBodies.TeamsAppBind(clients.BaseUrl, options.TeamsAppId) },
                }, cancellationToken: ct);
            }
            else
            {
                // Microsoft.Graph has the collection but no $ref builder, so the request is built by hand.
                var root = channel.Mode == ChannelMode.SharedChannel ? clients.BaseUrl : BetaRoot(clients.BaseUrl);
                var request = new RequestInformation
                {
                    HttpMethod = Method.POST,
                    URI = new Uri($"{root}/teams/{Uri.EscapeDataString(channel.TeamId)}/channels/{Uri.EscapeDataString(channel.ChannelId)}/enabledApps/$ref"),
                };
                request.SetContentFromParsable(graph.RequestAdapter, "application/json", new ReferenceCreate { OdataId = GraphBodies.TeamsAppBind(root, options.TeamsAppId) });
                await graph.RequestAdapter.SendNoContentAsync(request, ErrorMapping, ct);
            }
            return true;
        }
        catch (Exception e) when (GraphProblem.From(e, ct) is { } problem && problem.Is(409))
        {
            return true; // already in (a retry after a lost answer)
        }
        catch (Exception e) when (GraphProblem.From(e, ct) is { } problem)
        {
            log.LogWarning("Graph refused enabling the bot in {ChannelId} of team {TeamId}: {Problem}", channel.ChannelId, channel.TeamId, problem);
            throw new CollaborationTenantException(
                problem.IsTransient ? GraphReasons.Busy
                : problem.Is(403) || problem.Is(401) ? GraphReasons.AppNotPermitted(host, "lukke Koordinator ind i forløbskanalen",
                    channel.Mode == ChannelMode.GroupChat ? "TeamsAppInstallation.ReadWriteSelfForChat.All" : "TeamsAppInstallation.ManageSelectedForTeam.All")
                : GraphReasons.Rejected(problem),
                problem.IsTransient, problem.RetryAfter ?? (problem.IsTransient ? GraphProblem.DefaultRetryAfter : null), e);
        }
    }

    private static string? Header(HeadersInspectionHandlerOption headers, string name) =>
        headers.ResponseHeaders.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    internal static string BetaRoot(string baseUrl) => Regex.Replace(baseUrl, "/v1\\.0$", "/beta");

    /// <summary>"/teams/{id}/operations/{opId}" or "/teams('{id}')/operations('{opId}')".</summary>
    [GeneratedRegex(@"operations(?:/|\(')([^/'()?]+)")]
    private static partial Regex OperationId();
}
