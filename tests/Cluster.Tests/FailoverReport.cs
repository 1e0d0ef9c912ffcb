using System.Globalization;
using System.Text;
using Notifications.LoadTest.Http;
using Notifications.LoadTest.Reporting;
using Notifications.LoadTest.Swarm;

namespace Notifications.Cluster.Tests;

/// <summary>
/// The figures of the failover run, computed from the load tool's result and timeline and from
/// what the store holds; written to the test output and to a JSON file. Times in seconds; "after
/// the kill" means from the moment the kill was sent.
/// </summary>
public sealed record FailoverReport
{
    public required string RunId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required string Settings { get; init; }
    public double? LoadAverageAtStart { get; init; }
    public double? LoadAverageAtEnd { get; init; }
    public double? MachineBusyPercent { get; init; }

    public required long Acknowledged { get; init; }
    public required double CreatedPerSecondSteady { get; init; }
    public required double CreatedPerSecondBeforeSiloKill { get; init; }
    public required double CreatedPerSecondBetweenKills { get; init; }
    public required double CreatedPerSecondAfterApiKill { get; init; }
    public required long DeliveredByPush { get; init; }
    public required long DeliveredByCatchUp { get; init; }
    public required long GapCatchUps { get; init; }

    public required long Lost { get; init; }
    public required IReadOnlyList<string> LostSamples { get; init; }

    /// <summary>Notifications the load tool lost on purpose (<c>FaultDropPushes</c>) that the loss check found; not in <see cref="Lost"/>.</summary>
    public required long LostOnPurposeFound { get; init; }
    public required long Duplicated { get; init; }
    public required long Stored { get; init; }
    public required long AcknowledgedMissingFromStore { get; init; }
    public required long StoredNotAcknowledged { get; init; }
    public required int UsersWithSeqHoles { get; init; }
    public required long RepeatedSeqs { get; init; }

    public required long Retries { get; init; }
    public required long AcknowledgedAfterRetry { get; init; }
    public required long GaveUp { get; init; }
    public required long Answers503 { get; init; }
    public required long TransportErrors { get; init; }
    public required double LongestProducerStallMs { get; init; }
    public required double LongestProducerStallEndedAt { get; init; }
    public required double LongestGapBetweenAnyAcknowledgementsMs { get; init; }
    public required double LongestCreateMs { get; init; }
    public required double LongestBatchMs { get; init; }
    public required double DeliveryP50Ms { get; init; }
    public required double DeliveryP99Ms { get; init; }
    public required double DeliveryMaxMs { get; init; }

    public required double SiloKilledAt { get; init; }
    public required int SiloKillAffectedUsers { get; init; }
    public required double SiloKillFirstPushAgainMedian { get; init; }
    public required double SiloKillFirstPushAgainMax { get; init; }
    public required double SiloKillLastLateDelivery { get; init; }

    public required double ApiKilledAt { get; init; }
    public required int ApiKillDroppedConnections { get; init; }
    public required int ApiKillConnectionsNotBack { get; init; }
    public required double ApiKillAllLiveAgain { get; init; }
    public required double ApiKillLiveAgainMedian { get; init; }
    public required double ApiKillFirstDeliveryAgainMedian { get; init; }
    public required double ApiKillFirstDeliveryAgainMax { get; init; }

    public required IReadOnlyDictionary<string, long> HttpStatuses { get; init; }

