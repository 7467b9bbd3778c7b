using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeamsCoordinator.BotFramework;

/// <summary>
/// The subset of the Bot Framework activity schema this bot reads and writes
/// (Connector API reference, "Activity object"). Unknown members are ignored on read.
/// </summary>
public sealed record Activity
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public string? ServiceUrl { get; init; }
    public string? ChannelId { get; init; }
    public ChannelAccount? From { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public string? Text { get; init; }
    public string? TextFormat { get; init; }
    public string? Locale { get; init; }
    public string? ReplyToId { get; init; }
    public string? Name { get; init; }
    public string? Action { get; init; }
    public JsonElement? Value { get; init; }
    public IReadOnlyList<Attachment>? Attachments { get; init; }
    public IReadOnlyList<Entity>? Entities { get; init; }
    public TeamsChannelData? ChannelData { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersRemoved { get; init; }

    /// <summary>Tenant of the conversation: Teams puts it in channelData.tenant and, usually, conversation.tenantId.</summary>
    [JsonIgnore]
    public string? TenantId => Conversation?.TenantId ?? ChannelData?.Tenant?.Id;

    public static Activity Message(string? text = null, IReadOnlyList<Attachment>? attachments = null,
        IReadOnlyList<Entity>? entities = null) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        TextFormat = text is null ? null : "markdown",
        Attachments = attachments,
        Entities = entities,
    };

    public static Activity Typing() => new() { Type = ActivityTypes.Typing };
}

public static class ActivityTypes
{
    public const string Message = "message";
    public const string Invoke = "invoke";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string Typing = "typing";
}

public sealed record ChannelAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? AadObjectId { get; init; }
    public string? Email { get; init; }
    public string? UserPrincipalName { get; init; }
    public string? TenantId { get; init; }
    public string? UserRole { get; init; }
}

/// <summary>Teams conversation ids: a channel thread is the channel's id with ";messageid=&lt;root post&gt;" after it.</summary>
public static class ConversationIds
{
    /// <summary>The chat or channel a conversation id belongs to: the id without a thread suffix.</summary>
    public static string WithoutThread(string conversationId) =>
        conversationId.IndexOf(';') is var i and >= 0 ? conversationId[..i] : conversationId;
}

public sealed record ConversationAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public bool? IsGroup { get; init; }
    public string? ConversationType { get; init; }
    public string? TenantId { get; init; }
}

public sealed record Attachment
{
    public required string ContentType { get; init; }
    public object? Content { get; init; }
    public string? ContentUrl { get; init; }
    public string? Name { get; init; }
}

public sealed record Entity
{
    public string? Type { get; init; }
    public string? Text { get; init; }
    public ChannelAccount? Mentioned { get; init; }

    public static Entity Mention(string id, string name) => new()
    {
        Type = "mention",
        Text = $"<at>{System.Security.SecurityElement.Escape(name)}</at>",
        Mentioned = new ChannelAccount { Id = id, Name = name },
    };
}

public sealed record TeamsChannelData
{
    public TenantInfo? Tenant { get; init; }
    public TeamInfo? Team { get; init; }
    public ChannelInfo? Channel { get; init; }
    public string? EventType { get; init; }
}

public sealed record TenantInfo(string? Id);

public sealed record TeamInfo
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? AadGroupId { get; init; }
}

public sealed record ChannelInfo
{
    public string? Id { get; init; }
    public string? Name { get; init; }
}

/// <summary>Page of conversation members (GET /v3/conversations/{id}/pagedmembers).</summary>
public sealed record PagedMembers(string? ContinuationToken, IReadOnlyList<ChannelAccount> Members);

/// <summary>Body of POST /v3/conversations.</summary>
public sealed record ConversationParameters
{
    public bool IsGroup { get; init; }
    public ChannelAccount? Bot { get; init; }
    public IReadOnlyList<ChannelAccount>? Members { get; init; }
    public string? TenantId { get; init; }
    public Activity? Activity { get; init; }
    public TeamsChannelData? ChannelData { get; init; }
}

public sealed record ConversationResourceResponse(string? Id, string? ActivityId, string? ServiceUrl);

public sealed record ResourceResponse(string? Id);

public static class BotJson
{
    /// <summary>
    /// Wire format of the Connector: camelCase, nulls omitted, lenient on read. The protocol's own types come from the
    /// source-generated <see cref="BotJsonContext"/> (every activity is read and every reply written with it: no
    /// reflection-built metadata on that path); everything else (cards, invoke answers) from reflection as before.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
            BotJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };
}

// Metadata only: the generated fast-path writer would resolve an attachment's card (an object member) through this
// context alone, which knows no card types; with metadata the serializer asks the whole chain of BotJson.Options.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(ConversationResourceResponse))]
[JsonSerializable(typeof(ConversationParameters))]
[JsonSerializable(typeof(PagedMembers))]
internal sealed partial class BotJsonContext : JsonSerializerContext;
