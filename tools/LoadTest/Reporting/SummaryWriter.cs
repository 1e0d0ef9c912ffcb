using System.Globalization;
using System.Text;
using Notifications.LoadTest.Measure;

namespace Notifications.LoadTest.Reporting;

/// <summary>The end-of-run table, plain aligned text (it goes into READMEs and CI logs as it is).</summary>
public static class SummaryWriter
{
    public static string Format(LoadResult r)
    {
        var s = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        void Row(string name, string value) => s.AppendLine(c, $"  {name,-30} {value}");
        void Latency(string name, LatencySummary l) => Row(name, l.Count == 0
            ? "-"
            : string.Create(c, $"p50 {l.P50Ms:0.0}  p90 {l.P90Ms:0.0}  p99 {l.P99Ms:0.0}  p99.9 {l.P999Ms:0.0}  max {l.MaxMs:0.0} ms  (n={l.Count})"));

        s.AppendLine(c, $"Run {r.RunId}  {r.StartedAt:yyyy-MM-dd HH:mm:ss}Z{(r.Interrupted ? "  (interrupted by Ctrl+C)" : "")}");
        var o = r.Settings;
        Row("target", string.Join(", ", o.Urls));
        Row("settings", string.Create(c, $"{o.Users} users x {o.ConnectionsPerUser} conn, rate {o.Rate}/s, mix {o.Mix}, batch {o.BatchSize}, payload {o.PayloadBytes} B"));
        Row("phases (s)", string.Create(c, $"connect {r.Phases.ConnectSeconds:0.0}, traffic {r.Phases.TrafficSeconds:0.0} (steady {r.Phases.SteadySeconds:0.0}), drain {r.Phases.DrainSeconds:0.0}"));
        if (r.SetupError is not null)
        {
            Row("SETUP ERROR", r.SetupError);
        }

        foreach (var a in r.Actions)
        {
            Row("action " + a.Name, a.Error is null
                ? string.Create(c, $"at {a.StartedSeconds:0.00} s (planned {a.PlannedSeconds:0.00}), done at {a.FinishedSeconds:0.00} s")
                : string.Create(c, $"planned at {a.PlannedSeconds:0.00} s: {a.Error}"));
        }

        var t = r.Traffic;
        s.AppendLine("Throughput (steady phase)");
        Row("requests/s", string.Create(c, $"{t.RequestsPerSecond:0.0}  (issued {t.RequestsIssued}, skipped {t.RequestsSkipped}, errors {t.Errors})"));
        Row("notifications created/s", string.Create(c, $"{t.CreatedPerSecond:0.0}  (acknowledged {t.NotificationsCreated})"));
        Row("deliveries/s", string.Create(c, $"{t.DeliveredPerSecond:0.0}  (pushed {t.Deliveries}, by catch-up {t.DeliveredByCatchUp})"));
        if (r.Producers is { } pf)
        {
            Row("producers", string.Create(c, $"retries {pf.Retries} (acknowledged after a retry {pf.RetriedAndAcknowledged}), 503s {pf.ServiceUnavailable}, gave up {pf.GaveUp}"));
            Row("longest producer stall", string.Create(c, $"{pf.LongestStallMs:0} ms (ended at {pf.LongestStallEndedAtSeconds:0.0} s)"));
        }

        s.AppendLine("Latency");
        Latency("delivery (send -> event)", r.DeliveryLatency);
        Latency("  sent in steady phase", r.SteadyDeliveryLatency);
        Latency("single create ack (201)", r.CreateAckTime);
        Latency("batch ack (200)", r.BatchAckTime);
        s.AppendLine("Correctness");
        Row("LOST", string.Create(c, $"{r.Loss.Lost} of {r.Loss.Expected} expected deliveries on steady connections"));
        Row("DUPLICATED", r.Duplicated.ToString(c));
        Row("reconnected: missing", string.Create(c, $"{r.Loss.MissingOnReconnected} of {r.Loss.ExpectedOnReconnected} after catch-up"));
        foreach (var sample in r.Loss.LostSamples)
        {
            Row("  lost e.g.", sample);
        }

        var k = r.Connections;
        s.AppendLine("Connections");
        Row("opened / requested", string.Create(c, $"{k.Opened} / {k.Requested}  (steady {k.SteadyConnections}, no snapshot {k.WithoutSnapshot})"));
        Row("failures", string.Create(c, $"failed to open {k.FailedToOpen}, dropped {k.Drops}, reconnected {k.Reconnects}, closed for good {k.ClosedForGood}"));
        Row("catch-up", string.Create(c, $"{k.CaughtUpNotifications} fetched; catch-ups on a gap {k.GapCatchUps}; failed passes retried {k.CatchUpRetries}; live at the end {k.LiveAtEnd}"));
        foreach (var (reason, count) in k.OpenFailures)
        {
            Row("  open failure", string.Create(c, $"{count} x {reason}"));
        }

        s.AppendLine("HTTP");
        foreach (var (key, count) in r.HttpStatuses)
        {
            Row("  " + key, count.ToString(c));
        }

        s.AppendLine("Processes (CPU in % of one core)");
        foreach (var p in r.Processes)
        {
            Row(string.Create(c, $"{p.Role} (pid {p.Pid})"), p.Available
                ? string.Create(c, $"avg cpu {p.AverageCpuPercent:0.0}% ({p.CpuSeconds:0.0} s), busiest second {p.PeakCpuPercent:0}%, peak rss {p.PeakRssMb:0} MB (hwm {p.HighWaterRssMb:0} MB)")
                : "not readable");
        }

        Row("machine", string.Create(c, $"busy {Text(r.MachineCpuPercent)}% of all {Environment.ProcessorCount} cores; load average at start {Text(r.LoadAverageAtStart)}"));
        s.AppendLine(r.ExitCode switch
        {
            0 when r.Settings.ConnectionsPerUser == 0 => "RESULT: producers only (--connections-per-user 0): every create was acknowledged; nothing to deliver.",
            0 when r.Connections.SteadyConnections == 0 => "RESULT: no connection stayed up the whole run, so loss could not be measured (see reconnected).",
            0 => "RESULT: every acknowledged notification reached every steady connection exactly once.",
            1 => "RESULT: FAILED - notifications were lost or duplicated.",
            _ => "RESULT: the run could not start.",
        });
        return s.ToString();
    }

    private static string Text(double? value) => value?.ToString("0.0#", CultureInfo.InvariantCulture) ?? "n/a";
}
