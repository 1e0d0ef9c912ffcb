using System.Globalization;

namespace Notifications.Bench.Shared;

/// <summary>Latency percentiles from every sample, sorted once (runs are bounded, so the samples fit).</summary>
public sealed record LatencySummary(long Count, double MeanMs, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs)
{
    public static LatencySummary From(List<double> samplesMs)
    {
        if (samplesMs.Count == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
        }

        var sorted = samplesMs.ToArray();
        Array.Sort(sorted);
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencySummary(sorted.Length, Round(sorted.Average()), Round(At(50)), Round(At(90)), Round(At(99)), Round(At(99.9)), Round(sorted[^1]));
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"p50 {P50Ms:0.00}  p90 {P90Ms:0.00}  p99 {P99Ms:0.00}  p99.9 {P999Ms:0.00}  max {MaxMs:0.00} ms  (n={Count})");

    private static double Round(double v) => Math.Round(v, 3);
}

/// <summary>A tiny <c>--name value</c> parser: every option has a default, unknown ones are errors.</summary>
public sealed class Args
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public Args(string[] args, IReadOnlyCollection<string> known)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (!known.Contains(name))
            {
                throw new ArgumentException($"Unknown option '{name}'. Known: {string.Join(", ", known)}.");
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{name} needs a value.");
            }

            _values[name] = args[++i];
        }
    }

    public string? Text(string name) => _values.GetValueOrDefault(name);

    public int Int(string name, int defaultValue, int min, int max)
    {
        if (Text(name) is not { } text)
        {
            return defaultValue;
        }

        return int.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name}: '{text}' is not a whole number in [{min}, {max}].");
    }

    public double Seconds(string name, double defaultValue, double max) =>
        Text(name) is not { } text ? defaultValue
        : double.TryParse(text.TrimEnd('s'), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 && s <= max ? s
        : throw new ArgumentException($"{name}: '{text}' is not a number of seconds in (0, {max}].");
}
