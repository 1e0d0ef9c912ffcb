using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace Notifications.Api.Tests.Infrastructure;

/// <summary>Records every server event a hub connection receives, in arrival order, as raw JSON.</summary>
public sealed class EventRecorder
{
    public static readonly string[] EventNames =
    [
        "notification", "notification:updated", "notification:read", "notification:seen", "notification:archived", "notification:deleted",
        "notification:counts",
    ];

    private readonly Channel<(string Name, JsonElement Payload)> _events = Channel.CreateUnbounded<(string, JsonElement)>();

    public EventRecorder(HubConnection connection)
    {
        foreach (var name in EventNames)
        {
            connection.On<JsonElement>(name, payload => _events.Writer.TryWrite((name, payload.Clone())));
        }
    }

    /// <summary>The next event, failing after a generous deadline.</summary>
    public async Task<(string Name, JsonElement Payload)> NextAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _events.Reader.ReadAsync(deadline.Token);
    }

    public async Task<JsonElement> NextAsync(string expectedName)
    {
        var (name, payload) = await NextAsync();
        Assert.Equal(expectedName, name);
        return payload;
    }

    /// <summary>Skips events until one of the name arrives (e.g. the counts snapshot sent on connect).</summary>
    public async Task<JsonElement> SkipToAsync(string name)
    {
        while (true)
        {
            var next = await NextAsync();
            if (next.Name == name)
            {
                return next.Payload;
            }
        }
    }

    /// <summary>Everything received so far and not yet taken.</summary>
    public List<(string Name, JsonElement Payload)> Drain()
    {
        var list = new List<(string, JsonElement)>();
        while (_events.Reader.TryRead(out var e))
        {
            list.Add(e);
        }

        return list;
    }
}
