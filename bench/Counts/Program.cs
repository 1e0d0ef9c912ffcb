using System.Text.Json;
using Notifications.Bench.Counts;
using Notifications.Bench.Shared;
using Npgsql;

// Counts at 10,000 notifications per user: indexed SQL per request against the service's
// table, and (with --http) the service's own GET /api/notifications/counts from grain memory.
string[] known = ["--connection", "--users", "--per-user", "--workers", "--duration", "--warmup", "--http", "--signing-key", "--http-users", "--seed-concurrency", "--json"];
Args options;
try
{
    options = new Args(args, known);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var connection = options.Text("--connection") ?? Environment.GetEnvironmentVariable("NOTIFICATIONS_TEST_POSTGRES");
var http = options.Text("--http");
if (string.IsNullOrWhiteSpace(connection) && http is null)
{
    Console.Error.WriteLine("Give a PostgreSQL connection (--connection or env NOTIFICATIONS_TEST_POSTGRES) for the SQL side, --http <url> for the service side, or both.");
    return 2;
}

CountsSettings settings;
try
{
    settings = new CountsSettings(
        Users: options.Int("--users", 50, 1, 10_000),
        PerUser: options.Int("--per-user", 10_000, 1, 1_000_000),
        Workers: options.Int("--workers", 4, 1, 256),
        DurationSeconds: options.Seconds("--duration", 10, 3600),
        WarmupSeconds: options.Seconds("--warmup", 2, 600),
        HttpUsers: options.Int("--http-users", 4, 1, 100),
        SeedConcurrency: options.Int("--seed-concurrency", 16, 1, 256));
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

try
{
    var figures = new List<CountsFigure>();
    Dictionary<string, string>? server = null;
    HttpSeeding? seeding = null;
    if (!string.IsNullOrWhiteSpace(connection))
    {
        var (sql, serverSettings) = await SqlCounts.RunAsync(connection, settings, CancellationToken.None);
        figures.AddRange(sql);
        server = serverSettings;
    }

    if (http is not null)
    {
        var key = options.Text("--signing-key") ?? Environment.GetEnvironmentVariable("Auth__SigningKey") ?? "";
        var (figure, seeded) = await HttpCounts.RunAsync(new Uri(http), key, settings, CancellationToken.None);
        figures.Add(figure);
        seeding = seeded;
    }

    var result = new CountsResult("bench/Counts", DateTimeOffset.UtcNow, settings, server, seeding, Loopback.LoadAverage(), figures, CountsResult.Ratio(figures));
    Console.WriteLine(result.Format());
    if (options.Text("--json") is { } path)
    {
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
        Console.WriteLine($"Figures written to {path}");
    }

    return 0;
}
catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidOperationException or HttpRequestException)
{
    Console.Error.WriteLine($"Counts failed: {e.Message}");
    return 3;
}
