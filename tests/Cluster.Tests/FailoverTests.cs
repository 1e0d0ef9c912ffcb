using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Notifications.Cluster.Tests.Infrastructure;
using Notifications.LoadTest;
using Notifications.LoadTest.Auth;
using Notifications.LoadTest.Events;
using Notifications.LoadTest.Http;
using Notifications.LoadTest.Options;
using Notifications.LoadTest.Reporting;

namespace Notifications.Cluster.Tests;

/// <summary>
/// A steady stream of creates through both Api nodes to a few hundred users, each with one
/// connection on each node; kill -9 of one silo, later kill -9 of one Api node. Producers retry a
/// failed create on the other node with the same idempotency key; clients reconnect to the other
/// node and catch up by seq after any gap. At the end every acknowledged notification is on every
/// connection of its user exactly once, and in the store; nothing else is in the store.
/// </summary>
public sealed class FailoverTests(ClusterFixture cluster, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan SiloKillAt = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ApiKillAt = TimeSpan.FromSeconds(25);

    /// <summary>A delivery later than this after its send counts as disturbed by a failure (the machine is shared and slow).</summary>
    private const double LateSeconds = 2.0;

    [Fact]
    public Task Killing_a_silo_then_an_api_node_under_load_loses_and_duplicates_nothing() =>
        cluster.RunKeepingLogsOnFailureAsync(RunAsync, output);

    private async Task RunAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var killedSilo = cluster.Silos[0];
        var killedApi = cluster.Apis[1];
        var survivingApi = cluster.Apis[0];
        var loadAtStart = LoadAverage();
        var progress = new StringWriter(CultureInfo.InvariantCulture);
        var options = new LoadOptions
        {
            Urls = [.. cluster.Apis.Select(a => a.Url)],
            SigningKey = ClusterFixture.SigningKey,
            UserPrefix = "cluster",
            Users = 300,
            ConnectionsPerUser = 2, // one on each Api node
            Rate = 320,
            RampUp = TimeSpan.FromSeconds(3),
            Duration = TimeSpan.FromSeconds(37),
            Mix = new TrafficMix(Single: 95, Batch: 5, Read: 0), // about 450 notifications/s
            BatchSize = 10,
            Producers = 4,
            CreateRetries = 40,
            CatchUpOnGap = true,
            // One push is lost on purpose, for good: the loss check must find exactly that one, so a
            // pass proves the check can see a loss and a failure cannot come from the client losing track.
            FaultDropPushes = 1,
            MaxInFlight = 4_000,
            Drain = TimeSpan.FromSeconds(20),
            ServerPids = [.. cluster.Silos.Select(s => s.Process.Pid), .. cluster.Apis.Select(a => a.Process.Pid)],
            Progress = progress,
            Actions =
            [
                new TimedAction("kill -9 silo1", SiloKillAt, _ => Kill(killedSilo.Process)),
                new TimedAction("kill -9 api2", ApiKillAt, _ => Kill(killedApi.Process)),
            ],
        };

        var result = await LoadRun.RunAsync(options, ct);
        var timeline = result.Timeline!;
        output.WriteLine(SummaryWriter.Format(result));

        var stored = await StoreListing.ListAsync(survivingApi.Url, timeline.UserIds, ct);
        var report = FailoverReport.Compute(result, timeline, stored, LateSeconds, loadAtStart, LoadAverage());
        output.WriteLine(report.Describe());
        await ArtifactJson.WriteAsync("failover.json", report, ct);
        output.WriteLine("Progress:" + Environment.NewLine + progress);

        Assert.Null(result.SetupError);
        Assert.All(result.Actions, a => Assert.Null(a.Error));
        Assert.Equal(options.TotalConnections, result.Connections.Opened);
        Assert.Equal(0, result.Producers!.GaveUp);                       // every create was acknowledged in the end
        Assert.Equal(options.TotalConnections, result.Connections.LiveAtEnd); // every client is back
        Assert.Single(result.Connections.DiscardedByFault!);
        Assert.Equal(1, report.LostOnPurposeFound);                      // the loss check sees a loss
        Assert.Equal(0, report.Lost);                                    // every other acknowledged notification on every connection of its user
        Assert.Equal(0, result.Duplicated);                              // and once only
        Assert.Equal(0, report.AcknowledgedMissingFromStore);            // acknowledged means stored
        Assert.Equal(0, report.StoredNotAcknowledged);                   // a retry never stored a second one
        Assert.Equal(0, report.UsersWithSeqHoles);                       // each user's seqs run 1, 2, 3 …
        Assert.Equal(0, report.RepeatedSeqs);
        Assert.InRange(report.Acknowledged, 5_000, long.MaxValue);       // the stream really flowed
        // No false death verdict under this load: a live silo declared dead would have stopped itself.
        Assert.All(cluster.Silos.Skip(1).Select(s => s.Process).Append(survivingApi.Process), p => Assert.False(p.HasExited, $"{p.Name} exited"));
    }

    private static Task Kill(NodeProcess process)
    {
        process.Kill();
        return process.WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    private static double? LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return null;
        }
    }
}