    public static FailoverReport Compute(
        LoadResult result,
        RunTimeline timeline,
        IReadOnlyDictionary<string, List<NotificationView>> stored,
        double lateSeconds,
        double? loadAtStart,
        double? loadAtEnd)
    {
        var siloKill = result.Actions[0].StartedSeconds ?? double.NaN;
        var apiKill = result.Actions[1].StartedSeconds ?? double.NaN;
        var acks = timeline.Acknowledged;
        var audit = DeliveryAudit.Compute(result, timeline, stored);
        var siloOutage = PushOutage.Measure(timeline, siloKill, apiKill, lateSeconds);

        // Api kill: the connections that dropped, when they were live again and when they next received something.
        var dropped = timeline.Connections
            .Select(c => (Connection: c, Drop: c.Events.FirstOrDefault(e => e.State == ConnectionState.Reconnecting && e.At >= apiKill)))
            .Where(x => x.Drop is not null)
            .ToArray();
        var liveAgain = dropped
            .Select(x => x.Connection.Events.FirstOrDefault(e => e.State == ConnectionState.Live && e.At > x.Drop!.At)?.At - apiKill)
            .ToArray();
        var firstDeliveryAgain = dropped
            .Select(x => x.Connection.Received.Values.Where(r => r.At > x.Drop!.At).Select(r => r.At - apiKill).DefaultIfEmpty(double.NaN).Min())
            .Where(v => !double.IsNaN(v))
            .ToArray();

        var ackTimes = acks.Select(a => a.AcknowledgedAt).Order().ToArray();
        var end = ackTimes.Length > 0 ? ackTimes[^1] : 0;
        var rampEnd = result.Settings.RampUpSeconds;
        double Rate(double from, double to) => to > from ? Math.Round(ackTimes.Count(t => t >= from && t < to) / (to - from), 1) : 0;
        var longestGap = ackTimes.Zip(ackTimes.Skip(1), (x, y) => y - x).DefaultIfEmpty(0).Max();

        var statuses = result.HttpStatuses;
        var p = result.Producers!;
        return new FailoverReport
        {
            RunId = result.RunId,
            StartedAt = result.StartedAt,
            Settings = string.Create(CultureInfo.InvariantCulture,
                $"{result.Settings.Users} users x {result.Settings.ConnectionsPerUser} connections over {result.Settings.Urls.Count} Api nodes, rate {result.Settings.Rate}/s, mix {result.Settings.Mix}, batch {result.Settings.BatchSize}, ramp {result.Settings.RampUpSeconds} s + steady {result.Settings.DurationSeconds} s"),
            LoadAverageAtStart = loadAtStart,
            LoadAverageAtEnd = loadAtEnd,
            MachineBusyPercent = result.MachineCpuPercent,
            Acknowledged = acks.Count,
            CreatedPerSecondSteady = result.Traffic.CreatedPerSecond,
            CreatedPerSecondBeforeSiloKill = Rate(rampEnd, siloKill),
            CreatedPerSecondBetweenKills = Rate(siloKill, apiKill),
            CreatedPerSecondAfterApiKill = Rate(apiKill, end),
            DeliveredByPush = result.Traffic.Deliveries,
            DeliveredByCatchUp = result.Traffic.DeliveredByCatchUp,
            GapCatchUps = result.Connections.GapCatchUps,
            Lost = audit.Lost,
            LostSamples = audit.LostSamples,
            LostOnPurposeFound = audit.LostOnPurposeFound,
            Duplicated = result.Duplicated,
            Stored = audit.Stored,
            AcknowledgedMissingFromStore = audit.AcknowledgedMissingFromStore,
            StoredNotAcknowledged = audit.StoredNotAcknowledged,
            UsersWithSeqHoles = audit.UsersWithSeqHoles,
            RepeatedSeqs = audit.RepeatedSeqs,
            Retries = p.Retries,
            AcknowledgedAfterRetry = p.RetriedAndAcknowledged,
            GaveUp = p.GaveUp,
            Answers503 = p.ServiceUnavailable,
            TransportErrors = statuses.Where(kv => kv.Key.Contains("transport", StringComparison.Ordinal) || kv.Key.EndsWith("timeout", StringComparison.Ordinal)).Sum(kv => kv.Value),
            LongestProducerStallMs = p.LongestStallMs,
            LongestProducerStallEndedAt = p.LongestStallEndedAtSeconds,
            LongestGapBetweenAnyAcknowledgementsMs = Math.Round(longestGap * 1000, 1),
            LongestCreateMs = result.CreateAckTime.MaxMs,
            LongestBatchMs = result.BatchAckTime.MaxMs,
            DeliveryP50Ms = result.DeliveryLatency.P50Ms,
            DeliveryP99Ms = result.DeliveryLatency.P99Ms,
            DeliveryMaxMs = result.DeliveryLatency.MaxMs,
            SiloKilledAt = Round(siloKill),
            SiloKillAffectedUsers = siloOutage.AffectedUsers,
            SiloKillFirstPushAgainMedian = siloOutage.FirstPushAgainMedian,
            SiloKillFirstPushAgainMax = siloOutage.FirstPushAgainMax,
            SiloKillLastLateDelivery = siloOutage.LastLateDelivery,
            ApiKilledAt = Round(apiKill),
            ApiKillDroppedConnections = dropped.Length,
            ApiKillConnectionsNotBack = liveAgain.Count(v => v is null),
            ApiKillAllLiveAgain = Round(liveAgain.Select(v => v ?? double.NaN).DefaultIfEmpty(0).Max()),
            ApiKillLiveAgainMedian = Round(Median([.. liveAgain.Where(v => v is not null).Select(v => v!.Value)])),
            ApiKillFirstDeliveryAgainMedian = Round(Median(firstDeliveryAgain)),
            ApiKillFirstDeliveryAgainMax = Round(firstDeliveryAgain.DefaultIfEmpty(0).Max()),
            HttpStatuses = statuses,
        };
    }

