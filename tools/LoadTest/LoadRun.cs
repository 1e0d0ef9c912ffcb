using System.Diagnostics;
using System.Globalization;
using Notifications.LoadTest.Auth;
using Notifications.LoadTest.Events;
using Notifications.LoadTest.Http;
using Notifications.LoadTest.Measure;
using Notifications.LoadTest.Options;
using Notifications.LoadTest.Reporting;
using Notifications.LoadTest.Swarm;
using Notifications.LoadTest.Traffic;

namespace Notifications.LoadTest;

/// <summary>
/// The engine, usable as a library (the smoke test runs it in-process): connect the swarm, run
/// the traffic, drain, match what was acknowledged against what arrived, and report.
/// Every phase is bounded; cancellation stops sending and still produces a result.
/// </summary>
public static class LoadRun
{
    /// <summary>Bound on a single HTTP request; a slower answer is counted as a timeout.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <param name="stop">Stop sending (first Ctrl+C); the drain and the report still happen.</param>
    /// <param name="abort">Skip the waits too (second Ctrl+C).</param>
    public static async Task<LoadResult> RunAsync(LoadOptions options, CancellationToken stop = default, CancellationToken abort = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (OptionsParser.Validate(options) is { } invalid)
        {
            throw new ArgumentException(invalid, nameof(options));
        }

        var startedAt = DateTimeOffset.UtcNow;
        var loadAverage = ReadLoadAverage();
        // Not from the seed: a repeated seed must still get fresh users and inboxes.
        var runId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 4));
        var minter = new TokenMinter(options.SigningKey, options.Issuer, options.Audience);
        var users = new RunUsers(options.UserPrefix, runId, options.Users, minter);
        var producerTokens = Enumerable.Range(0, options.Producers).Select(i => minter.Mint($"{options.UserPrefix}-{runId}-producer-{i}", "service")).ToArray();

        using var api = new ApiClient(options.Urls, options.MaxInFlight + 64, RequestTimeout);
        var tracker = new DeliveryTracker(runId);
        var statuses = new StatusCounter();
        var swarm = new UserSwarm(options, users, api, tracker, statuses);
        var producer = new Producer(api, new RequestBodies(runId, options.PayloadBytes), users, producerTokens, tracker, statuses, options.CreateRetries, runId + "-");
        var driver = new TrafficDriver(options, producer, new EndUserTraffic(api, users, statuses));

        var samplers = options.ServerPids.Select(pid => new ProcFsSampler(pid, "server")).Append(new ProcFsSampler(Environment.ProcessId, "tool")).ToList();
        samplers.ForEach(s => s.Start());
        var machine = new MachineCpuSampler();
        machine.Start();

        var clock = new PhaseClock();
        string? setupError = await CheckNodesAsync(api, stop);
        var steady = new Counters();
        var end = new Counters();
        var drainSeconds = 0.0;
        var actions = Array.Empty<ActionOutcome>();
        var trafficStart = Stopwatch.GetTimestamp();
        await using (var monitor = new ProgressMonitor(options.Progress, samplers))
        {
            if (setupError is null)
            {
                monitor.Show(t => string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds,5:0}s connect  {swarm.Live}/{options.TotalConnections} live, {swarm.FailedToOpen} failed  {monitor.CpuText()}"));
                await swarm.OpenAsync(stop);
                clock.Mark(Phase.Connect);
                if (swarm.Live == 0 && options.TotalConnections > 0)
                {
                    setupError = "No connection could be opened.";
                }
            }

            if (setupError is null && !stop.IsCancellationRequested)
            {
                swarm.MarkTrafficStart();
                trafficStart = Stopwatch.GetTimestamp();
                var timedActions = TimedActions.StartAsync(options.Actions, trafficStart, stop, abort);
                var live = new LiveRates(tracker, statuses);
                monitor.Show(t => string.Create(CultureInfo.InvariantCulture,
                    $"{t.TotalSeconds,5:0}s {(driver.SteadyStartTimestamp == 0 ? "ramp  " : "steady")}  {live.Next(driver.InFlight, driver.Skipped)}  {monitor.CpuText()}"));
                await driver.RunAsync(
                    () =>
                    {
                        steady = Counters.Take(driver, tracker);
                        tracker.MarkSteady(steady.At);
                    },
                    stop,
                    abort);
                end = Counters.Take(driver, tracker);
                clock.Mark(Phase.Traffic);

                monitor.Show(t => string.Create(CultureInfo.InvariantCulture,
                    $"{t.TotalSeconds,5:0}s drain   in flight {driver.InFlight}, acknowledged {tracker.AcknowledgedCount}, delivered {tracker.DeliveredCount}"));
                await driver.WaitForInFlightAsync(RequestTimeout + TimeSpan.FromSeconds(5), abort);
                var drainStart = Stopwatch.GetTimestamp();
                await DrainAsync(options.Drain, tracker, swarm, abort);
                await swarm.WaitForCatchUpsAsync(TimeSpan.FromSeconds(10));
                actions = await timedActions;
                drainSeconds = Stopwatch.GetElapsedTime(drainStart).TotalSeconds;
            }
        }

        var loss = tracker.ComputeLoss(swarm.ByUser);
        var connections = swarm.Figures();
        var timeline = RunTimeline.Capture(users.Ids, options.Urls, tracker, swarm.Connections, trafficStart);
        await swarm.StopAsync(TimeSpan.FromSeconds(30));
        var processes = samplers.Select(s => s.Finish()).ToList();

        var steadySeconds = driver.SteadyStartTimestamp == 0 ? 0 : Math.Max(0.001, (end.At - steady.At) / (double)Stopwatch.Frequency);
        double PerSecond(long value) => steadySeconds == 0 ? 0 : Math.Round(value / steadySeconds, 1);
        return new LoadResult
        {
            RunId = runId,
            StartedAt = startedAt,
            LoadAverageAtStart = loadAverage,
            Settings = new RunSettings(
                [.. options.Urls.Select(u => u.ToString())], options.Users, options.ConnectionsPerUser, options.Rate,
                options.Duration.TotalSeconds, options.RampUp.TotalSeconds, options.Mix.ToString(), options.BatchSize,
                options.PayloadBytes, options.Seed, options.Producers, options.MaxInFlight),
            SetupError = setupError,
            Interrupted = stop.IsCancellationRequested,
            Phases = new PhaseTimes(clock.Seconds(Phase.Connect), clock.Seconds(Phase.Traffic), Math.Round(steadySeconds, 2), Math.Round(drainSeconds, 2)),
            Traffic = new TrafficFigures(
                driver.Issued, driver.Skipped, statuses.Errors, tracker.AcknowledgedCount, tracker.DeliveredCount, tracker.CaughtUpCount, tracker.ForeignCount,
                PerSecond(end.Issued - steady.Issued), PerSecond(end.Acknowledged - steady.Acknowledged), PerSecond(end.Delivered - steady.Delivered)),
            DeliveryLatency = tracker.Delivery.Summarize(),
            SteadyDeliveryLatency = tracker.SteadyDelivery.Summarize(),
            CreateAckTime = tracker.CreateAck.Summarize(),
            BatchAckTime = tracker.BatchAck.Summarize(),
            HttpStatuses = statuses.Snapshot(),
            Connections = connections,
            Loss = loss,
            Duplicated = tracker.Duplicates,
            Processes = processes,
            MachineCpuPercent = machine.BusyPercent(),
            Actions = actions,
            Timeline = timeline,
            Producers = ProducerFigures.From(producer, statuses.Snapshot(), trafficStart),
        };
    }

    /// <summary>
    /// Waits until no connection is reconnecting and every steady or reconnected connection has
    /// every acknowledged notification, or the bound passes.
    /// </summary>
    private static async Task DrainAsync(TimeSpan bound, DeliveryTracker tracker, UserSwarm swarm, CancellationToken abort)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(bound.TotalSeconds * Stopwatch.Frequency);
        while (!abort.IsCancellationRequested && Stopwatch.GetTimestamp() < deadline)
        {
            var loss = tracker.ComputeLoss(swarm.ByUser, sampleSize: 0);
            if (loss.Lost == 0 && loss.MissingOnReconnected == 0 && !swarm.Connections.Any(c => c.State == ConnectionState.Reconnecting))
            {
                return;
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>Fails fast, with a clear message, when a node does not answer at all.</summary>
    private static async Task<string?> CheckNodesAsync(ApiClient api, CancellationToken cancellationToken)
    {
        foreach (var url in api.Urls)
        {
            var node = api.NodeAt(api.Urls.ToList().IndexOf(url));
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                using var request = new HttpRequestMessage(HttpMethod.Get, node.Live);
                using var response = await api.SendAsync(request, timeout.Token);
                if (!response.IsSuccessStatusCode)
                {
                    return $"{node.Live} answered {(int)response.StatusCode}.";
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                return $"{node.Live} did not answer: {e.Message}";
            }
        }

        return null;
    }

    private static double? ReadLoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The counters the per-second figures are computed from, at one instant.</summary>
    private readonly record struct Counters(long At, long Issued, long Acknowledged, long Delivered)
    {
        public static Counters Take(TrafficDriver driver, DeliveryTracker tracker) =>
            new(Stopwatch.GetTimestamp(), driver.Issued, tracker.AcknowledgedCount, tracker.DeliveredCount);
    }

    private enum Phase
    {
        Connect,
        Traffic,
    }

    /// <summary>Durations of consecutive phases.</summary>
    private sealed class PhaseClock
    {
        private readonly Dictionary<Phase, double> _seconds = [];
        private long _last = Stopwatch.GetTimestamp();

        public void Mark(Phase phase)
        {
            var now = Stopwatch.GetTimestamp();
            _seconds[phase] = Math.Round(Stopwatch.GetElapsedTime(_last, now).TotalSeconds, 2);
            _last = now;
        }

        public double Seconds(Phase phase) => _seconds.GetValueOrDefault(phase);
    }
}
