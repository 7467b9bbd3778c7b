using System.Text.Json;
using TeamsCoordinator.BotFramework;

namespace TeamsCoordinator.Tests.Infrastructure;

/// <summary>Activities shaped as Teams sends them (PROTOCOL.md §4), addressed to the test bot.</summary>
public static class TeamsActivities
{
    /// <summary>A real Teams region URL: trusted by the bot, intercepted by <see cref="FakeConnector"/>.</summary>
    public const string ServiceUrl = "https://smba.trafficmanager.net/emea/";
    public const string TenantId = "7a1f3c55-2b1e-4d8e-9a61-0c2f5e6d7b80";
    public const string BotId = "28:" + BotApplicationFactory.AppId;
    public const string BotName = "Koordinator";
    public const string PersonalConversationId = "a:1personal-chat-with-mette";
    public const string TeamId = "19:team-general@thread.tacv2";
    public const string ChannelId = "19:forloeb-channel@thread.tacv2";

    public static readonly ChannelAccount Bot = new() { Id = BotId, Name = BotName };
    public static readonly ChannelAccount Mette = new() { Id = "29:1mette", Name = "Mette Sygeplejerske", AadObjectId = "0b3e1c1e-0000-4000-8000-00000000a001" };
    public static readonly ChannelAccount Jonas = new() { Id = "29:1jonas", Name = "Jonas Socialrådgiver", AadObjectId = "0b3e1c1e-0000-4000-8000-00000000a002" };

    // Thirteen digits, as Teams' message ids have (ten would read as CPR numbers in the privacy scans).
    private static long _ids = 1_795_415_700_000;
    /// <summary>A fresh Teams-style numeric activity id.</summary>
    public static string NewId() => Interlocked.Increment(ref _ids).ToString();

    /// <summary>A message in the bot's personal chat with <paramref name="from"/>: no mention needed.</summary>
    public static Activity PersonalMessage(string text, ChannelAccount? from = null, string? conversationId = null, string? id = null) => new()
    {
        Type = ActivityTypes.Message,
        Id = id ?? NewId(),
        Timestamp = DateTimeOffset.UtcNow,
        ChannelId = "msteams",
        ServiceUrl = ServiceUrl,
        From = from ?? Mette,
        Recipient = Bot,
        Conversation = new ConversationAccount { Id = conversationId ?? PersonalConversationId, ConversationType = "personal", TenantId = TenantId },
        Text = text,
        TextFormat = "plain",
        Locale = "da-DK",
        ChannelData = new TeamsChannelData { Tenant = new TenantInfo(TenantId) },
    };

    /// <summary>A new post in a team channel that starts with <c>&lt;at&gt;Koordinator&lt;/at&gt;</c>, as Teams writes it.</summary>
    public static Activity ChannelMessageMentioningBot(string textAfterMention, ChannelAccount? from = null, string? channelId = null, string? id = null)
    {
        id ??= NewId();
        var channel = channelId ?? ChannelId;
        var tag = $"<at>{BotName}</at>";
        return new Activity
        {
            Type = ActivityTypes.Message,
            Id = id,
            Timestamp = DateTimeOffset.UtcNow,
            ChannelId = "msteams",
            ServiceUrl = ServiceUrl,
            From = from ?? Mette,
            Recipient = Bot,
            Conversation = new ConversationAccount { Id = $"{channel};messageid={id}", ConversationType = "channel", IsGroup = true, TenantId = TenantId },
            Text = $"{tag} {textAfterMention}",
            TextFormat = "plain",
            Entities = [new Entity { Type = "mention", Text = tag, Mentioned = Bot }],
            ChannelData = new TeamsChannelData
            {
                Tenant = new TenantInfo(TenantId),
                Team = new TeamInfo { Id = TeamId, Name = "Psykiatri Nord" },
                Channel = new ChannelInfo { Id = channel, Name = "Forløb AB-1234" },
            },
        };
    }

    /// <summary>An Action.Execute click (<c>invoke adaptiveCard/action</c>) on a card the bot sent in the personal chat.</summary>
    public static Activity CardAction(string verb, object? data = null, ChannelAccount? from = null, string actionType = "Action.Execute",
        string? cardActivityId = null)
    {
        var value = new Dictionary<string, object?>
        {
            ["action"] = new Dictionary<string, object?> { ["type"] = actionType, ["verb"] = verb, ["data"] = data ?? new { } },
            ["trigger"] = "manual",
        };
        return new Activity
        {
            Type = ActivityTypes.Invoke,
            Name = "adaptiveCard/action",
            Id = NewId(),
            Timestamp = DateTimeOffset.UtcNow,
            ChannelId = "msteams",
            ServiceUrl = ServiceUrl,
            From = from ?? Mette,
            Recipient = Bot,
            ReplyToId = cardActivityId ?? NewId(),
            Conversation = new ConversationAccount { Id = PersonalConversationId, ConversationType = "personal", TenantId = TenantId },
            ChannelData = new TeamsChannelData { Tenant = new TenantInfo(TenantId) },
            Value = JsonSerializer.SerializeToElement(value, BotJson.Options),
        };
    }

    /// <summary>The app was installed in a personal chat: the bot and the user are both in membersAdded.</summary>
    public static Activity BotAddedToPersonalChat(ChannelAccount? user = null, string? id = null) => new()
    {
        Type = ActivityTypes.ConversationUpdate,
        Id = id ?? NewId(),
        Timestamp = DateTimeOffset.UtcNow,
        ChannelId = "msteams",
        ServiceUrl = ServiceUrl,
        From = user ?? Mette,
        Recipient = Bot,
        Conversation = new ConversationAccount { Id = PersonalConversationId, ConversationType = "personal", TenantId = TenantId },
        MembersAdded = [Bot, user ?? Mette],
        ChannelData = new TeamsChannelData { Tenant = new TenantInfo(TenantId) },
    };

    /// <summary>The app was added to a team: conversation is the team's General channel.</summary>
    public static Activity BotAddedToTeam(string? id = null) => new()
    {
        Type = ActivityTypes.ConversationUpdate,
        Id = id ?? NewId(),
        Timestamp = DateTimeOffset.UtcNow,
        ChannelId = "msteams",
        ServiceUrl = ServiceUrl,
        From = Mette,
        Recipient = Bot,
        Conversation = new ConversationAccount { Id = TeamId, ConversationType = "channel", IsGroup = true, TenantId = TenantId },
        MembersAdded = [Bot],
        ChannelData = new TeamsChannelData
        {
            Tenant = new TenantInfo(TenantId),
            Team = new TeamInfo { Id = TeamId, Name = "Psykiatri Nord" },
            EventType = "teamMemberAdded",
        },
    };
}
