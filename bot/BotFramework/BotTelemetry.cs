using System.Diagnostics;
using System.Diagnostics.Metrics;
using Span = System.Diagnostics.Activity;

namespace TeamsCoordinator.BotFramework;

/// <summary>
/// Traces and metrics of the protocol layer: one span per turn (activity type, the command or card verb the
/// application names, outcome), turns by outcome, turn latency, and 429s from the Connector. Attributes are
/// low-cardinality names only: never text, card data, user names or ids. Without a listener (no exporter
/// configured) starting a span returns null and costs nothing measurable.
/// </summary>
public static class BotTelemetry
{
    public const string Name = "TeamsCoordinator.Bot";
    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Turns = Meter.CreateCounter<long>("coordinator.turns", "{turn}", "Turns by activity type and outcome");
    private static readonly Histogram<double> TurnDuration = Meter.CreateHistogram<double>("coordinator.turn.duration", "ms", "Time from receiving an activity to the end of its turn");
    private static readonly Counter<long> Throttled = Meter.CreateCounter<long>("coordinator.throttled", "{response}", "429 answers (Connector here; Graph's show in http.client metrics)");

    /// <summary>Tag names the application may set on the current turn's span.</summary>
    public const string OperationTag = "coordinator.operation";
    public const string OutcomeTag = "coordinator.outcome";

    public static Span? StartTurn(string activityType)
    {
        if (!Source.HasListeners()) return null;
        var type = Known(activityType);
        return Source.StartActivity($"turn {type}", ActivityKind.Internal)?.SetTag("coordinator.activity_type", type);
    }

    /// <summary>The activity type as a tag: a sender may put anything there, so unknown types are "other".</summary>
    private static string Known(string activityType) => activityType switch
    {
        ActivityTypes.Message or ActivityTypes.Invoke or ActivityTypes.ConversationUpdate or ActivityTypes.InstallationUpdate
            or ActivityTypes.Typing or "messageReaction" or "event" or "messageUpdate" or "messageDelete" => activityType,
        _ => "other",
    };

    /// <summary>Names what the turn does (a command or card verb from the dispatch table): never user text.</summary>
    public static void SetOperation(string operation) => Span.Current?.SetTag(OperationTag, operation);

    public static void EndTurn(Span? span, string activityType, string outcome, long startTimestamp)
    {
        var elapsed = Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
        var typeTag = new KeyValuePair<string, object?>("activity_type", Known(activityType));
        var outcomeTag = new KeyValuePair<string, object?>("outcome", outcome);
        if (Turns.Enabled) Turns.Add(1, typeTag, outcomeTag);
        if (TurnDuration.Enabled) TurnDuration.Record(elapsed, typeTag, outcomeTag);
        if (span is null) return;
        span.SetTag(OutcomeTag, outcome);
        if (outcome == "error") span.SetStatus(ActivityStatusCode.Error);
        span.Dispose();
    }

    /// <summary>A Connector call: the operation and the host only (conversation and activity ids stay out).</summary>
    public static Span? StartConnectorCall(string operation, string serviceUrl) =>
        Source.StartActivity($"connector {operation}", ActivityKind.Client)?
            .SetTag("coordinator.connector.operation", operation)
            .SetTag("server.address", Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) ? uri.Host : "invalid");

    public static void CountThrottled(string service)
    {
        if (Throttled.Enabled) Throttled.Add(1, new KeyValuePair<string, object?>("service", service));
        Span.Current?.AddEvent(new ActivityEvent("throttled"));
    }
}
