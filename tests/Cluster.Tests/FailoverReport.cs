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
        var byUser = timeline.Connections.GroupBy(c => c.User).ToDictionary(g => g.Key, g => g.ToArray());

        // Lost: an acknowledged notification missing from any connection of its user, whatever the connection went through.
        // The ones the tool discarded on purpose are counted apart: finding them proves the check sees a loss.
        var onPurpose = (result.Connections.DiscardedByFault ?? []).ToHashSet(StringComparer.Ordinal);
        long lost = 0, lostOnPurposeFound = 0;
        var lostSamples = new List<string>();
        foreach (var a in acks)
        {
            foreach (var c in byUser[a.User])
            {
                if (!c.Received.ContainsKey(a.Id) && onPurpose.Contains(a.Id))
                {
                    lostOnPurposeFound++;
                }
                else if (!c.Received.ContainsKey(a.Id))
                {
                    lost++;
                    if (lostSamples.Count < 10)
                    {
                        lostSamples.Add($"{a.Id} (user {timeline.UserIds[a.User]}, connection {c.Index} on node {c.Node}, sent at {a.SentAt:0.000} s, acknowledged at {a.AcknowledgedAt:0.000} s)");
                    }
                }
            }
        }

        // The store against the acknowledgements, both ways.
        var acknowledgedIds = acks.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var storedIds = stored.Values.SelectMany(v => v).Select(n => n.Id).ToHashSet(StringComparer.Ordinal);

        // Silo kill: users whose deliveries were late (or came by catch-up) for notifications sent between the kills.
        var late = new List<(int User, double At)>();
        foreach (var a in acks.Where(a => a.SentAt >= siloKill && a.SentAt < apiKill))
        {
            foreach (var c in byUser[a.User])
            {
                if (c.Received.TryGetValue(a.Id, out var r) && (r.ByCatchUp || r.At - a.SentAt > lateSeconds))
                {
                    late.Add((a.User, r.At));
                }
            }
        }

        var affectedUsers = late.Select(l => l.User).ToHashSet();
        var sentAt = acks.GroupBy(a => a.Id).ToDictionary(g => g.Key, g => g.First().SentAt, StringComparer.Ordinal);
        var firstPushAgain = affectedUsers.Select(user => byUser[user]
                .SelectMany(c => c.Received)
                .Where(kv => !kv.Value.ByCatchUp && sentAt.TryGetValue(kv.Key, out var s) && s >= siloKill)
                .Select(kv => kv.Value.At - siloKill)
                .DefaultIfEmpty(double.NaN)
                .Min())
            .Where(v => !double.IsNaN(v))
            .ToArray();

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
            Lost = lost,
            LostSamples = lostSamples,
            LostOnPurposeFound = lostOnPurposeFound,
            Duplicated = result.Duplicated,
            Stored = storedIds.Count,
            AcknowledgedMissingFromStore = acknowledgedIds.Count(id => !storedIds.Contains(id)),
            StoredNotAcknowledged = storedIds.Count(id => !acknowledgedIds.Contains(id)),
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
            SiloKillAffectedUsers = affectedUsers.Count,
            SiloKillFirstPushAgainMedian = Round(Median(firstPushAgain)),
            SiloKillFirstPushAgainMax = Round(firstPushAgain.DefaultIfEmpty(0).Max()),
            SiloKillLastLateDelivery = Round(late.Select(l => l.At - siloKill).DefaultIfEmpty(0).Max()),
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
        s.AppendLine(c, $"  LOST {Lost} (besides {LostOnPurposeFound} lost on purpose and found), DUPLICATED {Duplicated}; store holds {Stored}: acknowledged but not stored {AcknowledgedMissingFromStore}, stored but not acknowledged {StoredNotAcknowledged}");
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

    private static double Median(double[] values)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        Array.Sort(values);
        return values[values.Length / 2];
    }

    private static double Round(double value) => double.IsNaN(value) ? -1 : Math.Round(value, 2);
}
