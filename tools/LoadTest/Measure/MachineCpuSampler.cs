using System.Globalization;

namespace Notifications.LoadTest.Measure;

/// <summary>
/// Whole-machine CPU from the first line of /proc/stat, so a report shows whether the box itself
/// was saturated (on a shared 2-core machine that decides how to read every other figure).
/// </summary>
public sealed class MachineCpuSampler
{
    private (long Busy, long Total)? _start;

    public void Start() => _start = Read();

    /// <summary>Busy share of all cores since <see cref="Start"/>, in %; null without /proc/stat.</summary>
    public double? BusyPercent()
    {
        if (_start is not { } start || Read() is not { } now || now.Total == start.Total)
        {
            return null;
        }

        return Math.Round(100.0 * (now.Busy - start.Busy) / (now.Total - start.Total), 1);
    }

    private static (long Busy, long Total)? Read()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            var fields = reader.ReadLine()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // cpu user nice system idle iowait irq softirq steal ...
            long total = 0;
            for (var i = 1; i < fields.Length && i <= 8; i++)
            {
                total += long.Parse(fields[i], CultureInfo.InvariantCulture);
            }

            var idle = long.Parse(fields[4], CultureInfo.InvariantCulture) + long.Parse(fields[5], CultureInfo.InvariantCulture);
            return (total - idle, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or NullReferenceException)
        {
            return null;
        }
    }
}
