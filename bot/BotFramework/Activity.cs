using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeamsCoordinator.BotFramework;

/// <summary>
/// The subset of the Bot Framework activity schema this bot reads and writes
/// (Connector API reference, "Activity object"). Unknown members are ignored on read.
/// Members are settable, not init-only, for the serializer's sake: the source generator (<see cref="BotJsonContext"/>)
/// fills a type with init-only members through its constructor path, which caches every member before it builds the
/// object, about half again as dear for each activity read (bench/turns). Treat an activity as read-only once parsed;
/// replies are made with <c>with</c> as before.
/// </summary>
public sealed record Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public string? Text { get; set; }
    public string? TextFormat { get; set; }
    public string? Locale { get; set; }
    public string? ReplyToId { get; set; }
    public string? Name { get; set; }
    public string? Action { get; set; }
    public JsonElement? Value { get; set; }
    public IReadOnlyList<Attachment>? Attachments { get; set; }
    public IReadOnlyList<Entity>? Entities { get; set; }
    public TeamsChannelData? ChannelData { get; set; }
    public IReadOnlyList<ChannelAccount>? MembersAdded { get; set; }
    public IReadOnlyList<ChannelAccount>? MembersRemoved { get; set; }

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
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }
    public string? Email { get; set; }
    public string? UserPrincipalName { get; set; }
    public string? TenantId { get; set; }
    public string? UserRole { get; set; }
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
    public string? Id { get; set; }
    public string? Name { get; set; }
    public bool? IsGroup { get; set; }
    public string? ConversationType { get; set; }
    public string? TenantId { get; set; }
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
    public string? Type { get; set; }
    public string? Text { get; set; }
    public ChannelAccount? Mentioned { get; set; }

    public static Entity Mention(string id, string name) => new()
    {
        Type = "mention",
        Text = $"<at>{System.Security.SecurityElement.Escape(name)}</at>",
        Mentioned = new ChannelAccount { Id = id, Name = name },
    };
}

public sealed record TeamsChannelData
{
    public TenantInfo? Tenant { get; set; }
    public TeamInfo? Team { get; set; }
    public ChannelInfo? Channel { get; set; }
    public string? EventType { get; set; }
}

public sealed record TenantInfo
{
    public TenantInfo() { }
    public TenantInfo(string? id) => Id = id;
    public string? Id { get; set; }
}

public sealed record TeamInfo
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadGroupId { get; set; }
}

public sealed record ChannelInfo
{
    public string? Id { get; set; }
    public string? Name { get; set; }
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

public sealed record ResourceResponse
{
    public ResourceResponse() { }
    public ResourceResponse(string? id) => Id = id;
    public string? Id { get; set; }
}

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
