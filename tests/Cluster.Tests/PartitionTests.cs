using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Notifications.Cluster.Tests.Infrastructure;
using Notifications.LoadTest;
using Notifications.LoadTest.Events;
using Notifications.LoadTest.Options;
using Notifications.LoadTest.Reporting;

namespace Notifications.Cluster.Tests;

/// <summary>
/// A steady stream of creates through both Api nodes while silo1, in a network namespace of its
/// own, is cut off from everything (the other silo, the Api nodes, Redis, PostgreSQL) for 30 s and
/// then healed. Its users' inboxes must come back on silo2 while the cut lasts, and afterwards
/// nothing acknowledged is missing, nothing is there twice, and every user's seqs run without a
/// hole or a repeat: the isolated silo's stale activations cannot write over the new ones.
/// </summary>
public sealed partial class PartitionTests(PartitionFixture cluster, ITestOutputHelper output) : IClassFixture<PartitionFixture>
{
    private static readonly TimeSpan CutAt = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan Cut = TimeSpan.FromSeconds(30);

    /// <summary>A delivery later than this after its send counts as disturbed by the cut.</summary>
    private const double LateSeconds = 2.0;

    [Fact]
    public Task A_silo_cut_off_for_30_s_under_load_loses_duplicates_and_misorders_nothing() =>
        cluster.RunKeepingLogsOnFailureAsync(RunAsync, output);

    private async Task RunAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var isolated = cluster.Silos[0];
        var clock = Stopwatch.StartNew();
        var healedAt = double.NaN;
        Task<List<(double At, string Answer)>>? probing = null;
        var options = new LoadOptions
        {
            Urls = [.. cluster.Apis.Select(a => a.Url)],
            SigningKey = ClusterFixture.SigningKey,
            UserPrefix = "partition",
            Users = 200,
            ConnectionsPerUser = 2, // one on each Api node
            Rate = 220,
            RampUp = TimeSpan.FromSeconds(3),
            Duration = CutAt + Cut + TimeSpan.FromSeconds(12),
            Mix = new TrafficMix(Single: 95, Batch: 5, Read: 0),
            BatchSize = 10,
            Producers = 4,
            CreateRetries = 40,
            CatchUpOnGap = true,
            FaultDropPushes = 1, // as in the failover test: the loss check must find exactly this one
            MaxInFlight = 4_000,
            Drain = TimeSpan.FromSeconds(20),
            ServerPids = [.. cluster.Silos.Select(s => s.Process.Pid), .. cluster.Apis.Select(a => a.Process.Pid)],
            Progress = TextWriter.Null,
            Actions =
            [
                new TimedAction("cut silo1 off", CutAt, async _ =>
                {
                    await cluster.Network.CutAsync();
                    probing = ProbeFromInsideAsync(isolated, clock, ct);
                }),
                new TimedAction("heal", CutAt + Cut, async _ =>
                {
                    await cluster.Network.HealAsync();
                    healedAt = clock.Elapsed.TotalSeconds;
                }),
            ],
        };

        var result = await LoadRun.RunAsync(options, ct);
        output.WriteLine(SummaryWriter.Format(result));
        var timeline = result.Timeline!;
        var (cutFrom, healFrom) = (result.Actions[0].FinishedSeconds ?? double.NaN, result.Actions[1].StartedSeconds ?? double.NaN);

        // What the isolated silo did: alive and serving its own HTTP inside the namespace during the cut?
        // Did it stop itself once healed (it learns from the membership table it was declared dead)?
        var probes = probing is null ? [] : await probing;
        var exitedAfterHeal = await SecondsUntilExitAsync(isolated.Process, clock, healedAt, TimeSpan.FromSeconds(90));
        var isolatedLog = IsolatedSiloStory(isolated.Process.LogPath);

