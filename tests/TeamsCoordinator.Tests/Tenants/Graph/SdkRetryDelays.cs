using System.Diagnostics;
using System.Globalization;

namespace TeamsCoordinator.Tests.Tenants.Graph;

/// <summary>
/// The delays the Graph SDK's own retry handler decided on for the requests made inside this scope, read from its
/// telemetry (activity tag http.request.resend_delay, in seconds): what it waited, without timing anything.
/// </summary>
public sealed class SdkRetryDelays : IDisposable
{
    private const string KiotaHttp = "Microsoft.Kiota.Http.HttpClientLibrary";
    private static readonly ActivitySource Tests = new("TeamsCoordinator.Tests.Graph");
    private readonly ActivityListener listener;
    private readonly Activity scope;
    private readonly List<double> seconds = [];

    public SdkRetryDelays()
    {
        var tests = Tests; // created before the listener, so that the listener sees it
        ActivityTraceId trace = default;
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is KiotaHttp || source == tests,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == trace && activity.GetTagItem("http.request.resend_delay") is { } delay)
                    lock (seconds) seconds.Add(Convert.ToDouble(delay, CultureInfo.InvariantCulture));
            },
        };
        ActivitySource.AddActivityListener(listener);
        scope = tests.StartActivity("graph contract test") ?? throw new InvalidOperationException("The test activity was not sampled.");
        trace = scope.TraceId;
    }

    public IReadOnlyList<double> Seconds
    {
        get { lock (seconds) return seconds.ToList(); }
    }

    public void Dispose()
    {
        scope.Dispose();
        listener.Dispose();
    }
}
