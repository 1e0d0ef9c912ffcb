using Notifications.LoadTest.Events;

namespace Notifications.LoadTest.Options;

/// <summary>
/// Everything a run needs. The defaults make <c>--url http://127.0.0.1:5000</c> alone a useful
/// one-minute run: 1,000 users with one connection each and 500 operations/s for 30 s after a 10 s ramp.
/// </summary>
public sealed record LoadOptions
{
    /// <summary>Api nodes; connections and requests are spread over them round-robin.</summary>
    public IReadOnlyList<Uri> Urls { get; init; } = [];

    public int Users { get; init; } = 1_000;

    public int ConnectionsPerUser { get; init; } = 1;

    /// <summary>Operations per second drawn from <see cref="Mix"/>; with <c>single=100</c> it is creates/s.</summary>
    public double Rate { get; init; } = 500;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The rate grows linearly from 0 to <see cref="Rate"/> over this time, then holds for <see cref="Duration"/>.</summary>
    public TimeSpan RampUp { get; init; } = TimeSpan.FromSeconds(10);

    public TrafficMix Mix { get; init; } = TrafficMix.Default;

    /// <summary>Recipients of each batch request (distinct users of the run).</summary>
    public int BatchSize { get; init; } = 10;

    /// <summary>Characters of content (up to 1,000) and, beyond that, of padding in <c>data</c>.</summary>
    public int PayloadBytes { get; init; } = 100;

    public int Seed { get; init; } = 1;

    public string? JsonPath { get; init; }

    public bool AllowRemote { get; init; }

    /// <summary>A hard bound on HTTP requests of the traffic phase, whatever the rate and duration say.</summary>
    public long MaxRequests { get; init; } = 5_000_000;

    /// <summary>At most this many traffic requests in flight; beyond it the scheduler counts the op as skipped.</summary>
    public int MaxInFlight { get; init; } = 1_000;

    /// <summary>Distinct producer identities (role <c>service</c>); each has its own server rate-limit bucket.</summary>
    public int Producers { get; init; } = 4;

    /// <summary>Connections opened at once while the swarm starts.</summary>
    public int ConnectConcurrency { get; init; } = 64;

    /// <summary>Bound on the whole connect phase.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>How long to wait after the last send for outstanding deliveries (stops early when all arrived).</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(10);

    public string SigningKey { get; init; } = "";

    public string Issuer { get; init; } = "notifications";

    public string Audience { get; init; } = "notifications";

    /// <summary>Prefix of the user ids; the run id is appended so every run has fresh inboxes.</summary>
    public string UserPrefix { get; init; } = "lt";

    /// <summary>Processes sampled through /proc (local targets only).</summary>
    public IReadOnlyList<int> ServerPids { get; init; } = [];

    /// <summary>Where the once-a-second progress line goes; null for none.</summary>
    public TextWriter? Progress { get; init; }

    /// <summary>
    /// Retries of a failed create or batch (5xx, 429, transport error, timeout), each to the next
    /// node with the operation's idempotency key; 0 (the default) sends no key and never retries.
    /// </summary>
    public int CreateRetries { get; init; }

    /// <summary>
    /// Catch up (<c>afterSeq</c>) whenever a connection sees a gap, as a robust client does: a
    /// counts snapshot whose <c>lastSeq</c> is beyond the seq it trusts, or a push that skips a
    /// seq (<see cref="Swarm.SeqWatermark"/>). What it fetches is counted as "by catch-up". Off by
    /// default (then only reconnects catch up).
    /// </summary>
    public bool CatchUpOnGap { get; init; }

    /// <summary>
    /// Fault injection that proves the loss check: the first N pushes that reach steady
    /// connections are lost for good (seq trusted, notification never kept). A run must then
    /// report exactly those notifications lost. 0 (the default) in every real measurement.
    /// </summary>
    public int FaultDropPushes { get; init; }

    /// <summary>Actions run at set times of the traffic phase (library use, e.g. failure injection).</summary>
    public IReadOnlyList<TimedAction> Actions { get; init; } = [];

    public int TotalConnections => Users * ConnectionsPerUser;
}
