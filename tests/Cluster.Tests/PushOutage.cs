using Notifications.LoadTest.Reporting;

namespace Notifications.Cluster.Tests;

/// <summary>
/// How long a fault kept pushes from users: the users with a late delivery (later than
/// <c>lateSeconds</c> after its send, or only by catch-up) of a notification sent in the window,
/// and for each the first push again of one sent after the fault began. Seconds from <c>from</c>.
/// </summary>
public sealed record PushOutage(int AffectedUsers, double FirstPushAgainMedian, double FirstPushAgainMax, double LastLateDelivery)
{
    public static PushOutage Measure(RunTimeline timeline, double from, double until, double lateSeconds)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var byUser = timeline.Connections.GroupBy(c => c.User).ToDictionary(g => g.Key, g => g.ToArray());
        var late = new List<(int User, double At)>();
        foreach (var a in timeline.Acknowledged.Where(a => a.SentAt >= from && a.SentAt < until))
        {
            foreach (var c in byUser[a.User])
            {
                if (c.Received.TryGetValue(a.Id, out var r) && (r.ByCatchUp || r.At - a.SentAt > lateSeconds))
                {
                    late.Add((a.User, r.At));
                }
            }
        }

        var affected = late.Select(l => l.User).ToHashSet();
        var sentAt = timeline.Acknowledged.GroupBy(a => a.Id).ToDictionary(g => g.Key, g => g.First().SentAt, StringComparer.Ordinal);
        var firstPushAgain = affected.Select(user => byUser[user]
                .SelectMany(c => c.Received)
                .Where(kv => !kv.Value.ByCatchUp && sentAt.TryGetValue(kv.Key, out var s) && s >= from)
                .Select(kv => kv.Value.At - from)
                .DefaultIfEmpty(double.NaN)
                .Min())
            .Where(v => !double.IsNaN(v))
            .ToArray();
        return new PushOutage(
            affected.Count,
            Round(Median(firstPushAgain)),
            Round(firstPushAgain.DefaultIfEmpty(0).Max()),
            Round(late.Select(l => l.At - from).DefaultIfEmpty(0).Max()));
    }

    public static double Median(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    public static double Round(double value) => double.IsNaN(value) ? -1 : Math.Round(value, 2);
}
