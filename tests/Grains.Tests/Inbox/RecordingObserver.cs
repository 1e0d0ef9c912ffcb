using System.Threading.Channels;

namespace Notifications.Grains.Tests.Inbox;

/// <summary>An inbox observer that records what it receives, for tests to await.</summary>
public sealed class RecordingObserver : IInboxObserver
{
    private readonly Channel<InboxEvent> _events = Channel.CreateUnbounded<InboxEvent>();

    /// <summary>When set, calls hang until it completes (a dead or stuck Api node).</summary>
    public TaskCompletionSource? Hang { get; set; }

    public async Task OnEventsAsync(IReadOnlyList<InboxEvent> events, CancellationToken cancellationToken = default)
    {
        if (Hang is { } hang)
        {
            await hang.Task;
        }

        foreach (var e in events)
        {
            _events.Writer.TryWrite(e);
        }
    }

    /// <summary>When set, pings hang until it completes (a crashed node).</summary>
    public TaskCompletionSource? HangPings { get; set; }

    public Task PingAsync(CancellationToken cancellationToken = default) => HangPings?.Task ?? Task.CompletedTask;

    /// <summary>The next event, or a timeout failure after a generous deadline.</summary>
    public async Task<InboxEvent> NextAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _events.Reader.ReadAsync(deadline.Token);
    }

    public async Task<T> NextAsync<T>() where T : InboxEvent => Assert.IsType<T>(await NextAsync());

    public bool TryTake(out InboxEvent? e) => _events.Reader.TryRead(out e);
}
