namespace Notifications.Grains.Limits;

/// <summary>
/// Counts a marked request (<see cref="UserRequestLimit"/>) in the window of the user's own inbox
/// before the call runs, and refuses it past the limit. Calls to other users' inboxes (a
/// broadcast's recipients) and unmarked calls (producers, connections) pass uncounted.
/// </summary>
internal sealed class UserRequestLimitFilter(TimeProvider time) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.TargetContext.GrainInstance is IHasRequestWindow inbox
            && UserRequestLimit.Current() is { } mark
            && string.Equals(mark.UserHash, inbox.UserHash, StringComparison.Ordinal)
            && inbox.Requests.TryCount(mark.PerMinute, time.GetUtcNow()) is { } wait)
        {
            throw new UserRequestLimitExceededException(wait);
        }

        return context.Invoke();
    }
}

/// <summary>A grain that keeps one user's request window (the user's inbox).</summary>
internal interface IHasRequestWindow
{
    /// <summary>The user's hash (<c>UserIdHash</c>), as requests are marked with it.</summary>
    string UserHash { get; }

    RequestWindow Requests { get; }
}
