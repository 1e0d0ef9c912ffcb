using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.LoadTest.Http;
using Notifications.LoadTest.Measure;
using Notifications.LoadTest.Options;

namespace Notifications.LoadTest.Swarm;

/// <summary>
/// The users' live SignalR connections: opened at a bounded concurrency before any traffic,
/// reconnected (bounded) and caught up by seq when they drop, and stopped at the end.
/// </summary>
public sealed class UserSwarm
{
    /// <summary>Bound on one connection's start (negotiate-less WebSocket + handshake).</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The counts snapshot marks a subscribed connection; the contract only says "may", so wait a bounded time.</summary>
    private static readonly TimeSpan SnapshotTimeout = TimeSpan.FromSeconds(10);

    private readonly LoadOptions _options;
    private readonly RunUsers _users;
    private readonly ApiClient _api;
    private readonly StatusCounter _statuses;
    private readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web) { TypeInfoResolver = WireJson.Default };
    private readonly ConcurrentDictionary<string, StrongBoxLong> _openFailures = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Task> _catchUps = [];
    private readonly ConcurrentBag<string> _discarded = [];
    private readonly CancellationTokenSource _stopping = new();
    private long _live;
    private long _noSnapshot;
    private long _drops;
    private long _reconnects;
    private long _closed;
    private long _caughtUpFetched;
    private long _gapCatchUps;
    private long _catchUpRetries;
    private long _pushesToDiscard;

    public UserSwarm(LoadOptions options, RunUsers users, ApiClient api, DeliveryTracker tracker, StatusCounter statuses)
    {
        _options = options;
        _users = users;
        _api = api;
        _statuses = statuses;
        _pushesToDiscard = options.FaultDropPushes;
        Connections = new TrackedConnection[options.TotalConnections];
        // Every user has a list, empty with --connections-per-user 0 (producers only).
        var byUser = Enumerable.Range(0, users.Count).Select(_ => new List<TrackedConnection>(options.ConnectionsPerUser)).ToArray();
        for (var i = 0; i < Connections.Length; i++)
        {
            // The first pass gives every user one connection; a user's further connections go to the next nodes.
            var user = i % users.Count;
            var ordinal = i / users.Count;
            var connection = new TrackedConnection(i, user, api.NodeAt(user + ordinal), tracker, users);
            Connections[i] = connection;
            byUser[user].Add(connection);
        }

        ByUser = byUser;
    }

    public TrackedConnection[] Connections { get; }

    public IReadOnlyList<TrackedConnection>[] ByUser { get; }

    public long Live => Interlocked.Read(ref _live);

    public long FailedToOpen => _openFailures.Values.Sum(b => b.Value);

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        using var phase = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        phase.CancelAfter(_options.ConnectTimeout);
        try
        {
            await Parallel.ForEachAsync(
                Connections,
                new ParallelOptions { MaxDegreeOfParallelism = _options.ConnectConcurrency, CancellationToken = phase.Token },
                async (connection, ct) => await OpenOneAsync(connection, ct));
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or the phase bound: run with what is open.
        }

        foreach (var connection in Connections)
        {
            if (connection.State == ConnectionState.Connecting)
            {
                connection.SetState(ConnectionState.FailedToOpen);
                Fail(cancellationToken.IsCancellationRequested ? "cancelled" : "connect phase timed out");
            }
        }
    }

    /// <summary>From now on a connection that is live and stays live must receive everything.</summary>
    public void MarkTrafficStart()
    {
        foreach (var connection in Connections)
        {
            connection.MarkTrafficStart();
        }
    }

    /// <summary>Waits (bounded) for catch-ups started by reconnects.</summary>
    public async Task WaitForCatchUpsAsync(TimeSpan bound)
    {
        var all = Task.WhenAll(_catchUps);
        await Task.WhenAny(all, Task.Delay(bound));
    }

    public async Task StopAsync(TimeSpan bound)
    {
        await _stopping.CancelAsync();
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await Parallel.ForEachAsync(
                Connections,
                new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = timeout.Token },
                async (connection, _) =>
                {
                    if (connection.Hub is { } hub)
                    {
                        connection.SetState(ConnectionState.Stopped);
                        await hub.DisposeAsync();
                    }
                });
        }
        catch (OperationCanceledException)
        {
            // Left to the process exit.
        }
    }

    public ConnectionFigures Figures() => new(
        Connections.Length,
        Connections.Length - FailedToOpen,
        FailedToOpen,
        new SortedDictionary<string, long>(_openFailures.ToDictionary(kv => kv.Key, kv => kv.Value.Value), StringComparer.Ordinal),
        Interlocked.Read(ref _noSnapshot),
        Interlocked.Read(ref _drops),
        Interlocked.Read(ref _reconnects),
        Interlocked.Read(ref _closed),
        Interlocked.Read(ref _caughtUpFetched),
        Connections.Count(c => c.Steady),
        Interlocked.Read(ref _gapCatchUps),
        Connections.Count(c => c.State == ConnectionState.Live),
        Interlocked.Read(ref _catchUpRetries),
        [.. _discarded]);

    private async Task OpenOneAsync(TrackedConnection connection, CancellationToken cancellationToken)
    {
        var token = _users.Tokens[connection.User];
        var builder = new HubConnectionBuilder()
            .WithUrl(connection.Node.Hub, HttpTransportType.WebSockets, o =>
            {
                // One request per connection instead of two; the service supports negotiate-less WebSockets.
                o.SkipNegotiation = true;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions = _json)
            .WithAutomaticReconnect(new BoundedRetryPolicy());
        // Each (re)connect tries this connection's node, then the others: a dead node is routed around.
        builder.Services.AddSingleton<IConnectionFactory>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<HttpConnectionOptions>>();
            return new FailoverConnectionFactory(new HttpConnectionFactory(options, sp.GetRequiredService<ILoggerFactory>()), options.Value, _api, connection);
        });
        var hub = builder.Build();
        connection.Hub = hub;
        hub.On<NotificationView>("notification", n =>
        {
            if (Volatile.Read(ref _pushesToDiscard) > 0 && connection.Steady && Interlocked.Decrement(ref _pushesToDiscard) >= 0)
            {
                connection.Discard(n);
                _discarded.Add(n.Id);
                return;
            }

            if (connection.OnNotification(n) && _options.CatchUpOnGap)
            {
                Interlocked.Increment(ref _gapCatchUps);
                RequestCatchUp(connection);
            }
        });
        hub.On<CountsView>("notification:counts", c =>
        {
            connection.OnCounts();
            if (connection.Seq.OnLastSeq(c.LastSeq) && _options.CatchUpOnGap)
            {
                Interlocked.Increment(ref _gapCatchUps);
                RequestCatchUp(connection);
            }
        });
        // Registered so these events bind instead of failing: the tool only needs them to arrive.
        hub.On<JsonElement>("notification:read", _ => { });
        hub.On<JsonElement>("notification:deleted", _ => { });
        hub.Reconnecting += _ => OnReconnecting(connection);
        hub.Reconnected += _ => OnReconnected(connection);
        hub.Closed += _ => OnClosed(connection);

        try
        {
            using var start = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            start.CancelAfter(StartTimeout);
            await hub.StartAsync(start.Token);
        }
        catch (Exception e)
        {
            connection.SetState(ConnectionState.FailedToOpen);
            Fail(Reason(e, cancellationToken));
            return;
        }

        // The hub subscribes the user's inbox before it sends the snapshot: a notification created
        // before the snapshot arrived might never be pushed to this connection.
        try
        {
            await connection.Snapshot.WaitAsync(SnapshotTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            Interlocked.Increment(ref _noSnapshot);
        }
        catch (OperationCanceledException)
        {
        }

        if (hub.State == HubConnectionState.Connected && connection.State == ConnectionState.Connecting)
        {
            connection.SetState(ConnectionState.Live);
            Interlocked.Increment(ref _live);
        }
    }

    private Task OnReconnecting(TrackedConnection connection)
    {
        if (!_stopping.IsCancellationRequested && connection.State == ConnectionState.Live)
        {
            connection.MarkDropped();
            connection.SetState(ConnectionState.Reconnecting);
            Interlocked.Increment(ref _drops);
            Interlocked.Decrement(ref _live);
        }

        return Task.CompletedTask;
    }

    private Task OnReconnected(TrackedConnection connection)
    {
        if (_stopping.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        connection.SetState(ConnectionState.Live);
        Interlocked.Increment(ref _reconnects);
        Interlocked.Increment(ref _live);
        // Whatever was pushed while the connection was away is found only by asking.
        RequestCatchUp(connection);
        return Task.CompletedTask;
    }

    /// <summary>Runs catch-up passes for the connection, at most one at a time per connection.</summary>
    private void RequestCatchUp(TrackedConnection connection)
    {
        if (connection.RequestCatchUp())
        {
            _catchUps.Add(Task.Run(() => CatchUpUntilTrustedAsync(connection)));
        }
    }

    /// <summary>
    /// One pass at least (a reconnect asks without knowing what it missed), then more while a gap
    /// is open; a failed pass is retried with backoff — never given up while the run lasts — on
    /// the connection's node and the next one in turn, since the node may be the one that failed.
    /// </summary>
    private async Task CatchUpUntilTrustedAsync(TrackedConnection connection)
    {
        var token = _users.Tokens[connection.User];
        do
        {
            var failures = 0;
            var gap = true;
            while (gap && !_stopping.IsCancellationRequested)
            {
                var (afterSeq, target) = connection.Seq.BeginCatchUp();
                var node = failures % 2 == 0 ? connection.Node : _api.NodeAfter(connection.Node);
                CatchUpPass pass;
                try
                {
                    pass = await CatchUp.RunAsync(connection, node, afterSeq, token, _api, _statuses, _stopping.Token);
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or IOException)
                {
                    _statuses.Add("catch-up", e.GetType().Name, isError: true);
                    pass = default;
                }

                Interlocked.Add(ref _caughtUpFetched, pass.Fetched);
                if (pass.Completed)
                {
                    failures = 0;
                    gap = connection.Seq.CompleteCatchUp(target, pass.HighestSeq);
                    continue;
                }

                failures++;
                Interlocked.Increment(ref _catchUpRetries);
                try
                {
                    await Task.Delay(CatchUp.RetryDelay(failures), _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
        while (connection.EndCatchUp());
    }

    private Task OnClosed(TrackedConnection connection)
    {
        if (_stopping.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        switch (connection.State)
        {
            case ConnectionState.Connecting:
                // Closed right after the handshake: the per-user limit answers that way (API.md).
                connection.SetState(ConnectionState.FailedToOpen);
                Fail("closed after handshake");
                break;
            case ConnectionState.Live:
                Interlocked.Decrement(ref _live);
                goto case ConnectionState.Reconnecting;
            case ConnectionState.Reconnecting:
                connection.MarkDropped();
                connection.SetState(ConnectionState.Closed);
                Interlocked.Increment(ref _closed);
                break;
        }

        return Task.CompletedTask;
    }

    private void Fail(string reason) => Interlocked.Increment(ref _openFailures.GetOrAdd(reason, _ => new StrongBoxLong()).Value);

    private static string Reason(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => "cancelled",
        OperationCanceledException => "start timed out",
        HttpRequestException { StatusCode: { } status } => $"HTTP {(int)status}",
        _ => $"{e.GetType().Name}: {Truncate(e.GetBaseException().Message)}",
    };

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80];

    private sealed class StrongBoxLong
    {
        public long Value;
    }
}

/// <summary>The connection side of a run.</summary>
public sealed record ConnectionFigures(
    int Requested,
    long Opened,
    long FailedToOpen,
    IReadOnlyDictionary<string, long> OpenFailures,
    long WithoutSnapshot,
    long Drops,
    long Reconnects,
    long ClosedForGood,
    long CaughtUpNotifications,
    long SteadyConnections,
    long GapCatchUps = 0,
    long LiveAtEnd = 0,
    long CatchUpRetries = 0,
    IReadOnlyList<string>? DiscardedByFault = null);