        var stored = await StoreListing.ListAsync(cluster.Apis[0].Url, timeline.UserIds, ct);
        var audit = DeliveryAudit.Compute(result, timeline, stored);
        var outage = PushOutage.Measure(timeline, cutFrom, healFrom, LateSeconds);
        var acknowledgedDuringCut = timeline.Acknowledged.Count(a => a.AcknowledgedAt > cutFrom && a.AcknowledgedAt < healFrom);
        var report = new
        {
            result.RunId,
            Settings = string.Create(CultureInfo.InvariantCulture, $"{options.Users} users x {options.ConnectionsPerUser} connections over 2 Api nodes, rate {options.Rate}/s, cut at {CutAt.TotalSeconds} s for {Cut.TotalSeconds} s"),
            result.MachineCpuPercent,
            Acknowledged = timeline.Acknowledged.Count,
            AcknowledgedDuringCut = acknowledgedDuringCut,
            audit.Lost,
            audit.LostSamples,
            audit.LostOnPurposeFound,
            result.Duplicated,
            audit.Stored,
            audit.AcknowledgedMissingFromStore,
            audit.StoredNotAcknowledged,
            audit.UsersWithSeqHoles,
            audit.RepeatedSeqs,
            audit.SeqSamples,
            CutUsersAffected = outage.AffectedUsers,
            CutFirstPushAgainMedianSeconds = outage.FirstPushAgainMedian,
            CutFirstPushAgainMaxSeconds = outage.FirstPushAgainMax,
            CutLastLateDeliverySeconds = outage.LastLateDelivery,
            result.Producers!.Retries,
            Answers503 = result.Producers.ServiceUnavailable,
            result.Producers.GaveUp,
            LongestCreateMsIncludingRetries = result.CreateAckTime.MaxMs,
            IsolatedSiloLiveProbesDuringCut = probes.GroupBy(p => p.Answer).ToDictionary(g => g.Key, g => g.Count()),
            IsolatedSiloExitedSecondsAfterHeal = double.IsPositiveInfinity(exitedAfterHeal) ? (double?)null : Math.Round(exitedAfterHeal, 1),
            IsolatedSiloLog = isolatedLog,
        };
        var json = System.Text.Json.JsonSerializer.Serialize(report, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        output.WriteLine(json);
        await ArtifactJson.WriteAsync("partition.json", report, ct);

        Assert.Null(result.SetupError);
        Assert.All(result.Actions, a => Assert.Null(a.Error));
        Assert.Equal(0, result.Producers.GaveUp);                         // every create acknowledged in the end
        Assert.Equal(options.TotalConnections, result.Connections.LiveAtEnd);
        Assert.Single(result.Connections.DiscardedByFault!);
        Assert.Equal(1, audit.LostOnPurposeFound);                        // the loss check sees a loss
        Assert.Equal(0, audit.Lost);                                      // and there is no other
        Assert.Equal(0, result.Duplicated);
        Assert.Equal(0, audit.AcknowledgedMissingFromStore);
        Assert.Equal(0, audit.StoredNotAcknowledged);
        Assert.Equal(0, audit.UsersWithSeqHoles);
        Assert.Equal(0, audit.RepeatedSeqs);
        Assert.InRange(acknowledgedDuringCut, (long)(Cut.TotalSeconds * 50), long.MaxValue); // the rest of the cluster kept serving
        Assert.InRange(outage.AffectedUsers, 1, options.Users);           // the cut really took inboxes away …
        Assert.InRange(outage.FirstPushAgainMax, 0, Cut.TotalSeconds);    // … and every one came back before the heal
        Assert.All(cluster.Silos.Skip(1).Select(s => s.Process).Concat(cluster.Apis.Select(a => a.Process)), p => Assert.False(p.HasExited, $"{p.Name} exited"));
    }

    /// <summary>Every second of the cut, from inside the namespace: does the isolated silo still answer its own /health/live?</summary>
    private async Task<List<(double At, string Answer)>> ProbeFromInsideAsync(SiloNode silo, Stopwatch clock, CancellationToken ct)
    {
        var probes = new List<(double, string)>();
        var url = new Uri(silo.Url, "health/live").ToString();
        for (var i = 0; i < (int)Cut.TotalSeconds && cluster.Network.IsCut && !ct.IsCancellationRequested; i++)
        {
            var answer = await cluster.Network.RunInsideAsync("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "2", url], TimeSpan.FromSeconds(5));
            if (cluster.Network.IsCut)
            {
                probes.Add((clock.Elapsed.TotalSeconds, answer.Trim() is { Length: > 0 } code && code != "000" ? code : "no answer"));
            }

            await Task.Delay(1000, ct);
        }

        return probes;
    }

    private static async Task<double> SecondsUntilExitAsync(NodeProcess process, Stopwatch clock, double since, TimeSpan bound)
    {
        try
        {
            await process.WaitForExitAsync(bound);
            return clock.Elapsed.TotalSeconds - since;
        }
        catch (OperationCanceledException)
        {
            return double.PositiveInfinity;
        }
    }

    /// <summary>The isolated silo's own account: warnings and errors by kind, and its lines about being declared dead.</summary>
    private static object IsolatedSiloStory(string logPath)
    {
        string[] lines;
        using (var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var reader = new StreamReader(stream))
        {
            lines = reader.ReadToEnd().Split('\n');
        }

        var levels = lines.Select(l => LevelPattern().Match(l)).Where(m => m.Success).GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.Count());
        var dead = lines.Where(l => l.Contains("dead", StringComparison.OrdinalIgnoreCase)).Select(l => l.Length > 300 ? l[..300] : l).Take(5).ToArray();
        return new { Levels = levels, DeclaredDeadLines = dead };
    }

    [GeneratedRegex(@"^(?:\S+ )?(warn|fail|crit):")]
    private static partial Regex LevelPattern();
}
