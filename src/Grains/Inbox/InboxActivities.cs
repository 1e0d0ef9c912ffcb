using System.Diagnostics;

namespace Notifications.Grains.Inbox;

/// <summary>
/// Trace spans of the inbox's own steps (source <c>Notifications.Grains</c>), so one trace shows a
/// create from the Api request through the grain call to the durable write and the pushes.
/// </summary>
public static class InboxActivities
{
    public const string SourceName = "Notifications.Grains";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The durable write of a notification (group commit included).</summary>
    public static Activity? StartPersist() => Source.StartActivity("inbox persist", ActivityKind.Internal);

    /// <summary>
    /// One push of queued events to one Api node, in the trace of the change that queued the first
    /// of them (the push runs later, on a loop that may have been started by another change).
    /// </summary>
    public static Activity? StartPush(int events, ActivityContext parent)
    {
        var activity = Source.StartActivity("inbox push", ActivityKind.Producer, parent);
        activity?.SetTag("notifications.events", events);
        return activity;
    }
}
