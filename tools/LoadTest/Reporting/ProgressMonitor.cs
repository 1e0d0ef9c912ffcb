using System.Diagnostics;
using Notifications.LoadTest.Measure;

namespace Notifications.LoadTest.Reporting;

/// <summary>
/// Once a second: samples the processes (so peak RSS is seen) and writes one progress line built
/// by the current phase. Runs until disposed; writing is best effort and never fails the run.
/// </summary>
public sealed class ProgressMonitor : IAsyncDisposable
{
    private readonly TextWriter? _writer;
    private readonly IReadOnlyList<ProcFsSampler> _samplers;
    private readonly CancellationTokenSource _stop = new();
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly Task _loop;
    private volatile Func<TimeSpan, string>? _line;

    public ProgressMonitor(TextWriter? writer, IReadOnlyList<ProcFsSampler> samplers)
    {
        _writer = writer;
        _samplers = samplers;
        _loop = LoopAsync();
    }

    /// <summary>The phase's line, given the time since the run started.</summary>
    public void Show(Func<TimeSpan, string>? line) => _line = line;

    public string CpuText() => string.Join("  ", _samplers.Where(s => s.Available).Select(s => $"{s.Role} cpu {s.LastCpuPercent,3:0}%"));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                foreach (var sampler in _samplers)
                {
                    sampler.Sample();
                }

                if (_writer is not null && _line is { } line)
                {
                    await _writer.WriteLineAsync(line(Stopwatch.GetElapsedTime(_start)));
                    await _writer.FlushAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
