using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.BotFramework;

/// <summary>
/// Teams throttles per bot and thread (PROTOCOL.md §3.4): 429, 412, 500, 502, 503 and 504 are retried a few times, waiting what
/// Retry-After asks, else an exponential backoff; what still fails goes back to the caller (the outbox retries it).
/// Time is a FakeTimeProvider: nothing here waits on the wall clock.
/// </summary>
public sealed class RetryAfterHandlerTests
{
    private readonly FakeConnector _fake = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-02T08:00:00Z"));

    private HttpClient Client(int maxRetries = 3) =>
        new(new RetryAfterHandler(_time) { MaxRetries = maxRetries, InnerHandler = _fake });

    private static HttpRequestMessage Post(string body = """{"type":"message","text":"hej"}""") =>
        new(HttpMethod.Post, "https://smba.trafficmanager.net/emea/v3/conversations/a%3A1/activities")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };

    [Fact]
    public async Task ThrottledRequestIsRetriedOnlyAfterRetryAfterHasPassed()
    {
        _fake.ThenAnswer(HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromSeconds(3));

        var sending = Client().SendAsync(Post());
        await _fake.WaitForAsync(1);
        _time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.Single(_fake.Requests);
        Assert.False(sending.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        var response = await sending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _fake.Requests.Count);
    }

    [Fact]
    public async Task RetryAfterAsADateIsHonoured()
    {
        _fake.ThenRespond(_ =>
        {
            var throttled = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            throttled.Headers.RetryAfter = new RetryConditionHeaderValue(_time.GetUtcNow().AddSeconds(10));
            return throttled;
        });

        var sending = Client().SendAsync(Post());
        await _fake.WaitForAsync(1);
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(sending.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.OK, (await sending).StatusCode);
        Assert.Equal(2, _fake.Requests.Count);
    }

    [Fact]
    public async Task WithoutRetryAfterTheFirstRetryWaitsTheBaseBackoff()
    {
        _fake.ThenAnswer(HttpStatusCode.ServiceUnavailable);

        var sending = Client().SendAsync(Post());
        await _fake.WaitForAsync(1);
        // 500 ms ± 20 % jitter.
        _time.Advance(TimeSpan.FromMilliseconds(399));
        Assert.False(sending.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(201));

        Assert.Equal(HttpStatusCode.OK, (await sending).StatusCode);
    }

    [Fact]
    public async Task RetriedRequestCarriesTheSameBodyAndContentType()
    {
        const string body = """{"type":"message","text":"Stafet til kommunen"}""";
        _fake.ThenAnswer(HttpStatusCode.BadGateway, retryAfter: TimeSpan.FromSeconds(1));

        var sending = Client().SendAsync(Post(body));
        await _fake.WaitForAsync(1);
        _time.Advance(TimeSpan.FromSeconds(1));
        await sending;

        Assert.All(_fake.Requests, r => Assert.Equal(body, r.Body));
        Assert.Equal(2, _fake.Requests.Count);
    }

    [Fact]
    public async Task ServerErrorsAreRetriedThreeTimesThenTheLastAnswerIsReturned()
    {
        _fake.AlwaysAnswer(_ => true, HttpStatusCode.InternalServerError);

        var sending = Client(maxRetries: 3).SendAsync(Post());
        var response = await AdvanceUntilDoneAsync(sending);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(4, _fake.Requests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.PreconditionFailed)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task TheAnswersMicrosoftSaysToRetryAreRetried(HttpStatusCode status)
    {
        _fake.ThenAnswer(status);

        var response = await AdvanceUntilDoneAsync(Client().SendAsync(Post()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _fake.Requests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotImplemented)]
    [InlineData(HttpStatusCode.HttpVersionNotSupported)]
    public async Task ServerAnswersThatCannotChangeOnARetryAreNotRetried(HttpStatusCode status)
    {
        _fake.ThenAnswer(status);

        var response = await Client().SendAsync(Post());

        Assert.Equal(status, response.StatusCode);
        Assert.Single(_fake.Requests);
        Assert.False(RetryAfterHandler.IsTransient(status));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge)]
    public async Task ClientErrorsAreNotRetried(HttpStatusCode status)
    {
        _fake.ThenAnswer(status);

        var response = await Client().SendAsync(Post());

        Assert.Equal(status, response.StatusCode);
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task RetryAfterLongerThanATurnCanWaitIsReturnedAtOnceForTheOutbox()
    {
        _fake.ThenAnswer(HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromMinutes(5));

        var response = await Client().SendAsync(Post());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(5), response.Headers.RetryAfter?.Delta);
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public void BackoffWithoutRetryAfterDoublesWithJitter()
    {
        var handler = new RetryAfterHandler(_time) { BaseDelay = TimeSpan.FromSeconds(2) };
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var expected = 2 * Math.Pow(2, attempt);
            var delay = handler.DelayFor(response, attempt).TotalSeconds;
            Assert.InRange(delay, expected * 0.8, expected * 1.2);
        }
    }

    [Fact]
    public void RetryAfterDateInThePastMeansNoWait()
    {
        var handler = new RetryAfterHandler(_time);
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(_time.GetUtcNow().AddSeconds(-30));

        Assert.Equal(TimeSpan.Zero, handler.DelayFor(response, 0));
    }

    /// <summary>Moves fake time forward in steps until the send finishes (bounded, so a bug cannot hang the run).</summary>
    private async Task<HttpResponseMessage> AdvanceUntilDoneAsync(Task<HttpResponseMessage> sending)
    {
        for (var i = 0; i < 2_000 && !sending.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(1);
        }
        return await sending;
    }
}
