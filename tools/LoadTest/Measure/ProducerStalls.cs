using System.Diagnostics;

namespace Notifications.LoadTest.Measure;

/// <summary>
/// The longest time each producer identity went without an acknowledged create: a producer that
/// stalls (its requests hang or keep failing) shows here even when the average rate looks fine.
/// </summary>
public sealed class ProducerStalls(int producers)
{
    private readonly Lock _gate = new();
    private readonly long[] _lastAck = new long[producers];
    private long _longest;
    private long _longestEnd;
    private int _longestProducer = -1;

    /// <summary>An acknowledged create (single or batch) of producer <paramref name="producer"/>, now.</summary>
    public void Acknowledged(int producer)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            var last = _lastAck[producer];
            _lastAck[producer] = now;
            if (last != 0 && now - last > _longest)
            {
                _longest = now - last;
                _longestEnd = now;
                _longestProducer = producer;
            }
        }
    }

    /// <summary>The longest gap between consecutive acknowledgements of one producer, and when it ended (seconds from <paramref name="origin"/>).</summary>
    public (double Milliseconds, double EndedAtSeconds, int Producer) Longest(long origin)
    {
        lock (_gate)
        {
            return _longestProducer < 0
                ? (0, 0, -1)
                : (Math.Round(_longest * 1000.0 / Stopwatch.Frequency, 1), Math.Round((_longestEnd - origin) / (double)Stopwatch.Frequency, 3), _longestProducer);
        }
    }
}
