namespace Notifications.Api.Cluster;

/// <summary>
/// Raised when the set of silos changes (one died, one joined, a gateway was lost). Inboxes that
/// lived on a dead silo come back elsewhere with no subscribers, so this node renews its
/// subscriptions at once instead of waiting for the next periodic renewal.
/// </summary>
public sealed class ClusterChangeSignal
{
    private TaskCompletionSource _changed = NewSource();

    /// <summary>Completes at the next change after this property was read.</summary>
    public Task NextChange => Volatile.Read(ref _changed).Task;

    public void Notify() => Interlocked.Exchange(ref _changed, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
