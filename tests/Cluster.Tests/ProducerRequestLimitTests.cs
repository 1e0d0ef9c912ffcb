using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Notifications.Cluster.Tests.Infrastructure;
using Notifications.LoadTest.Auth;

namespace Notifications.Cluster.Tests;

/// <summary>
/// API.md: a <c>service</c> caller's limit is per <c>sub</c> — one limit behind any number of Api
/// nodes, not one per node: its quota grain leases permits to each node.
/// </summary>
public sealed class ProducerRequestLimitTests(LimitedClusterFixture cluster, ITestOutputHelper output) : IClassFixture<LimitedClusterFixture>
{
    private const int Limit = LimitedClusterFixture.ServiceRequestsPerSecond;

    /// <summary>The most permits a node can lease and leave unused (<c>ProducerQuotaLimiter</c>'s chunk for this limit).</summary>
    private const int Chunk = Limit / 16;

    [Fact]
    public Task A_producers_creates_spread_over_two_api_nodes_share_one_limit() =>
        cluster.RunKeepingLogsOnFailureAsync(RunAsync, output);

    private async Task RunAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var producer = "producer-" + Guid.NewGuid().ToString("N")[..8];
        var token = new TokenMinter(ClusterFixture.SigningKey, "notifications", "notifications").Mint(producer, "service");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // Twice the limit at once, half through each node, as a round-robin load balancer would send them.
        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, 2 * Limit).Select(i => CreateAsync(http, cluster.Apis[i % 2].Url, i, ct)));
        var elapsed = clock.Elapsed;

        var admitted = answers.Count(a => a.Status == HttpStatusCode.Created);
        output.WriteLine($"{elapsed.TotalMilliseconds:F0} ms: " + string.Join(", ", answers.GroupBy(a => a.Status).Select(g => $"{(int)g.Key}: {g.Count()}")));

        // Windows are a second long and the first opens with the first request: however slow the
        // machine, the answers span at most floor(elapsed) + 1 windows.
        Assert.InRange(admitted, 1, Limit * ((int)elapsed.TotalSeconds + 1));
        if (elapsed < TimeSpan.FromSeconds(1))
        {
            // One window: the cluster granted exactly the limit; each node may have kept one chunk unspent.
            Assert.InRange(admitted, Limit - 2 * Chunk, Limit);
        }

        Assert.All(answers.Where(a => a.Status != HttpStatusCode.Created), a =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, a.Status);
            Assert.Equal("application/problem+json", a.ContentType);
            Assert.Equal(1, a.RetryAfterSeconds);
        });
    }

    private static async Task<(HttpStatusCode Status, string? ContentType, double? RetryAfterSeconds)> CreateAsync(HttpClient http, Uri node, int i, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(node, "api/notifications"))
        {
            Content = new StringContent(string.Create(CultureInfo.InvariantCulture, $$"""{"userId":"quota-{{i % 10}}","type":"system","title":"quota {{i}}"}"""), Encoding.UTF8, "application/json"),
        };
        using var response = await http.SendAsync(request, ct);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers.RetryAfter?.Delta?.TotalSeconds);
    }
}
