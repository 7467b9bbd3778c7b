using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace TeamsCoordinator.Bench.Load;

/// <summary>
/// The load balancer in front of the instances, round-robin per request, inside the load generator: in production it
/// is not on the bot's machine, so here it should cost the two cores nothing (until main 2138219 it was an HTTP proxy
/// in this process that read every request and sent it again, a third of the generator's CPU). An instance that
/// refuses the connection or drops it is taken out and the request goes to the next one, as Teams redelivers an
/// activity whose request failed; those activities are counted.
/// </summary>
public sealed class RoundRobin(IReadOnlyList<string> instances) : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };
    private readonly bool[] _down = new bool[instances.Count];
    private int _next;
    public int Redelivered;
    /// <summary>Activities whose first delivery failed with the connection and went to another instance.</summary>
    public ConcurrentDictionary<string, bool> RedeliveredIds { get; } = new();

    public async Task<HttpResponseMessage> PostAsync(byte[] activity, string activityId)
    {
        HttpRequestException? failed = null;
        for (var attempt = 0; attempt < instances.Count * 2; attempt++)
        {
            var i = (int)((uint)Interlocked.Increment(ref _next) % instances.Count);
            if (_down[i]) continue;
            var content = new ByteArrayContent(activity);
            content.Headers.ContentType = Json;
            try
            {
                return await _http.PostAsync(instances[i], content);
            }
            catch (HttpRequestException e)
            {
                failed = e;
                _down[i] = true;
                Interlocked.Increment(ref Redelivered);
                RedeliveredIds[activityId] = true;
            }
        }
        throw new HttpRequestException("no instance took the request", failed);
    }

    public void Dispose() => _http.Dispose();
}
