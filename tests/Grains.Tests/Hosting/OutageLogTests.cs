using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Notifications.Grains.Hosting;

namespace Notifications.Grains.Tests.Hosting;

/// <summary>An outage is a few lines — start, a summary per period, end — however many calls fail.</summary>
public sealed class OutageLogTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger _logger = new();

    [Fact]
    public void A_thousand_failures_log_one_warning_with_the_first_exception()
    {
        using var outage = new OutageLog("The store", _logger, _time);

        for (var i = 0; i < 1_000; i++)
        {
            outage.Failed(new InvalidOperationException($"refused {i}"));
        }

        var record = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Equal("refused 0", record.Exception?.Message);
        Assert.True(outage.IsOpen);
    }

    [Fact]
    public void While_failures_go_on_a_summary_counts_them_once_per_period()
    {
        using var outage = new OutageLog("The store", _logger, _time);
        outage.Failed(new InvalidOperationException("first"));

        for (var second = 0; second < 10; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            outage.Failed(new InvalidOperationException("again"));
            outage.Failed(new InvalidOperationException("again"));
        }

        // The summary is written when 10 s have passed: the first failure and the two of each second before it.
        var records = _logger.Collector.GetSnapshot();
        Assert.Equal(2, records.Count);
        Assert.Equal(LogLevel.Warning, records[1].Level);
        Assert.Null(records[1].Exception);
        Assert.Contains("19 failures in the last 10 s", records[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_success_ends_it_with_one_line_and_the_next_failure_starts_a_new_one()
    {
        using var outage = new OutageLog("The store", _logger, _time);
        outage.Failed(new InvalidOperationException("down"));
        _time.Advance(TimeSpan.FromSeconds(3));

        outage.Succeeded();
        outage.Succeeded();

        Assert.False(outage.IsOpen);
        var ended = _logger.Collector.GetSnapshot()[^1];
        Assert.Equal(LogLevel.Information, ended.Level);
        Assert.Contains("available again after 3 s and 1 failures", ended.Message, StringComparison.Ordinal);
        Assert.Equal(2, _logger.Collector.Count);

        outage.Failed(new InvalidOperationException("down again"));
        Assert.Equal(3, _logger.Collector.Count);
    }

    [Fact]
    public void Without_successes_to_see_it_ends_after_a_quiet_period()
    {
        using var outage = new OutageLog("The store", _logger, _time);
        outage.Failed(new InvalidOperationException("down"));

        _time.Advance(OutageLog.QuietPeriod + TimeSpan.FromSeconds(5));

        Assert.False(outage.IsOpen);
        Assert.Contains("no failure for 10 s", _logger.Collector.LatestRecord.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Successes_without_an_outage_log_nothing()
    {
        using var outage = new OutageLog("The store", _logger, _time);

        outage.Succeeded();

        Assert.Equal(0, _logger.Collector.Count);
    }
}
