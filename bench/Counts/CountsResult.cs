using System.Globalization;
using System.Text;
using Notifications.Bench.Shared;

namespace Notifications.Bench.Counts;

public sealed record CountsSettings(int Users, int PerUser, int Workers, double DurationSeconds, double WarmupSeconds, int HttpUsers, int SeedConcurrency);

/// <summary>One way of answering Counts, measured closed-loop by <see cref="CountsSettings.Workers"/> workers.</summary>
public sealed record CountsFigure(string Source, string Description, long Requests, long Errors, double RequestsPerSecond, LatencySummary Latency);

/// <summary>How the service side was filled, and how long that took.</summary>
public sealed record HttpSeeding(int Users, int PerUser, int BatchRequests, double Seconds, int Total, int Unread);

public sealed record CountsResult(
    string Tool, DateTimeOffset FinishedAt, CountsSettings Settings, IReadOnlyDictionary<string, string>? Server, HttpSeeding? HttpSeeding,
    double LoadAverageAtEnd, IReadOnlyList<CountsFigure> Figures, double? ServiceOverBestSql)
{
    public static double? Ratio(IReadOnlyList<CountsFigure> figures)
    {
        var sql = figures.Where(f => f.Source.StartsWith("sql", StringComparison.Ordinal)).Select(f => f.RequestsPerSecond).DefaultIfEmpty(0).Max();
        var service = figures.FirstOrDefault(f => f.Source == "service-http")?.RequestsPerSecond ?? 0;
        return sql > 0 && service > 0 ? Math.Round(service / sql, 2) : null;
    }

    public string Format()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Counts at {Settings.PerUser:N0} notifications per user: {Settings.Workers} closed-loop workers, {Settings.DurationSeconds:0.#} s each after {Settings.WarmupSeconds:0.#} s warm-up");
        if (Server is not null)
        {
            text.AppendLine(c, $"  SQL side: {Settings.Users} users x {Settings.PerUser:N0} rows (seeded with COPY); PostgreSQL {Server["server_version"]}, shared_buffers={Server["shared_buffers"]}");
        }

        if (HttpSeeding is { } s)
        {
            text.AppendLine(c, $"  service side: {s.Users} users x {s.PerUser:N0} notifications seeded with {s.BatchRequests:N0} batch requests in {s.Seconds:0.0} s; counts of a user after seeding: total {s.Total:N0}, unread {s.Unread:N0}");
        }

        text.AppendLine(c, $"  {"source",-28} {"req/s",10}  latency");
        foreach (var f in Figures)
        {
            text.AppendLine(c, $"  {f.Source,-28} {f.RequestsPerSecond,10:N0}  {f.Latency}  errors {f.Errors}");
            text.AppendLine(c, $"  {"",-28} {"",10}  ({f.Description})");
        }

        if (ServiceOverBestSql is { } ratio)
        {
            text.AppendLine(c, $"  service from grain memory / best SQL per request: {ratio:0.00}x requests/s");
        }

        text.AppendLine(c, $"  load average at end {LoadAverageAtEnd:0.00} on {Environment.ProcessorCount} cores");
        return text.ToString();
    }
}

/// <summary>Closed-loop workers for a fixed time (plus warm-up), each request timed.</summary>
public static class ClosedLoop
{
    /// <summary>A bound on requests per worker, whatever the duration says.</summary>
    private const long MaxRequestsPerWorker = 5_000_000;

    public static async Task<(long Requests, long Errors, double Seconds, List<double> LatenciesMs)> RunAsync(
        int workers, double warmupSeconds, double durationSeconds, Func<int, Func<Random, Task>> workerFactory, CancellationToken cancellationToken)
    {
        var latencies = new List<double>[workers];
        var errors = new long[workers];
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var measureStart = started + (long)(warmupSeconds * System.Diagnostics.Stopwatch.Frequency);
        var end = measureStart + (long)(durationSeconds * System.Diagnostics.Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(
            async () =>
            {
                var once = workerFactory(w);
                var random = new Random(1000 + w);
                var mine = latencies[w] = new List<double>(65536);
                for (long n = 0; n < MaxRequestsPerWorker; n++)
                {
                    var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                    if (t0 >= end)
                    {
                        break;
                    }

                    try
                    {
                        await once(random);
                        if (t0 >= measureStart)
                        {
                            mine.Add(System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        if (t0 >= measureStart)
                        {
                            errors[w]++;
                        }
                    }
                }
            },
            cancellationToken)));
        var all = latencies.SelectMany(l => l).ToList();
        return (all.Count, errors.Sum(), durationSeconds, all);
    }
}
