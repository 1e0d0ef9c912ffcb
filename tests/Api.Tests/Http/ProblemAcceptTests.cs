using System.Net;
using System.Net.Http.Headers;
using Notifications.Api.Tests.Infrastructure;

namespace Notifications.Api.Tests.Http;

/// <summary>
/// API.md: every error status carries a problem body, whatever the request's Accept header. Found by
/// the hostile suite (HOSTILE_SEED=20261203, headers case #30): with <c>Accept: text/html</c> a 401 was
/// a 500 with no body, and 404/405 were text/plain.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ProblemAcceptTests(NotificationsApiFactory factory)
{
    public static TheoryData<string> Accepts => ["text/html", "application/xml", "text/plain, image/png", "application/json;q=0, text/html"];

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task Errors_are_problem_json_whatever_the_accept_header(string accept)
    {
        using var anonymous = factory.ClientFor(null);
        using var user = factory.ClientFor(NotificationsApiFactory.NewUserId());
        var cases = new (HttpClient Client, HttpMethod Method, string Path, HttpStatusCode Status)[]
        {
            (anonymous, HttpMethod.Get, "api/notifications", HttpStatusCode.Unauthorized),
            (user, HttpMethod.Post, "api/notifications", HttpStatusCode.Forbidden),
            (user, HttpMethod.Get, "api/notifications/0123456789abcdef0123456789abcdef", HttpStatusCode.NotFound),
            (user, HttpMethod.Get, "api/no-such-route", HttpStatusCode.NotFound),
            (user, HttpMethod.Delete, "api/notifications/counts/x", HttpStatusCode.NotFound),
            (anonymous, HttpMethod.Get, "dev/token", HttpStatusCode.MethodNotAllowed),
            (user, HttpMethod.Get, "api/notifications?limit=0", HttpStatusCode.BadRequest),
        };

        foreach (var (client, method, path, status) in cases)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Accept.ParseAdd(accept);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            var problem = await response.ExpectProblemAsync(status);
            Assert.True(problem.TryGetProperty("traceId", out _), $"{method} {path}: {problem}");
        }
    }
}
