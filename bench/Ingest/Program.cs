using System.Text.Json;
using Notifications.Bench.Ingest;
using Notifications.Bench.Shared;
using Npgsql;

// The ceiling for durable writes: the service's table and indexes, rows shaped like its
// notifications, written three ways (one INSERT per row, unnest batches, binary COPY).
string[] known = ["--connection", "--rows", "--repetitions", "--users", "--connections", "--writers", "--batch-size", "--json"];
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
if (string.IsNullOrWhiteSpace(connection))
{
    Console.Error.WriteLine("A PostgreSQL connection string is required: --connection or env NOTIFICATIONS_TEST_POSTGRES (scripts/postgres.sh start prints one).");
    return 2;
}

var settings = new IngestSettings(
    Rows: options.Int("--rows", 100_000, 1, 10_000_000),
    Repetitions: options.Int("--repetitions", 3, 1, 15),
    Users: options.Int("--users", 1_000, 1, 1_000_000),
    Connections: options.Int("--connections", 32, 1, 90),
    Writers: options.Int("--writers", 4, 1, 32),
    BatchSize: options.Int("--batch-size", 512, 1, 10_000));

try
{
    var result = await IngestRun.RunAsync(connection, settings, CancellationToken.None);
    Console.WriteLine(IngestRun.Format(result));
    if (options.Text("--json") is { } path)
    {
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
        Console.WriteLine($"Figures written to {path}");
    }

    return 0;
}
catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidOperationException)
{
    Console.Error.WriteLine($"Ingest failed: {e.Message}");
    return 3;
}
