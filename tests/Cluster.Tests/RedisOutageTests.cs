using System.Diagnostics;
using System.Globalization;
using System.Net;
using Notifications.Cluster.Tests.Infrastructure;
using Notifications.LoadTest;
using Notifications.LoadTest.Events;
using Notifications.LoadTest.Options;
using Notifications.LoadTest.Reporting;

namespace Notifications.Cluster.Tests;

/// <summary>
/// Redis holds the cluster's membership, nothing else. Stopped for 30 s under a steady stream, the
/// running cluster keeps serving creates, reads and pushes; a silo and an Api node started during
/// the outage wait and join once Redis is back; nothing needs a restart and nothing is lost.
/// </summary>
public sealed class RedisOutageTests(ClusterFixture cluster, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan OutageAt = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    [Fact]
    public Task Without_redis_for_30_s_the_running_cluster_serves_and_new_nodes_join_when_it_returns() =>
        cluster.RunKeepingLogsOnFailureAsync(RunAsync, output);

    private async Task RunAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        var backAt = double.NaN;
        SiloNode? lateSilo = null;
        ApiNode? lateApi = null;
        var options = new LoadOptions
        {
            Urls = [.. cluster.Apis.Select(a => a.Url)],
            SigningKey = ClusterFixture.SigningKey,
            UserPrefix = "redis",
            Users = 100,
            ConnectionsPerUser = 2, // one on each Api node
            Rate = 150,
            RampUp = TimeSpan.FromSeconds(2),
            Duration = OutageAt + Outage + TimeSpan.FromSeconds(8),
            Mix = new TrafficMix(Single: 90, Batch: 0, Read: 10),
            Producers = 4,
            CreateRetries = 40,
            CatchUpOnGap = true,
            MaxInFlight = 2_000,
            Drain = TimeSpan.FromSeconds(20),
            ServerPids = [.. cluster.Silos.Select(s => s.Process.Pid), .. cluster.Apis.Select(a => a.Process.Pid)],
            Progress = TextWriter.Null,
            Actions =
            [
                new TimedAction("stop redis", OutageAt, _ => cluster.StopRedisAsync()),
                new TimedAction("start a silo and an Api node", OutageAt + TimeSpan.FromSeconds(5), _ =>
                {
                    lateSilo = cluster.StartAdditionalSilo();
                    lateApi = cluster.StartAdditionalApi();
                    return Task.CompletedTask;
                }),
                new TimedAction("start redis again", OutageAt + Outage, async _ => { await cluster.StartRedisAgainAsync(); backAt = clock.Elapsed.TotalSeconds; }),
            ],
        };

        var result = await LoadRun.RunAsync(options, ct);
        output.WriteLine(SummaryWriter.Format(result));
        var timeline = result.Timeline!;

        // What the running cluster did while Redis was away (seconds from the start of the traffic).
        var (from, to) = (result.Actions[0].FinishedSeconds!.Value + 1, result.Actions[2].StartedSeconds!.Value);
        var acknowledgedDuring = timeline.Acknowledged.Count(a => a.AcknowledgedAt > from && a.AcknowledgedAt < to);
        var pushedDuring = timeline.Connections.Sum(c => c.Received.Values.Count(r => !r.ByCatchUp && r.At > from && r.At < to));

        // The late nodes: alive, and the Api node ready (it reaches a grain and the store) once Redis is back.
        Assert.NotNull(lateSilo);
        Assert.NotNull(lateApi);
        // A silo serves HTTP only once Orleans has started it, which is once it has joined the cluster.
        var siloJoinedAfter = await SecondsUntilOkAsync(new Uri(lateSilo!.Url, "health/live"), clock, backAt, ct);
        var joinedAfter = await SecondsUntilOkAsync(new Uri(lateApi!.Url, "health/ready"), clock, backAt, ct);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Redis stopped from {from - 1:0.0} s to {to:0.0} s of the traffic: {acknowledgedDuring} creates acknowledged and {pushedDuring} pushes delivered meanwhile; the silo and the Api node started during the outage were up {siloJoinedAfter:0.0} s and ready {joinedAfter:0.0} s after Redis returned"));

        await ArtifactJson.WriteAsync("redis.json", new
        {
            OutageSeconds = Math.Round(to - from + 1, 1),
            AcknowledgedDuringOutage = acknowledgedDuring,
            PushedDuringOutage = pushedDuring,
            SiloStartedDuringOutageUpAfterRedisSeconds = Math.Round(siloJoinedAfter, 1),
            ApiStartedDuringOutageReadyAfterRedisSeconds = Math.Round(joinedAfter, 1),
            result.Loss.Lost,
            result.Duplicated,
            result.Producers!.GaveUp,
        }, ct);

        Assert.Null(result.SetupError);
        Assert.All(result.Actions, a => Assert.Null(a.Error));
        Assert.Equal(0, result.Producers!.GaveUp);
        Assert.Equal(0, result.Loss.Lost + result.Loss.MissingOnReconnected);
        Assert.Equal(0, result.Duplicated);
        Assert.Equal(options.TotalConnections, result.Connections.LiveAtEnd);
        Assert.InRange(acknowledgedDuring, (long)(Outage.TotalSeconds * 20), long.MaxValue); // creates kept flowing
        Assert.InRange(pushedDuring, 1_000, long.MaxValue);                                   // and pushes
        Assert.InRange(siloJoinedAfter, 0, 30);
        Assert.InRange(joinedAfter, 0, 30);
        Assert.All(cluster.Silos.Select(s => s.Process).Append(lateSilo!.Process), p => Assert.False(p.HasExited, $"{p.Name} exited"));
        Assert.All(cluster.Apis.Select(a => a.Process).Append(lateApi.Process), p => Assert.False(p.HasExited, $"{p.Name} exited"));
    }

    /// <summary>Polls <paramref name="url"/>; seconds from <paramref name="since"/> (on <paramref name="clock"/>) to its first 200.</summary>
    private static async Task<double> SecondsUntilOkAsync(Uri url, Stopwatch clock, double since, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = clock.Elapsed + TimeSpan.FromSeconds(60);
        while (clock.Elapsed < deadline)
        {
            try
            {
                using var response = await http.GetAsync(url, ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return clock.Elapsed.TotalSeconds - since;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(250, ct);
        }

        return double.PositiveInfinity;
    }
}
