using Microsoft.Extensions.Logging;

namespace Notifications.Grains.Hosting;

/// <summary>
/// Logs a dependency's outage as a state change instead of once per failed request: one warning
/// (with the first exception) when it starts, a one-line summary every <see cref="SummaryPeriod"/>
/// while it lasts, one line when it ends — at the first success after it, or once no failure has
/// been seen for <see cref="QuietPeriod"/> (for callers that only see failures). A 30 s database
/// outage under load is then a handful of lines, not tens of megabytes of stack traces.
/// </summary>
public sealed partial class OutageLog : IDisposable
{
    public static readonly TimeSpan SummaryPeriod = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(10);

    private readonly string _dependency;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private volatile bool _open;
    private ITimer? _timer;
    private long _startedAt;
    private long _lastFailureAt;
    private long _lastSummaryAt;
    private long _failures;
    private long _failuresSinceSummary;
    private string _lastError = "";

    public OutageLog(string dependency, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        _dependency = dependency;
        _logger = logger;
        _time = time;
    }

    /// <summary>Whether an outage is going on (a failure seen, no success and no quiet period since).</summary>
    public bool IsOpen => _open;

    public void Failed(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _lastFailureAt = now;
            _lastError = exception.Message;
            if (_open)
            {
                _failures++;
                _failuresSinceSummary++;
                return;
            }

            _open = true;
            (_startedAt, _lastSummaryAt, _failures, _failuresSinceSummary) = (now, now, 1, 1);
            var tick = SummaryPeriod < QuietPeriod ? SummaryPeriod : QuietPeriod;
            _timer = _time.CreateTimer(_ => Tick(), null, tick / 2, tick / 2);
        }

        LogWarningOutageStarted(_logger, _dependency, exception);
    }

    /// <summary>A call that reached the dependency and succeeded; cheap when nothing is open.</summary>
    public void Succeeded()
    {
        if (_open)
        {
            End("a call succeeded", onlyIfQuiet: false);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void Tick()
    {
        long failures, seconds;
        string error;
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (!_open || _time.GetElapsedTime(_lastFailureAt, now) >= QuietPeriod || _time.GetElapsedTime(_lastSummaryAt, now) < SummaryPeriod)
            {
                failures = -1;
                (seconds, error) = (0, "");
            }
            else
            {
                (failures, seconds, error) = (_failuresSinceSummary, (long)_time.GetElapsedTime(_startedAt, now).TotalSeconds, _lastError);
                (_lastSummaryAt, _failuresSinceSummary) = (now, 0);
            }
        }

        if (failures >= 0)
        {
            LogWarningOutageGoesOn(_logger, _dependency, seconds, failures, (long)SummaryPeriod.TotalSeconds, error);
        }
        else
        {
            End($"no failure for {QuietPeriod.TotalSeconds:0} s", onlyIfQuiet: true);
        }
    }

    private void End(string how, bool onlyIfQuiet)
    {
        long failures;
        double seconds;
        lock (_gate)
        {
            if (!_open || (onlyIfQuiet && _time.GetElapsedTime(_lastFailureAt, _time.GetTimestamp()) < QuietPeriod))
            {
                return;
            }

            _open = false;
            _timer?.Dispose();
            _timer = null;
            (failures, seconds) = (_failures, _time.GetElapsedTime(_startedAt, _time.GetTimestamp()).TotalSeconds);
        }

        LogInformationOutageEnded(_logger, _dependency, Math.Round(seconds, 1), failures, how);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Dependency} is unavailable; failures are counted, and summarized while it lasts")]
    private static partial void LogWarningOutageStarted(ILogger logger, string dependency, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Dependency} still unavailable after {Seconds} s: {Failures} failures in the last {Period} s; last error: {LastError}")]
    private static partial void LogWarningOutageGoesOn(ILogger logger, string dependency, long seconds, long failures, long period, string lastError);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Dependency} is available again after {Seconds} s and {Failures} failures ({How})")]
    private static partial void LogInformationOutageEnded(ILogger logger, string dependency, double seconds, long failures, string how);
}
