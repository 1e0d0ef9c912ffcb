using Microsoft.AspNetCore.SignalR.Client;

namespace Notifications.LoadTest.Swarm;

/// <summary>Reconnects a few times, quickly, then gives up: every loop of the tool is bounded.</summary>
public sealed class BoundedRetryPolicy : IRetryPolicy
{
    private static readonly TimeSpan[] Delays =
        [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)];

    public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
        retryContext.PreviousRetryCount < Delays.Length ? Delays[retryContext.PreviousRetryCount] : null;
}
