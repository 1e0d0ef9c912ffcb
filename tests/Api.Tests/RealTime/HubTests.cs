using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Notifications.Api.Tests.Infrastructure;

namespace Notifications.Api.Tests.RealTime;

[Collection(ApiCollection.Name)]
public sealed class HubTests(NotificationsApiFactory factory) : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];

    private async Task<(HubConnection Connection, EventRecorder Events)> ConnectAsync(string userId)
    {
        var connection = factory.HubFor(userId);
        var events = new EventRecorder(connection);
        _connections.Add(connection);
        await connection.StartAsync(TestContext.Current.CancellationToken);

        // The server greets every connection with a counts snapshot; once it is here, the
        // connection is registered and subscribed.
        await events.NextAsync("notification:counts");
        return (connection, events);
    }

    [Fact]
    public async Task Two_connections_of_a_user_each_receive_every_event_once_in_order_and_others_nothing()
    {
        var alice = NotificationsApiFactory.NewUserId("alice");
        var (_, tab1) = await ConnectAsync(alice);
        var (_, tab2) = await ConnectAsync(alice);
        var (_, bob) = await ConnectAsync(NotificationsApiFactory.NewUserId("bob"));
        using var producer = factory.Producer();
        using var aliceClient = factory.ClientFor(alice);

        var created = (await producer.CreateAsync(alice, extra: new { conversationId = "c1" })).GetProperty("notification");
        var id = created.GetProperty("id").GetString()!;
        (await aliceClient.PatchAsync($"api/notifications/{id}/read", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await aliceClient.DeleteAsync($"api/notifications/{id}", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        foreach (var tab in new[] { tab1, tab2 })
        {
            var pushed = await tab.NextAsync("notification");
            Assert.Equal(created.GetRawText(), pushed.GetRawText());
            var counts = await tab.NextAsync("notification:counts");
            Assert.Equal(1, counts.GetProperty("unread").GetInt32());
            Assert.Equal(1, counts.GetProperty("lastSeq").GetInt64());
            var read = await tab.NextAsync("notification:read");
            Assert.Equal([id], read.GetProperty("ids").EnumerateArray().Select(e => e.GetString()));
            Assert.False(read.GetProperty("all").GetBoolean());
            Assert.EndsWith("Z", read.GetProperty("readAt").GetString());
            Assert.Equal(0, (await tab.NextAsync("notification:counts")).GetProperty("unread").GetInt32());
            Assert.Equal(id, (await tab.NextAsync("notification:deleted")).GetProperty("id").GetString());
            Assert.Equal(0, (await tab.NextAsync("notification:counts")).GetProperty("total").GetInt32());
        }

        // A last create proves nothing else was queued in between, for Alice or for Bob.
        await producer.CreateAsync(alice);
        Assert.Equal("notification", (await tab1.NextAsync()).Name);
        Assert.Equal("notification", (await tab2.NextAsync()).Name);
        Assert.Empty(bob.Drain());
    }

    [Fact]
    public async Task Mark_all_read_pushes_all_with_its_filter()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var (_, events) = await ConnectAsync(userId);
        using var producer = factory.Producer();
        using var client = factory.ClientFor(userId);
        await producer.CreateAsync(userId, "message_reply");
        await events.NextAsync("notification");
        await events.NextAsync("notification:counts");

        var response = await client.PatchAsJsonAsync("api/notifications/read-all", new { type = "message_reply" }, TestContext.Current.CancellationToken);
        Assert.Equal(1, (await response.ExpectAsync(HttpStatusCode.OK)).GetProperty("updated").GetInt32());

        var read = await events.NextAsync("notification:read");
        Assert.True(read.GetProperty("all").GetBoolean());
        Assert.Equal("message_reply", read.GetProperty("type").GetString());
        Assert.False(read.TryGetProperty("conversationId", out _));
        Assert.Equal(0, (await events.NextAsync("notification:counts")).GetProperty("unread").GetInt32());
    }

    [Fact]
    public async Task A_user_may_hold_ten_connections_and_the_eleventh_is_refused_with_429()
    {
        var userId = NotificationsApiFactory.NewUserId();
        for (var i = 0; i < 10; i++)
        {
            await ConnectAsync(userId);
        }

        using var client = factory.ClientFor(userId);
        var negotiate = await client.PostAsync("hubs/notifications/negotiate?negotiateVersion=1", null, TestContext.Current.CancellationToken);
        await negotiate.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(negotiate.Headers.RetryAfter);

        var eleventh = factory.HubFor(userId);
        _connections.Add(eleventh);
        await Assert.ThrowsAnyAsync<Exception>(() => eleventh.StartAsync(TestContext.Current.CancellationToken));

        // Closing one frees a slot.
        await _connections[0].DisposeAsync();
        await WaitUntilAsync(async () =>
            (await client.PostAsync("hubs/notifications/negotiate?negotiateVersion=1", null, TestContext.Current.CancellationToken)).StatusCode == HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_hub_refuses_a_missing_or_invalid_token()
    {
        using var anonymous = factory.ClientFor(null);
        var negotiate = await anonymous.PostAsync("hubs/notifications/negotiate?negotiateVersion=1", null, TestContext.Current.CancellationToken);
        await negotiate.ExpectProblemAsync(HttpStatusCode.Unauthorized);

        var withQueryToken = await anonymous.PostAsync(
            $"hubs/notifications/negotiate?negotiateVersion=1&access_token={factory.TokenFor(NotificationsApiFactory.NewUserId())}", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, withQueryToken.StatusCode);
    }

    [Fact]
    public async Task Every_transport_delivers_events()
    {
        foreach (var transport in new[]
        {
            Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets,
            Microsoft.AspNetCore.Http.Connections.HttpTransportType.ServerSentEvents,
            Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling,
        })
        {
            var userId = NotificationsApiFactory.NewUserId();
            var connection = factory.HubFor(userId, o => o.Transports = transport);
            var events = new EventRecorder(connection);
            _connections.Add(connection);
            await connection.StartAsync(TestContext.Current.CancellationToken);
            await events.NextAsync("notification:counts");
            using var producer = factory.Producer();

            await producer.CreateAsync(userId);

            Assert.Equal(userId, (await events.NextAsync("notification")).GetProperty("userId").GetString());
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true in time.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
