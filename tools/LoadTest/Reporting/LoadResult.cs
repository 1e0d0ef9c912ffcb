using Notifications.LoadTest.Events;
using Notifications.LoadTest.Measure;
using Notifications.LoadTest.Swarm;
using Notifications.LoadTest.Traffic;

namespace Notifications.LoadTest.Reporting;

/// <summary>Every figure of a run; the summary table and the JSON file are both written from it.</summary>
public sealed record LoadResult
{
    public required string RunId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required RunSettings Settings { get; init; }

    /// <summary>Why the run could not start (no node answered, no connection opened); null when it ran.</summary>
    public string? SetupError { get; init; }

    /// <summary>Stopped by Ctrl+C before the planned end.</summary>
    public bool Interrupted { get; init; }

    public required PhaseTimes Phases { get; init; }

    public required TrafficFigures Traffic { get; init; }

    public required LatencySummary DeliveryLatency { get; init; }

    /// <summary>Delivery latency of the operations sent in the steady phase only (the ramp-up left out).</summary>
    public required LatencySummary SteadyDeliveryLatency { get; init; }

    public required LatencySummary CreateAckTime { get; init; }

    public required LatencySummary BatchAckTime { get; init; }

    public required IReadOnlyDictionary<string, long> HttpStatuses { get; init; }

    public required ConnectionFigures Connections { get; init; }

    public required LossFigures Loss { get; init; }

    public required long Duplicated { get; init; }

    public required IReadOnlyList<ProcessFigures> Processes { get; init; }

    /// <summary>Busy share of the whole machine (all cores) during the run.</summary>
    public double? MachineCpuPercent { get; init; }

    /// <summary>1-minute load average when the run started (a shared box: how busy it already was).</summary>
    public double? LoadAverageAtStart { get; init; }

    /// <summary>The timed actions of the options, with when each ran (seconds from the start of the traffic).</summary>
    public IReadOnlyList<ActionOutcome> Actions { get; init; } = [];

    /// <summary>The raw record of the run (library use; not in the JSON report).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public RunTimeline? Timeline { get; init; }

    /// <summary>Retries, give-ups and the longest stall of the producers.</summary>
    public ProducerFigures? Producers { get; init; }

    /// <summary>0 all delivered once; 1 lost or duplicated; 3 the run could not start.</summary>
    public int ExitCode => SetupError is not null ? 3 : Loss.Lost > 0 || Duplicated > 0 ? 1 : 0;
}

public sealed record RunSettings(
    IReadOnlyList<string> Urls,
    int Users,
    int ConnectionsPerUser,
    double Rate,
    double DurationSeconds,
    double RampUpSeconds,
    string Mix,
    int BatchSize,
    int PayloadBytes,
    int Seed,
    int Producers,
    int MaxInFlight);

public sealed record PhaseTimes(double ConnectSeconds, double TrafficSeconds, double SteadySeconds, double DrainSeconds);

/// <summary>
/// Totals over the whole traffic phase; the per-second figures over the steady phase only (after
/// the ramp), which is what a target rate means.
/// </summary>
public sealed record TrafficFigures(
    long RequestsIssued,
    long RequestsSkipped,
    long Errors,
    long NotificationsCreated,
    long Deliveries,
    long DeliveredByCatchUp,
    long ForeignNotifications,
    double RequestsPerSecond,
    double CreatedPerSecond,
    double DeliveredPerSecond);

/// <summary>
/// The producer side: attempts after the first (<see cref="Retries"/>), operations acknowledged only
/// after a retry, operations never acknowledged, answers 503, and the longest time one producer
/// identity went without an acknowledgement (when it ended, in seconds from the start of the traffic).
/// </summary>
public sealed record ProducerFigures(
    long Retries,
    long RetriedAndAcknowledged,
    long GaveUp,
    long ServiceUnavailable,
    double LongestStallMs,
    double LongestStallEndedAtSeconds)
{
    public static ProducerFigures From(Producer producer, IReadOnlyDictionary<string, long> statuses, long trafficStart)
    {
        var (stall, endedAt, _) = producer.Stalls.Longest(trafficStart);
        return new ProducerFigures(
            producer.Retries,
            producer.RetriedAcknowledged,
            producer.GaveUp,
            statuses.GetValueOrDefault("single 503") + statuses.GetValueOrDefault("batch 503"),
            stall,
            endedAt);
    }
}
