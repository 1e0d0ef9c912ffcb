using System.Net;
using System.Net.Http.Headers;
using Notifications.Cluster.Tests.Infrastructure;
using Notifications.LoadTest.Auth;

namespace Notifications.Cluster.Tests;

/// <summary>
/// The cluster of <see cref="ClusterFixture"/> with API.md's per-user limit (100 requests a minute)
/// and a producer limit low enough to reach in a test, on both Api nodes.
/// </summary>
public sealed class LimitedClusterFixture : ClusterFixture
{
    public const int UserRequestsPerMinute = 100;
    public const int ServiceRequestsPerSecond = 50;

    protected override void ConfigureApi(IDictionary<string, string> environment)
    {
        environment["RateLimits__UserRequestsPerMinute"] = TestHosts.Port(UserRequestsPerMinute);
        environment["RateLimits__ServiceRequestsPerSecond"] = TestHosts.Port(ServiceRequestsPerSecond);
    }
}

/// <summary>
/// API.md: every caller without role <c>service</c> gets 100 requests to <c>/api/…</c> a minute —
/// in total, behind any number of Api nodes, not 100 per node: the user's inbox counts them.
/// </summary>
public sealed class UserRequestLimitTests(LimitedClusterFixture cluster, ITestOutputHelper output) : IClassFixture<LimitedClusterFixture>
{
    [Fact]
    public Task A_users_requests_spread_over_two_api_nodes_share_one_limit() =>
        cluster.RunKeepingLogsOnFailureAsync(RunAsync, output);

    private async Task RunAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var token = new TokenMinter(ClusterFixture.SigningKey, "notifications", "notifications").Mint("limited-" + Guid.NewGuid().ToString("N")[..8]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        string[] routes = ["api/notifications/counts", "api/notifications?limit=5", "api/notifications/preferences"];

        var answers = new List<(HttpStatusCode Status, string? ContentType, string? RetryAfter)>();
        for (var i = 0; i < 120; i++)
        {
            // Alternating nodes: 60 requests through each, as a round-robin load balancer would send them.
            var node = cluster.Apis[i % 2].Url;
            using var response = await http.GetAsync(new Uri(node, routes[i % routes.Length]), ct);
            answers.Add((response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        output.WriteLine(string.Join(", ", answers.GroupBy(a => a.Status).Select(g => $"{(int)g.Key}: {g.Count()}")));
        Assert.Equal(LimitedClusterFixture.UserRequestsPerMinute, answers.Count(a => a.Status == HttpStatusCode.OK));
        var refused = answers.Skip(LimitedClusterFixture.UserRequestsPerMinute).ToArray();
        Assert.All(refused, a =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, a.Status);
            Assert.Equal("application/problem+json", a.ContentType);
            Assert.InRange(double.Parse(a.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        });
    }
}