    public string Describe()
    {
        var s = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        s.AppendLine(c, $"Cluster failover run {RunId}: {Settings}");
        s.AppendLine(c, $"  load average {LoadAverageAtStart} at start, {LoadAverageAtEnd} at end; machine busy {MachineBusyPercent}% (2 silos, 2 Api nodes, PostgreSQL, Redis and the load tool on {Environment.ProcessorCount} cores)");
        s.AppendLine(c, $"  creates/s: {CreatedPerSecondSteady} steady; {CreatedPerSecondBeforeSiloKill} before the silo kill, {CreatedPerSecondBetweenKills} between the kills, {CreatedPerSecondAfterApiKill} after the Api kill");
        s.AppendLine(c, $"  acknowledged {Acknowledged}; delivered by push {DeliveredByPush}, by catch-up {DeliveredByCatchUp} (catch-ups on a gap {GapCatchUps})");
        s.AppendLine(c, $"  LOST {Lost} (besides {LostOnPurposeFound} lost on purpose and found), DUPLICATED {Duplicated}; store holds {Stored}: acknowledged but not stored {AcknowledgedMissingFromStore}, stored but not acknowledged {StoredNotAcknowledged}; users with a seq hole {UsersWithSeqHoles}, repeated seqs {RepeatedSeqs}");
        foreach (var sample in LostSamples)
        {
            s.AppendLine(c, $"    lost e.g. {sample}");
        }

        s.AppendLine(c, $"  producers: {Retries} retries ({AcknowledgedAfterRetry} operations acknowledged after a retry), {Answers503} answers 503, {TransportErrors} transport errors/timeouts, gave up {GaveUp}");
        s.AppendLine(c, $"  longest producer stall {LongestProducerStallMs} ms (ended at {LongestProducerStallEndedAt} s); longest gap between any two acknowledgements {LongestGapBetweenAnyAcknowledgementsMs} ms; longest create {LongestCreateMs} ms, batch {LongestBatchMs} ms (retries included)");
        s.AppendLine(c, $"  delivery p50 {DeliveryP50Ms} ms, p99 {DeliveryP99Ms} ms, max {DeliveryMaxMs} ms");
        s.AppendLine(c, $"  silo killed at {SiloKilledAt} s: {SiloKillAffectedUsers} users with late deliveries; first push again after {SiloKillFirstPushAgainMedian} s (median) / {SiloKillFirstPushAgainMax} s (max); last late delivery {SiloKillLastLateDelivery} s after the kill");
        s.AppendLine(c, $"  Api killed at {ApiKilledAt} s: {ApiKillDroppedConnections} connections dropped, {ApiKillConnectionsNotBack} not back; all live again after {ApiKillAllLiveAgain} s (median {ApiKillLiveAgainMedian} s); first delivery again after {ApiKillFirstDeliveryAgainMedian} s (median) / {ApiKillFirstDeliveryAgainMax} s (max)");
        return s.ToString();
    }

    private static double Round(double value) => PushOutage.Round(value);

    private static double Median(double[] values) => PushOutage.Median(values);
}
