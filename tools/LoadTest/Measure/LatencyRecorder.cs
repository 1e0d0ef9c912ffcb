using System.Diagnostics;
using HdrHistogram;

namespace Notifications.LoadTest.Measure;

/// <summary>
/// A latency histogram in microseconds (HdrHistogram, 3 significant digits, up to one hour).
/// Recording is lock-free and safe from any thread; reading while recording gives a close
/// estimate, which is all the progress line needs.
/// </summary>
public sealed class LatencyRecorder
{
    private const long HighestMicroseconds = 3_600_000_000;
    private static readonly double MicrosecondsPerTick = 1_000_000.0 / Stopwatch.Frequency;

    private readonly LongConcurrentHistogram _histogram = new(1, 1, HighestMicroseconds, 3);

    public long Count => _histogram.TotalCount;

    /// <summary>Records the time from <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp) to now.</summary>
    public void RecordSince(long startTimestamp) => RecordTicks(Stopwatch.GetTimestamp() - startTimestamp);

    public void RecordTicks(long elapsedTicks)
    {
        var micros = (long)(elapsedTicks * MicrosecondsPerTick);
        _histogram.RecordValue(Math.Clamp(micros, 1, HighestMicroseconds));
    }

    /// <summary>The value in milliseconds at a percentile (0-100); 0 when nothing was recorded.</summary>
    public double PercentileMs(double percentile) =>
        _histogram.TotalCount == 0 ? 0 : _histogram.GetValueAtPercentile(percentile) / 1000.0;

    public LatencySummary Summarize() => _histogram.TotalCount == 0
        ? new LatencySummary(0, 0, 0, 0, 0, 0, 0)
        : new LatencySummary(
            _histogram.TotalCount,
            _histogram.GetMean() / 1000.0,
            PercentileMs(50),
            PercentileMs(90),
            PercentileMs(99),
            PercentileMs(99.9),
            _histogram.GetMaxValue() / 1000.0);
}

/// <summary>Latency figures in milliseconds.</summary>
public sealed record LatencySummary(long Count, double MeanMs, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs);
