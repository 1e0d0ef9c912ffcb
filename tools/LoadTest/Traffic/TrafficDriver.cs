using System.Diagnostics;
using Notifications.LoadTest.Options;

namespace Notifications.LoadTest.Traffic;

/// <summary>
/// The single loop that issues the run's operations: it draws each operation and its target from
/// the seeded random (so a seed reproduces the sequence), starts it without waiting, and bounds
/// what is in flight. An operation due while the bound is reached is skipped and counted: the
/// tool says the service fell behind instead of quietly lowering the rate.
/// </summary>
public sealed class TrafficDriver(LoadOptions options, Producer producer, EndUserTraffic endUsers)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private readonly Random _random = new(options.Seed);
    private readonly int[] _permutation = Enumerable.Range(0, options.Users).ToArray();
    private long _issued;
    private long _skipped;
    private long _inFlight;

    public RateSchedule Schedule { get; } = new(options.Rate, options.RampUp, options.Duration);

    public long Issued => Interlocked.Read(ref _issued);

    public long Skipped => Interlocked.Read(ref _skipped);

    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Set when the ramp is over (a <see cref="Stopwatch"/> timestamp); 0 before.</summary>
    public long SteadyStartTimestamp { get; private set; }

    /// <param name="stop">Stops issuing (Ctrl+C); what is in flight completes.</param>
    /// <param name="abort">Cancels what is in flight too.</param>
    /// <param name="onSteady">Called once, from this loop, when the ramp is over.</param>
    public async Task RunAsync(Action onSteady, CancellationToken stop, CancellationToken abort)
    {
        var start = Stopwatch.GetTimestamp();
        long scheduled = 0;
        while (!stop.IsCancellationRequested && scheduled < options.MaxRequests)
        {
            var elapsed = Stopwatch.GetElapsedTime(start);
            if (SteadyStartTimestamp == 0 && elapsed >= options.RampUp)
            {
                SteadyStartTimestamp = Stopwatch.GetTimestamp();
                onSteady();
            }

            var due = Math.Min(Schedule.DueBy(elapsed), options.MaxRequests);
            for (; scheduled < due; scheduled++)
            {
                if (Interlocked.Read(ref _inFlight) >= options.MaxInFlight)
                {
                    Interlocked.Increment(ref _skipped);
                    continue;
                }

                Dispatch(abort);
            }

            if (elapsed >= Schedule.Total)
            {
                break;
            }

            try
            {
                await Task.Delay(Tick, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Waits until nothing is in flight, or the bound passes.</summary>
    public async Task WaitForInFlightAsync(TimeSpan bound, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(bound.TotalSeconds * Stopwatch.Frequency);
        while (Interlocked.Read(ref _inFlight) > 0 && Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None);
        }
    }

    private void Dispatch(CancellationToken abort)
    {
        Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _issued);
        var task = options.Mix.Pick(_random.Next(options.Mix.Total)) switch
        {
            OperationKind.Single => producer.SingleAsync(_random.Next(options.Users), abort),
            OperationKind.Batch => producer.BatchAsync(PickRecipients(), abort),
            _ => endUsers.ReadAsync(_random.Next(options.Users), _random.Next(), abort),
        };
        _ = task.ContinueWith(static (_, state) => Interlocked.Decrement(ref ((TrafficDriver)state!)._inFlight), this, TaskScheduler.Default);
    }

    /// <summary>K distinct users: a partial Fisher-Yates shuffle, O(K) per batch.</summary>
    private int[] PickRecipients()
    {
        var k = options.BatchSize;
        var n = _permutation.Length;
        for (var i = 0; i < k; i++)
        {
            var j = i + _random.Next(n - i);
            (_permutation[i], _permutation[j]) = (_permutation[j], _permutation[i]);
        }

        return _permutation[..k];
    }
}
