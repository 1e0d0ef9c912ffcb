using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Notifications.Api.Tests.Infrastructure;

namespace Notifications.Api.Tests.Contract;

/// <summary>
/// One user with two live connections (two tabs) and another user with one, each greeted by its
/// counts snapshot (so subscribed): what the v2 push tests watch. Every event must reach both tabs
/// once, in the inbox's order, and never the other user.
/// </summary>
internal sealed class LiveUser : IAsyncDisposable
{
    private readonly NotificationsApiFactory _factory;
    private readonly List<HubConnection> _connections = [];

    private LiveUser(NotificationsApiFactory factory, string userId)
    {
        _factory = factory;
        UserId = userId;
        Client = factory.ClientFor(userId);
    }

    public string UserId { get; }

    public string OtherUserId { get; } = NotificationsApiFactory.NewUserId("other");

    /// <summary>The user's REST client.</summary>
    public HttpClient Client { get; }

    public IReadOnlyList<EventRecorder> Tabs { get; private set; } = [];

    public EventRecorder Other { get; private set; } = null!;

    public static async Task<LiveUser> ConnectAsync(NotificationsApiFactory factory, string? userId = null)
    {
        var live = new LiveUser(factory, userId ?? NotificationsApiFactory.NewUserId("live"));
        live.Tabs = [await live.ConnectAsync(live.UserId), await live.ConnectAsync(live.UserId)];
        live.Other = await live.ConnectAsync(live.OtherUserId);
        return live;
    }

    /// <summary>
    /// Each tab receives exactly these events next, in this order, with the same payloads; returns
    /// the payloads (of the first tab).
    /// </summary>
    public async Task<JsonElement[]> NextAsync(params string[] names)
    {
        JsonElement[]? first = null;
        foreach (var tab in Tabs)
        {
            var received = new JsonElement[names.Length];
            for (var i = 0; i < names.Length; i++)
            {
                var (name, payload) = await tab.NextAsync();
                Assert.True(name == names[i], $"event {i}: expected {names[i]}, got {name} {payload}");
                received[i] = payload;
            }

            if (first is null)
            {
                first = received;
            }
            else
            {
                Assert.Equal(first.Select(p => p.GetRawText()), received.Select(p => p.GetRawText()));
            }
        }

        return first!;
    }

    /// <summary>A change and the counts that follow it; returns (change, counts).</summary>
    public async Task<(JsonElement Change, JsonElement Counts)> ChangeAsync(string name)
    {
        var events = await NextAsync(name, "notification:counts");
        return (events[0], events[1]);
    }

    /// <summary>
    /// Nothing else was pushed, to either user: a create for the user is the next event on each tab,
    /// and then one for the other user is the only thing the other user ever got.
    /// </summary>
    public async Task AssertNothingElsePushedAsync(HttpClient producer)
    {
        var fence = await producer.CreatedAsync(new { userId = UserId, type = "system", title = "fence" });
        var (pushed, _) = await ChangeAsync("notification");
        Assert.Equal(fence.GetProperty("id").GetString(), pushed.GetProperty("id").GetString());

        // Alice's events have all left by now; any of them sent to the other user went out before this one.
        var otherFence = await producer.CreatedAsync(new { userId = OtherUserId, type = "system", title = "fence" });
        var (name, payload) = await Other.NextAsync();
        Assert.True(name == "notification" && payload.GetProperty("id").GetString() == otherFence.GetProperty("id").GetString(), $"the other user got {name} {payload}");
        await Other.NextAsync("notification:counts");
        Assert.Empty(Other.Drain());
    }

    private async Task<EventRecorder> ConnectAsync(string userId)
    {
        var connection = _factory.HubFor(userId);
        var events = new EventRecorder(connection);
        _connections.Add(connection);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        await events.NextAsync("notification:counts");
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
