using System.Diagnostics;
using System.Globalization;

namespace Notifications.LoadTest.Measure;

/// <summary>
/// CPU and memory of one local process from /proc/&lt;pid&gt;/stat (utime + stime) and
/// /proc/&lt;pid&gt;/status (VmRSS, VmHWM). Sampled once a second by the run so the peak RSS is
/// the run's own, not the process's lifetime high-water mark (VmHWM is reported too).
/// On systems without /proc the tool's own CPU still comes from <see cref="Process"/>.
/// </summary>
public sealed class ProcFsSampler
{
    /// <summary>USER_HZ: the unit of utime/stime; 100 on every Linux ABI .NET runs on.</summary>
    private const double ClockTicksPerSecond = 100;

    private readonly int _pid;
    private readonly bool _self;
    private long _startTimestamp;
    private double _startCpuSeconds;
    private long _lastTimestamp;
    private double _lastCpuSeconds;
    private long _peakRssBytes;

    public ProcFsSampler(int pid, string role)
    {
        _pid = pid;
        _self = pid == Environment.ProcessId;
        Role = role;
    }

    public string Role { get; }

    public int Pid => _pid;

    /// <summary>CPU over the last sampling interval, in % of one core.</summary>
    public double LastCpuPercent { get; private set; }

    /// <summary>The busiest sampling interval (about a second); the average hides a saturated steady phase.</summary>
    public double PeakCpuPercent { get; private set; }

    public bool Available { get; private set; } = true;

    public void Start()
    {
        _startTimestamp = _lastTimestamp = Stopwatch.GetTimestamp();
        _startCpuSeconds = _lastCpuSeconds = CpuSeconds() ?? 0;
        Sample();
    }

    public void Sample()
    {
        var now = Stopwatch.GetTimestamp();
        var cpu = CpuSeconds();
        if (cpu is null)
        {
            Available = false;
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
        if (elapsed > 0.05)
        {
            LastCpuPercent = (cpu.Value - _lastCpuSeconds) / elapsed * 100;
            PeakCpuPercent = Math.Max(PeakCpuPercent, LastCpuPercent);
            _lastTimestamp = now;
            _lastCpuSeconds = cpu.Value;
        }

        if (StatusBytes("VmRSS:") is { } rss)
        {
            _peakRssBytes = Math.Max(_peakRssBytes, rss);
        }
    }

    public ProcessFigures Finish()
    {
        Sample();
        var elapsed = Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;
        var cpu = (CpuSeconds() ?? _lastCpuSeconds) - _startCpuSeconds;
        return new ProcessFigures(
            Role,
            _pid,
            Available,
            Math.Round(cpu, 2),
            elapsed > 0 ? Math.Round(cpu / elapsed * 100, 1) : 0,
            Math.Round(PeakCpuPercent, 1),
            Math.Round(_peakRssBytes / 1_048_576.0, 1),
            Math.Round((StatusBytes("VmHWM:") ?? 0) / 1_048_576.0, 1));
    }

    private double? CpuSeconds()
    {
        try
        {
            // Field 2 (comm) may hold spaces and parentheses: parse after the last ')'.
            var stat = File.ReadAllText($"/proc/{_pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks / ClockTicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return _self ? Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds : null;
        }
    }

    private long? StatusBytes(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    // "VmRSS:	  123456 kB"
                    var value = line[field.Length..].Trim().Split(' ')[0];
                    return long.Parse(value, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }

        return _self ? Environment.WorkingSet : null;
    }
}

/// <summary>One process's figures over the run: CPU in % of one core (200 % = both cores of a 2-core box).</summary>
public sealed record ProcessFigures(string Role, int Pid, bool Available, double CpuSeconds, double AverageCpuPercent, double PeakCpuPercent, double PeakRssMb, double HighWaterRssMb);
