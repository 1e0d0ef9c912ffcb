using Notifications.LoadTest.Options;
using Notifications.LoadTest.Reporting;

namespace Notifications.LoadTest.Tests;

/// <summary>
/// The load tool's engine against the real service, in one process: a short, modest run must
/// deliver every acknowledged notification to every connection exactly once.
/// </summary>
public sealed class SmokeRunTests(ServiceFactory service) : IClassFixture<ServiceFactory>
{
    [Fact]
    public async Task A_short_run_delivers_every_notification_exactly_once_to_every_connection()
    {
        var options = AgainstTheService() with
        {
            Users = 200,
            ConnectionsPerUser = 2, // each notification must reach both connections of its user
            Rate = 300,
            RampUp = TimeSpan.FromSeconds(2),
            Duration = TimeSpan.FromSeconds(8),
            Mix = new TrafficMix(Single: 90, Batch: 5, Read: 5),
            BatchSize = 20,
        };

        var result = await LoadRun.RunAsync(options, TestContext.Current.CancellationToken);

        TestContext.Current.SendDiagnosticMessage(SummaryWriter.Format(result));
        Assert.Null(result.SetupError);
        Assert.Equal(400, result.Connections.SteadyConnections);
        Assert.Equal(0, result.Loss.Lost);
        Assert.Equal(0, result.Duplicated);
        Assert.InRange(result.Traffic.Deliveries, 3_000, long.MaxValue);
        Assert.Equal(result.Loss.Expected, result.Traffic.Deliveries);
        Assert.Equal(0, result.ExitCode);

        // This process hosts one service, so its /metrics shows the service's own instruments.
        using var http = new HttpClient { BaseAddress = service.BaseAddress };
        var metrics = await http.GetStringAsync("metrics", TestContext.Current.CancellationToken);
        Assert.Contains("notifications_create_outcomes_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("notifications_delivered_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("notifications_delivery_latency_seconds_bucket{", metrics, StringComparison.Ordinal);
        Assert.Contains("notifications_inboxes_active{", metrics, StringComparison.Ordinal);
        Assert.Contains("notifications_store_group_commit_batch_size_bucket{", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pushes_lost_for_good_are_reported_lost_exactly_and_fail_the_run()
    {
        const int discarded = 3;
        var options = AgainstTheService() with
        {
            Users = 50,
            ConnectionsPerUser = 2,
            Rate = 100,
            RampUp = TimeSpan.Zero,
            Duration = TimeSpan.FromSeconds(3),
            Mix = new TrafficMix(Single: 100, Batch: 0, Read: 0),
            CatchUpOnGap = true,
            FaultDropPushes = discarded,
        };

        var result = await LoadRun.RunAsync(options, TestContext.Current.CancellationToken);

        TestContext.Current.SendDiagnosticMessage(SummaryWriter.Format(result));
        Assert.Null(result.SetupError);
        Assert.Equal(100, result.Connections.SteadyConnections);
        var dropped = result.Connections.DiscardedByFault!;
        Assert.Equal(discarded, dropped.Count);
        Assert.Equal(discarded, result.Loss.Lost);
        Assert.All(dropped, id => Assert.Contains(result.Loss.LostSamples, s => s.StartsWith(id + " ", StringComparison.Ordinal)));
        Assert.Equal(0, result.Duplicated);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task A_producers_only_run_opens_no_connection_and_counts_every_acknowledged_create()
    {
        var options = AgainstTheService() with
        {
            Users = 50,
            ConnectionsPerUser = 0,
            Rate = 20,
            RampUp = TimeSpan.Zero,
            Duration = TimeSpan.FromSeconds(2),
            Mix = new TrafficMix(Single: 0, Batch: 100, Read: 0),
            BatchSize = 50,
        };

        var result = await LoadRun.RunAsync(options, TestContext.Current.CancellationToken);

        TestContext.Current.SendDiagnosticMessage(SummaryWriter.Format(result));
        Assert.Null(result.SetupError);
        Assert.Equal(0, result.Connections.SteadyConnections);
        Assert.Equal(0, result.Traffic.Deliveries);
        Assert.Equal(0, result.Loss.Expected);
        Assert.Equal(0, result.Traffic.Errors);
        Assert.True(result.Traffic.RequestsIssued > 0);
        Assert.Equal(result.Traffic.RequestsIssued * 50, result.Traffic.NotificationsCreated);
        Assert.Equal(0, result.ExitCode);
    }

    private LoadOptions AgainstTheService() => new()
    {
        Urls = [service.BaseAddress],
        SigningKey = ServiceFactory.SigningKey,
        Progress = TextWriter.Null,
    };
}
