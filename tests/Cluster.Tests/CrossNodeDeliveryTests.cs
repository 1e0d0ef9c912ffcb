using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Notifications.Cluster.Tests.Infrastructure;
using Notifications.LoadTest.Auth;
using Notifications.LoadTest.Http;

namespace Notifications.Cluster.Tests;

/// <summary>
/// Two Api nodes, two silos, no SignalR backplane: an inbox pushes to every node that subscribed,
/// so a notification created through one node reaches the user's connections on any node, and
/// each connection exactly once.
/// </summary>
public sealed class CrossNodeDeliveryTests(ClusterFixture cluster, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan DeliveryBound = TimeSpan.FromSeconds(30);

    private readonly TokenMinter _minter = new(ClusterFixture.SigningKey, "notifications", "notifications");

    [Fact]
    public Task Notifications_created_through_one_node_reach_every_connection_on_every_node_exactly_once() =>
        cluster.RunKeepingLogsOnFailureAsync(RunAsync, output);

    private async Task RunAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var (a, b) = (cluster.Apis[0].Url, cluster.Apis[1].Url);
        var run = Guid.NewGuid().ToString("N")[..8];
        var both = $"cross-{run}-both"; // one connection on A, one on B
        var onA = $"cross-{run}-a";     // a single connection, on A

        await using var bothOnA = await ConnectAsync(a, both, ct);
        await using var bothOnB = await ConnectAsync(b, both, ct);
        await using var onlyOnA = await ConnectAsync(a, onA, ct);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var producer = _minter.Mint($"cross-{run}-producer", "service");
        var expectedBoth = new List<string>();
        var expectedOnA = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            expectedOnA.Add(await CreateAsync(http, b, producer, onA, $"via B {i}", ct));      // created on B, connection on A
            expectedBoth.Add(await CreateAsync(http, b, producer, both, $"via B {i}", ct));    // created on B, connections on A and B
            expectedBoth.Add(await CreateAsync(http, a, producer, both, $"via A {i}", ct));    // created on A, connections on A and B
        }

        var batch = await BatchAsync(http, b, producer, [both, onA], ct);
        expectedBoth.Add(batch[both]);
        expectedOnA.Add(batch[onA]);

        // A last notification per user: each node's pushes from one inbox leave in order, so once it
        // is in, a duplicate of anything before it would be in too.
        expectedBoth.Add(await CreateAsync(http, a, producer, both, "sentinel", ct));
        expectedOnA.Add(await CreateAsync(http, b, producer, onA, "sentinel", ct));
        await Task.WhenAll(
            bothOnA.WaitForAsync(expectedBoth.Count, DeliveryBound),
            bothOnB.WaitForAsync(expectedBoth.Count, DeliveryBound),
            onlyOnA.WaitForAsync(expectedOnA.Count, DeliveryBound));

        foreach (var (connection, expected) in new[] { (bothOnA, expectedBoth), (bothOnB, expectedBoth), (onlyOnA, expectedOnA) })
        {
            var received = connection.Received;
            output.WriteLine($"{connection.Name}: {received.Count} received, {expected.Count} created");
            Assert.Equal(expected.Order(StringComparer.Ordinal), received.Select(n => n.Id).Order(StringComparer.Ordinal));
            Assert.Equal(received.OrderBy(n => n.Seq).Select(n => n.Id), received.Select(n => n.Id)); // in the inbox's order
        }
    }

    private async Task<string> CreateAsync(HttpClient http, Uri node, string token, string userId, string title, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(node, "api/notifications"))
        {
            Content = Json($$"""{"userId":"{{userId}}","type":"system","title":"{{title}}"}"""),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync(WireJson.Default.CreateAnswer, ct);
        return answer!.Notification!.Id;
    }

    private async Task<Dictionary<string, string>> BatchAsync(HttpClient http, Uri node, string token, string[] userIds, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(node, "api/notifications/batch"))
        {
            Content = Json($$$"""{"userIds":["{{{string.Join("\",\"", userIds)}}}"],"notification":{"type":"system","title":"batch via B"}}"""),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync(WireJson.Default.FanOutAnswer, ct);
        Assert.Equal(userIds.Length, answer!.Created);
        return answer.Results.ToDictionary(r => r.UserId, r => r.Id!);
    }

    private async Task<Listener> ConnectAsync(Uri node, string userId, CancellationToken ct)
    {
        var token = _minter.Mint(userId);
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(node, ApiClient.HubPath), HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = true;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        var listener = new Listener($"{userId} on {node.Authority}", hub);
        using var start = CancellationTokenSource.CreateLinkedTokenSource(ct);
        start.CancelAfter(TimeSpan.FromSeconds(30));
        await hub.StartAsync(start.Token);
        // The counts snapshot comes once this node has subscribed to the inbox: from then on nothing is missed.
        await listener.Subscribed.WaitAsync(TimeSpan.FromSeconds(30), ct);
        return listener;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>One SignalR connection and the notifications it received, in arrival order.</summary>
    private sealed class Listener : IAsyncDisposable
    {
        private readonly HubConnection _hub;
        private readonly ConcurrentQueue<NotificationView> _received = new();
        private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Listener(string name, HubConnection hub)
        {
            Name = name;
            _hub = hub;
            hub.On<NotificationView>("notification", n => _received.Enqueue(n));
            hub.On<CountsView>("notification:counts", _ => _subscribed.TrySetResult());
        }

        public string Name { get; }

        public Task Subscribed => _subscribed.Task;

        public IReadOnlyList<NotificationView> Received => [.. _received];

        public async Task WaitForAsync(int count, TimeSpan bound)
        {
            var deadline = DateTime.UtcNow + bound;
            while (_received.Count < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }

        public ValueTask DisposeAsync() => _hub.DisposeAsync();
    }
}
