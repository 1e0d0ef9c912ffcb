using System.Diagnostics;
using System.Globalization;
using System.Text;
using Notifications.Bench.Shared;
using Npgsql;
using NpgsqlTypes;

namespace Notifications.Bench.Ingest;

public sealed record IngestSettings(int Rows, int Repetitions, int Users, int Connections, int Writers, int BatchSize);

public sealed record MethodResult(string Method, string Description, double MedianRowsPerSecond, IReadOnlyList<double> RunsRowsPerSecond, IReadOnlyList<double> RunsSeconds);

public sealed record IngestResult(
    string Tool, DateTimeOffset StartedAt, IngestSettings Settings, IReadOnlyDictionary<string, string> Server,
    double LoadAverageAtStart, double AverageRowBytes, IReadOnlyList<MethodResult> Methods);

/// <summary>
/// Writes the same pre-generated rows into an emptied table (TRUNCATE and CHECKPOINT before each
/// run, so no run pays for another's dirty pages), each method <see cref="IngestSettings.Repetitions"/> times,
/// the methods interleaved so that a noisy neighbour hurts them alike; reports the median.
/// </summary>
public static class IngestRun
{
    public static async Task<IngestResult> RunAsync(string connectionString, IngestSettings s, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = Math.Max(s.Connections, s.Writers) + 4,
            CommandTimeout = 300,
        };
        Loopback.Require(builder.Host);
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var schema = NotificationSchema.Fresh("ingest");
        var startedAt = DateTimeOffset.UtcNow;
        var loadAverage = Loopback.LoadAverage();
        var server = await NotificationSchema.ServerSettingsAsync(dataSource, cancellationToken);

        Console.Error.WriteLine($"Generating {s.Rows:N0} rows for {s.Users:N0} users ...");
        var rows = Generate(s);
        var averageBytes = rows.Average(RowBytes);

        var methods = new (string Name, string Description, Func<NpgsqlDataSource, NotificationSchema, SampleRow[], IngestSettings, CancellationToken, Task> Run)[]
        {
            ("insert-per-row", $"one INSERT per row, autocommit, prepared, {s.Connections} connections", InsertPerRowAsync),
            ("unnest-batch", $"INSERT ... SELECT FROM unnest(arrays), {s.BatchSize} rows per statement, {s.Writers} writers", UnnestBatchAsync),
            ("binary-copy", "COPY ... FROM STDIN (FORMAT BINARY), one connection", BinaryCopyAsync),
        };
        var seconds = methods.Select(_ => new List<double>()).ToArray();

        await schema.CreateAsync(builder.ConnectionString, cancellationToken);
        try
        {
            for (var repetition = 1; repetition <= s.Repetitions; repetition++)
            {
                for (var m = 0; m < methods.Length; m++)
                {
                    await ResetAsync(dataSource, schema, cancellationToken);
                    var started = Stopwatch.GetTimestamp();
                    await methods[m].Run(dataSource, schema, rows, s, cancellationToken);
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
                    await VerifyAsync(dataSource, schema, s.Rows, cancellationToken);
                    seconds[m].Add(elapsed);
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run {repetition}/{s.Repetitions} {methods[m].Name,-15} {s.Rows / elapsed,12:N0} rows/s ({elapsed:0.00} s)"));
                }
            }
        }
        finally
        {
            await schema.DropAsync(dataSource, CancellationToken.None);
        }

