using System.Text.RegularExpressions;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace TeamsCoordinator.Tenants.Graph;

/// <summary>
/// Creates a forløb's channel in the coordinating organisation's team, in the mode the team can run in:
/// a shared channel (202 Accepted, then the teamsAsyncOperation is polled), a private channel for guests, or a
/// group chat; then enables the bot there. Safe to call again after a failure: an existing channel of the same
/// name (the name carries the case number) is taken up instead of created twice.
/// </summary>
internal sealed partial class GraphCaseChannels(GraphClients clients, GraphOrganisations organisations, GraphTenantsOptions options,
    TimeProvider time, ILogger log)
{
    /// <summary>Teams' limit for a channel's displayName.</summary>
    public const int MaxNameLength = 50;
    private static readonly string[] ChannelFields = ["id", "displayName", "webUrl", "membershipType"];
    private static readonly Dictionary<string, ParsableFactory<IParsable>> ErrorMapping = new() { ["XXX"] = ODataError.CreateFromDiscriminatorValue };

    public async Task<CaseChannel> CreateAsync(CaseChannelRequest request, CancellationToken ct)
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
            var channel = await CreateChannelAsync(graph, host.HostTeamId, request, type, ct);
            await EnableAppInChannelAsync(graph, host.HostTeamId, channel.Id!, type, ct);
            if (type == ChannelMembershipType.Shared) await ShareWithTeamsAsync(graph, host, channel.Id!, request.OrganisationIds, ct);
            return new CaseChannel(host.HostTeamId, channel.Id!, channel.Id!, mode, channel.WebUrl);
        }
        catch (Exception e) when (GraphProblem.From(e, ct) is { } problem)
        {
            log.LogWarning("Graph refused creating a {Mode} for team {TeamId}: {Problem}", mode, host.HostTeamId, problem);
            throw new CollaborationTenantException(
                problem.IsTransient ? GraphReasons.Busy
                : problem.Is(403) ? GraphReasons.AppNotPermitted(host, "oprette forløbskanaler")
                : GraphReasons.ChannelCreationFailed(request.DisplayName, problem.Code),
                problem.IsTransient, problem.RetryAfter, e);
        }
    }

    private async Task<Channel> CreateChannelAsync(GraphServiceClient graph, string teamId, CaseChannelRequest request, ChannelMembershipType type, CancellationToken ct)
    {
        if (await FindByNameAsync(graph, teamId, request.DisplayName, ct) is { } existing)
        {
            if (existing.MembershipType != type) throw new CollaborationTenantException(GraphReasons.ChannelExistsWithOtherType(request.DisplayName), false);
            log.LogInformation("Channel {ChannelId} in team {TeamId} already exists; taking it up", existing.Id, teamId);
            return existing;
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
        return created?.Id is not null ? created : await AwaitCreationAsync(graph, teamId, request.DisplayName, headers, ct);
    }

    private async Task<Channel> AwaitCreationAsync(GraphServiceClient graph, string teamId, string name, HeadersInspectionHandlerOption headers, CancellationToken ct)
    {
        // channel-post documents Content-Location; the teamsAsyncOperation page says Location: accept either.
        var location = Header(headers, "Content-Location") ?? Header(headers, "Location");
        var operationId = location is null ? null : OperationId().Match(location) is { Success: true } m ? m.Groups[1].Value : null;
        if (operationId is null)
        {
            log.LogWarning("Channel creation in team {TeamId} accepted without an operation to follow", teamId);
            throw new CollaborationTenantException(GraphReasons.ChannelStillBeingCreated(name), true);
        }

        var deadline = time.GetUtcNow() + options.OperationTimeout;
        await Task.Delay(options.OperationFirstPoll, time, ct);
        while (true)
        {
            var operation = await graph.Teams[teamId].Operations[operationId].GetAsync(cancellationToken: ct);
            switch (operation?.Status)
            {
                case TeamsAsyncOperationStatus.Succeeded:
                    return await CreatedChannelAsync(graph, teamId, name, operation.TargetResourceId, ct);
                case TeamsAsyncOperationStatus.Failed:
                    log.LogWarning("Channel creation operation {OperationId} in team {TeamId} failed: {Code}", operationId, teamId, operation.Error?.Code);
                    throw new CollaborationTenantException(GraphReasons.ChannelCreationFailed(name, operation.Error?.Message ?? operation.Error?.Code), false);
            }
            if (time.GetUtcNow() + options.OperationPollInterval > deadline)
                throw new CollaborationTenantException(GraphReasons.ChannelStillBeingCreated(name), true, options.OperationPollInterval);
            await Task.Delay(options.OperationPollInterval, time, ct);
        }
    }

    /// <summary>The operation names the channel (targetResourceId); read it for its web link. Should it not, find it by name.</summary>
    private async Task<Channel> CreatedChannelAsync(GraphServiceClient graph, string teamId, string name, string? targetResourceId, CancellationToken ct)
    {
        var channel = targetResourceId is not null && targetResourceId.StartsWith("19:", StringComparison.Ordinal)
            ? await graph.Teams[teamId].Channels[targetResourceId].GetAsync(rc => rc.QueryParameters.Select = ChannelFields, ct)
            : await FindByNameAsync(graph, teamId, name, ct);
        return channel?.Id is not null ? channel : throw new CollaborationTenantException(GraphReasons.ChannelStillBeingCreated(name), true);
    }

    private static async Task<Channel?> FindByNameAsync(GraphServiceClient graph, string teamId, string name, CancellationToken ct)
    {
        var found = await graph.Teams[teamId].Channels.GetAsync(rc =>
        {
            rc.QueryParameters.Filter = $"displayName eq '{name.Replace("'", "''", StringComparison.Ordinal)}'";
            rc.QueryParameters.Select = ChannelFields;
        }, ct);
        return found?.Value?.FirstOrDefault(c => string.Equals(c.DisplayName, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// POST .../enabledApps/$ref. Microsoft.Graph has the collection but no $ref builder, so the request is built by
    /// hand. v1.0 allows it for shared channels only; beta also for private ones.
    /// </summary>
    private async Task EnableAppInChannelAsync(GraphServiceClient graph, string teamId, string channelId, ChannelMembershipType type, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(options.TeamsAppId))
        {
            log.LogWarning("Tenants:Graph:TeamsAppId is not set: the bot is not enabled in channel {ChannelId}", channelId);
            return;
        }
        var root = type == ChannelMembershipType.Shared ? clients.BaseUrl : BetaRoot(clients.BaseUrl);
        var request = new RequestInformation
        {
            HttpMethod = Method.POST,
            URI = new Uri($"{root}/teams/{Uri.EscapeDataString(teamId)}/channels/{Uri.EscapeDataString(channelId)}/enabledApps/$ref"),
        };
        request.SetContentFromParsable(graph.RequestAdapter, "application/json",
            new ReferenceCreate { OdataId = GraphBodies.TeamsAppBind(root, options.TeamsAppId) });
        try
        {
            await graph.RequestAdapter.SendNoContentAsync(request, ErrorMapping, ct);
        }
        catch (Exception e) when (GraphProblem.From(e, ct) is { } problem && problem.Is(409))
        {
            // Already enabled (a retry after a partial success).
        }
    }

    /// <summary>
    /// Lists the shared channel in a team of another organisation, where that organisation asked for it. Not
    /// essential: every member is added individually, so a refusal is logged, not raised.
    /// </summary>
    private async Task ShareWithTeamsAsync(GraphServiceClient graph, OrganisationOptions host, string channelId, IEnumerable<string> organisationIds, CancellationToken ct)
    {
        var targets = organisationIds.Append(host.Id).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(organisations.Find).OfType<OrganisationOptions>()
            .Where(o => o.ShareWithTeamId is not null && o.EffectiveMode == ChannelMode.SharedChannel && o.ShareWithTeamId != host.HostTeamId);
        foreach (var org in targets)
        {
            try
            {
                await graph.Teams[host.HostTeamId].Channels[channelId].SharedWithTeams.PostAsync(new SharedWithChannelTeamInfo
                {
                    Id = org.ShareWithTeamId,
                    TenantId = org.TenantId,
                    IsHostTeam = false,
                }, cancellationToken: ct);
            }
            catch (Exception e) when (GraphProblem.From(e, ct) is { } problem)
            {
                log.LogWarning("Sharing channel {ChannelId} with team {TeamId} of {OrganisationId} failed: {Problem}", channelId, org.ShareWithTeamId, org.Id, problem);
            }
        }
    }

    /// <summary>The last resort: a group chat of the coordinating organisation, with the owner as first member and the bot installed.</summary>
    private async Task<CaseChannel> CreateChatAsync(GraphServiceClient graph, OrganisationOptions host, CaseChannelRequest request, CancellationToken ct)
    {
        var chat = await graph.Chats.PostAsync(new Chat
        {
            ChatType = ChatType.Group,
            Topic = request.DisplayName,
            Members = [GraphBodies.Member(clients.BaseUrl, request.Owner.UserId, ["owner"])],
        }, cancellationToken: ct);
        if (chat?.Id is null) throw new CollaborationTenantException(GraphReasons.ChannelCreationFailed(request.DisplayName, null), true);
        if (!string.IsNullOrWhiteSpace(options.TeamsAppId))
        {
            await graph.Chats[chat.Id].InstalledApps.PostAsync(new TeamsAppInstallation
            {
                AdditionalData = new Dictionary<string, object> { ["teamsApp@odata.bind"] = GraphBodies.TeamsAppBind(clients.BaseUrl, options.TeamsAppId) },
            }, cancellationToken: ct);
        }
        // A chat has no team: TeamId stays the host's forløb team, so later membership changes find the tenant.
        return new CaseChannel(host.HostTeamId!, chat.Id, chat.Id, ChannelMode.GroupChat, chat.WebUrl);
    }

    private static string? Header(HeadersInspectionHandlerOption headers, string name) =>
        headers.ResponseHeaders.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    internal static string BetaRoot(string baseUrl) => Regex.Replace(baseUrl, "/v1\\.0$", "/beta");

    /// <summary>"/teams/{id}/operations/{opId}" or "/teams('{id}')/operations('{opId}')".</summary>
    [GeneratedRegex(@"operations(?:/|\(')([^/'()?]+)")]
    private static partial Regex OperationId();
}
