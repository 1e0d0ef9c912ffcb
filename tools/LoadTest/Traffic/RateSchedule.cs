namespace Notifications.LoadTest.Traffic;

/// <summary>
/// The open-loop schedule: the rate grows linearly from 0 to <see cref="Rate"/> over the ramp, then
/// holds. Operations due by a time are the integral of the rate, so a late tick catches up
/// instead of lowering the rate (no coordinated omission from a slow server).
/// </summary>
public sealed record RateSchedule(double Rate, TimeSpan RampUp, TimeSpan Steady)
{
    public TimeSpan Total => RampUp + Steady;

    /// <summary>Operations due from the start until <paramref name="elapsed"/>.</summary>
    public long DueBy(TimeSpan elapsed)
    {
        var t = Math.Min(elapsed.TotalSeconds, Total.TotalSeconds);
        var ramp = RampUp.TotalSeconds;
        var due = t <= ramp
            ? Rate * t * t / (2 * ramp)
            : (Rate * ramp / 2) + (Rate * (t - ramp));
        return (long)due;
    }
}