        var results = methods.Select((m, i) =>
        {
            var rates = seconds[i].Select(t => Math.Round(s.Rows / t, 1)).ToArray();
            return new MethodResult(m.Name, m.Description, Median(rates), rates, seconds[i].Select(t => Math.Round(t, 3)).ToArray());
        }).ToArray();
        return new IngestResult("bench/Ingest", startedAt, s, server, loadAverage, Math.Round(averageBytes, 1), results);
    }

    public static string Format(IngestResult r)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Ingest ceiling: {r.Settings.Rows:N0} rows x {r.Settings.Repetitions} repetitions, {r.Settings.Users:N0} users, ~{r.AverageRowBytes:0} B of text per row");
        text.AppendLine(c, $"  PostgreSQL {r.Server["server_version"]}: fsync={r.Server["fsync"]}, synchronous_commit={r.Server["synchronous_commit"]}, wal_sync_method={r.Server["wal_sync_method"]}, shared_buffers={r.Server["shared_buffers"]}");
        text.AppendLine(c, $"  load average at start {r.LoadAverageAtStart:0.00} on {Environment.ProcessorCount} cores");
        text.AppendLine(c, $"  {"method",-16} {"median rows/s",14}   runs (rows/s)");
        foreach (var m in r.Methods)
        {
            text.AppendLine(c, $"  {m.Method,-16} {m.MedianRowsPerSecond,14:N0}   {string.Join(", ", m.RunsRowsPerSecond.Select(x => x.ToString("N0", c)))}   ({m.Description})");
        }

        return text.ToString();
    }

    private static SampleRow[] Generate(IngestSettings s)
    {
        var sample = new SampleRows(seed: 42);
        var seqs = new long[s.Users];
        var start = DateTime.UtcNow.AddDays(-1);
        var rows = new SampleRow[s.Rows];
        for (var i = 0; i < rows.Length; i++)
        {
            var user = i % s.Users;
            rows[i] = sample.Next("user-" + user.ToString("D6", CultureInfo.InvariantCulture), ++seqs[user], start.AddMilliseconds(i));
        }

        return rows;
    }

    private static double RowBytes(SampleRow r) =>
        new[] { r.Id, r.UserId, r.Type, r.Title, r.Content, r.Priority, r.SenderId, r.SenderUsername, r.SenderAvatar, r.MessagePreview, r.ConversationId, r.MessageId, r.CallSessionId, r.Data }
            .Sum(t => t is null ? 0 : Encoding.UTF8.GetByteCount(t));

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static async Task ResetAsync(NpgsqlDataSource dataSource, NotificationSchema schema, CancellationToken cancellationToken)
    {
        await using (var truncate = dataSource.CreateCommand($"TRUNCATE {schema.Notifications}, {schema.Keys}"))
        {
            await truncate.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await using var checkpoint = dataSource.CreateCommand("CHECKPOINT");
            await checkpoint.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // Not a superuser: the runs then start from whatever the last checkpoint left.
        }
    }

    private static async Task VerifyAsync(NpgsqlDataSource dataSource, NotificationSchema schema, int expected, CancellationToken cancellationToken)
    {
        await using var count = dataSource.CreateCommand($"SELECT count(*) FROM {schema.Notifications}");
        var actual = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        if (actual != expected)
        {
            throw new InvalidOperationException($"Expected {expected} rows after the run, found {actual}.");
        }
    }

    /// <summary>(a) What a service without batching does: one autocommitted INSERT per notification.</summary>
    private static async Task InsertPerRowAsync(NpgsqlDataSource dataSource, NotificationSchema schema, SampleRow[] rows, IngestSettings s, CancellationToken cancellationToken)
    {
        var next = -1;
        NpgsqlDbType[] types =
        [
            NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text,
            NpgsqlDbType.Text, NpgsqlDbType.Boolean, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz, NpgsqlDbType.Text,
            NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text,
            NpgsqlDbType.Text, NpgsqlDbType.TimestampTz, NpgsqlDbType.Boolean,
            NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz, NpgsqlDbType.Text, NpgsqlDbType.Integer,
            NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz,
        ];
        var placeholders = string.Join(", ", Enumerable.Range(1, types.Length).Select(i => "$" + i.ToString(CultureInfo.InvariantCulture)));
        var sql = $"INSERT INTO {schema.Notifications} ({NotificationSchema.Columns}) VALUES ({placeholders})";
        await Task.WhenAll(Enumerable.Range(0, s.Connections).Select(async _ =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(sql, connection);
            var p = types.Select(t => new NpgsqlParameter { NpgsqlDbType = t }).ToArray();
            command.Parameters.AddRange(p);
            await command.PrepareAsync(cancellationToken);
            int i;
            while ((i = Interlocked.Increment(ref next)) < rows.Length)
            {
                var r = rows[i];
                object?[] values = [r.Id, r.UserId, r.Seq, r.Type, r.Title, r.Content, r.Priority, r.IsRead, r.ReadAt, r.CreatedAt, r.SenderId, r.SenderUsername,
                    r.SenderAvatar, r.MessagePreview, r.ConversationId, r.MessageId, r.CallSessionId, r.Data, r.ExpiresAt, r.Silent,
                    r.SeenAt, r.ArchivedAt, r.SnoozedUntil, r.CollapseKey, r.CollapsedCount, r.Actions, r.ActedAction, r.ActedAt];
                for (var k = 0; k < values.Length; k++)
                {
                    p[k].Value = values[k] ?? DBNull.Value;
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }));
    }

    /// <summary>(b) The service's group-commit shape: the same unnest INSERT as PostgresNotificationStore.InsertAsync.</summary>
    private static async Task UnnestBatchAsync(NpgsqlDataSource dataSource, NotificationSchema schema, SampleRow[] rows, IngestSettings s, CancellationToken cancellationToken)
    {
        var batches = (rows.Length + s.BatchSize - 1) / s.BatchSize;
        var next = -1;
        var sql = $"INSERT INTO {schema.Notifications} ({NotificationSchema.Columns}) SELECT * FROM unnest({NotificationSchema.UnnestArguments})";
        await Task.WhenAll(Enumerable.Range(0, s.Writers).Select(async _ =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            int b;
            while ((b = Interlocked.Increment(ref next)) < batches)
            {
                var chunk = rows.AsSpan(b * s.BatchSize, Math.Min(s.BatchSize, rows.Length - (b * s.BatchSize))).ToArray();
                await using var command = new NpgsqlCommand(sql, connection);
                Add(command, "id", NpgsqlDbType.Text, chunk, r => r.Id);
                Add(command, "user_id", NpgsqlDbType.Text, chunk, r => r.UserId);
                Add(command, "seq", NpgsqlDbType.Bigint, chunk, r => r.Seq);
                Add(command, "type", NpgsqlDbType.Text, chunk, r => r.Type);
                Add(command, "title", NpgsqlDbType.Text, chunk, r => r.Title);
                Add(command, "content", NpgsqlDbType.Text, chunk, r => r.Content);
                Add(command, "priority", NpgsqlDbType.Text, chunk, r => r.Priority);
                Add(command, "is_read", NpgsqlDbType.Boolean, chunk, r => r.IsRead);
                Add(command, "read_at", NpgsqlDbType.TimestampTz, chunk, r => r.ReadAt);
                Add(command, "created_at", NpgsqlDbType.TimestampTz, chunk, r => r.CreatedAt);
                Add(command, "sender_id", NpgsqlDbType.Text, chunk, r => r.SenderId);
                Add(command, "sender_username", NpgsqlDbType.Text, chunk, r => r.SenderUsername);
                Add(command, "sender_avatar", NpgsqlDbType.Text, chunk, r => r.SenderAvatar);
                Add(command, "message_preview", NpgsqlDbType.Text, chunk, r => r.MessagePreview);
                Add(command, "conversation_id", NpgsqlDbType.Text, chunk, r => r.ConversationId);
                Add(command, "message_id", NpgsqlDbType.Text, chunk, r => r.MessageId);
                Add(command, "call_session_id", NpgsqlDbType.Text, chunk, r => r.CallSessionId);
                Add(command, "data", NpgsqlDbType.Text, chunk, r => r.Data);
                Add(command, "expires_at", NpgsqlDbType.TimestampTz, chunk, r => r.ExpiresAt);
                Add(command, "silent", NpgsqlDbType.Boolean, chunk, r => r.Silent);
                Add(command, "seen_at", NpgsqlDbType.TimestampTz, chunk, r => r.SeenAt);
                Add(command, "archived_at", NpgsqlDbType.TimestampTz, chunk, r => r.ArchivedAt);
                Add(command, "snoozed_until", NpgsqlDbType.TimestampTz, chunk, r => r.SnoozedUntil);
                Add(command, "collapse_key", NpgsqlDbType.Text, chunk, r => r.CollapseKey);
                Add(command, "collapsed_count", NpgsqlDbType.Integer, chunk, r => r.CollapsedCount);
                Add(command, "actions", NpgsqlDbType.Text, chunk, r => r.Actions);
                Add(command, "acted_action", NpgsqlDbType.Text, chunk, r => r.ActedAction);
                Add(command, "acted_at", NpgsqlDbType.TimestampTz, chunk, r => r.ActedAt);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }));
    }

    /// <summary>(c) The fastest way into PostgreSQL: one binary COPY stream.</summary>
    private static async Task BinaryCopyAsync(NpgsqlDataSource dataSource, NotificationSchema schema, SampleRow[] rows, IngestSettings s, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await NotificationCopy.CopyAsync(connection, schema, rows, cancellationToken);
    }

    private static void Add<T>(NpgsqlCommand command, string name, NpgsqlDbType type, SampleRow[] rows, Func<SampleRow, T> value) =>
        command.Parameters.Add(new NpgsqlParameter<T[]>(name, NpgsqlDbType.Array | type) { TypedValue = rows.Select(value).ToArray() });
}
