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
    public async Task Killing_a_silo_then_an_api_node_under_load_loses_and_duplicates_nothing()
    {
        try
        {
            await RunAsync();
        }
        catch
        {
            cluster.KeepLogs();
            output.WriteLine(cluster.Tails());
            throw;
        }
    }

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

        var stored = await ListStoreAsync(survivingApi.Url, timeline.UserIds, ct);
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
        Assert.InRange(report.Acknowledged, 5_000, long.MaxValue);       // the stream really flowed
        // No false death verdict under this load: a live silo declared dead would have stopped itself.
        Assert.All(cluster.Silos.Skip(1).Select(s => s.Process).Append(survivingApi.Process), p => Assert.False(p.HasExited, $"{p.Name} exited"));
    }

    private static Task Kill(NodeProcess process)
    {
        process.Kill();
        return process.WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Every notification of every user, through the API (afterSeq pages, oldest first).</summary>
    private static async Task<Dictionary<string, List<NotificationView>>> ListStoreAsync(Uri node, IReadOnlyList<string> userIds, CancellationToken ct)
    {
        var minter = new TokenMinter(ClusterFixture.SigningKey, "notifications", "notifications");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var stored = new ConcurrentDictionary<string, List<NotificationView>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(userIds, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (userId, token) =>
        {
            var bearer = new AuthenticationHeaderValue("Bearer", minter.Mint(userId));
            var items = new List<NotificationView>();
            long afterSeq = 0;
            for (var page = 0; page < 1_000; page++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(node, $"api/notifications?limit=100&afterSeq={afterSeq}"));
                request.Headers.Authorization = bearer;
                using var response = await http.SendAsync(request, token);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var list = (await response.Content.ReadFromJsonAsync(WireJson.Default.ListAnswer, token))!;
                items.AddRange(list.Items);
                if (!list.HasMore || list.Items.Count == 0)
                {
                    break;
                }

                afterSeq = list.Items[^1].Seq;
            }

            stored[userId] = items;
        });
        return new Dictionary<string, List<NotificationView>>(stored, StringComparer.Ordinal);
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
