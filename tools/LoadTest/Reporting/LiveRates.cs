using System.Diagnostics;
using System.Globalization;
using Notifications.LoadTest.Measure;

namespace Notifications.LoadTest.Reporting;

/// <summary>The traffic part of the progress line: rates over the last interval, p99 so far.</summary>
public sealed class LiveRates(DeliveryTracker tracker, StatusCounter statuses)
{
    private long _at = Stopwatch.GetTimestamp();
    private long _acknowledged;
    private long _delivered;

    public string Next(long inFlight, long skipped)
    {
        var now = Stopwatch.GetTimestamp();
        var seconds = Math.Max(0.001, Stopwatch.GetElapsedTime(_at, now).TotalSeconds);
        var acknowledged = tracker.AcknowledgedCount;
        var delivered = tracker.DeliveredCount;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"created/s {(acknowledged - _acknowledged) / seconds,6:0}  delivered/s {(delivered - _delivered) / seconds,6:0}  p99 {tracker.Delivery.PercentileMs(99),6:0.0} ms  errors {statuses.Errors}  in flight {inFlight}  skipped {skipped}");
        (_at, _acknowledged, _delivered) = (now, acknowledged, delivered);
        return line;
    }
}
