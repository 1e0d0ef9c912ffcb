using System.Globalization;
using Notifications.Bench.Shared;
using Npgsql;
using NpgsqlTypes;

namespace Notifications.Bench.Counts;

/// <summary>
/// Counts computed by PostgreSQL per request, over the service's own indexes, for random users.
/// Two forms, both one round trip (an <see cref="NpgsqlBatch"/>), prepared:
/// <list type="bullet">
/// <item><c>sql-group-by</c>: one GROUP BY (type, priority, is_read) over the user's live rows, the
/// query the service itself runs when an inbox activates; plus the inbox's last_seq.</item>
/// <item><c>sql-unread-index</c>: unread by (type, priority) through the (user_id, is_read) index,
/// the total as a separate count, plus last_seq.</item>
/// </list>
/// Both honour expiry as the service must (expired rows are never counted).
/// </summary>
public static class SqlCounts
{
    private const string Live = "(expires_at IS NULL OR expires_at > $2)";

    public static async Task<(IReadOnlyList<CountsFigure> Figures, Dictionary<string, string> Server)> RunAsync(string connectionString, CountsSettings s, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = s.Workers + 4,
            MaxAutoPrepare = 16,
            AutoPrepareMinUsages = 2,
            CommandTimeout = 600,
        };
        Loopback.Require(builder.Host);
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var server = await NotificationSchema.ServerSettingsAsync(dataSource, cancellationToken);
        var schema = NotificationSchema.Fresh("counts");
        await schema.CreateAsync(builder.ConnectionString, cancellationToken);
        try
        {
            await SeedAsync(dataSource, schema, s, cancellationToken);
            var users = Enumerable.Range(0, s.Users).Select(UserId).ToArray();
            var variants = new (string Source, string Description, string[] Sql)[]
            {
                ("sql-group-by", "one GROUP BY type, priority, is_read over the user's live rows + last_seq; one round trip", [
                    $"SELECT type, priority, is_read, count(*)::int FROM {schema.Notifications} WHERE user_id = $1 AND {Live} GROUP BY type, priority, is_read",
                    $"SELECT last_seq FROM {schema.Inboxes} WHERE user_id = $1",
                ]),
                ("sql-unread-index", "unread GROUP BY type, priority via (user_id, is_read) + total count + last_seq; one round trip", [
                    $"SELECT type, priority, false, count(*)::int FROM {schema.Notifications} WHERE user_id = $1 AND is_read = false AND {Live} GROUP BY type, priority",
                    $"SELECT count(*)::int FROM {schema.Notifications} WHERE user_id = $1 AND {Live}",
                    $"SELECT last_seq FROM {schema.Inboxes} WHERE user_id = $1",
                ]),
            };

            // Both forms must agree with each other before either is timed.
            var check = users[0];
            var a = await QueryAsync(dataSource, variants[0].Sql, check, cancellationToken);
            var b = await QueryAsync(dataSource, variants[1].Sql, check, cancellationToken);
            if (a != b)
            {
                throw new InvalidOperationException($"The SQL forms disagree for {check}: {a} vs {b}.");
            }

            Console.Error.WriteLine($"  counts of {check}: {a}");
            var figures = new List<CountsFigure>();
            foreach (var (source, description, sql) in variants)
            {
                var (requests, errors, seconds, latencies) = await ClosedLoop.RunAsync(
                    s.Workers,
                    s.WarmupSeconds,
                    s.DurationSeconds,
                    _ => random => QueryAsync(dataSource, sql, users[random.Next(users.Length)], cancellationToken),
                    cancellationToken);
                figures.Add(new CountsFigure(source, description, requests, errors, Math.Round(requests / seconds, 1), LatencySummary.From(latencies)));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {source}: {requests / seconds:N0} req/s"));
            }

            return (figures, server);
        }
        finally
        {
            await schema.DropAsync(dataSource, CancellationToken.None);
        }
    }

    private static string UserId(int i) => "counts-user-" + i.ToString("D5", CultureInfo.InvariantCulture);

    private static async Task SeedAsync(NpgsqlDataSource dataSource, NotificationSchema schema, CountsSettings s, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var sample = new SampleRows(seed: 7);
        var now = DateTime.UtcNow;
        IEnumerable<SampleRow> Rows()
        {
            for (var u = 0; u < s.Users; u++)
            {
                // 10,000 notifications over the last 90 days; the newest are more often unread.
                for (var seq = 1; seq <= s.PerUser; seq++)
                {
                    var age = TimeSpan.FromDays(90.0 * (s.PerUser - seq) / s.PerUser);
                    var unreadShare = seq > s.PerUser - 200 ? 0.6 : 0.15;
                    yield return sample.Next(UserId(u), seq, now - age, unreadShare, expiringShare: 0.05);
                }
            }
        }

        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await NotificationCopy.CopyAsync(connection, schema, Rows(), cancellationToken);
            await using var inboxes = new NpgsqlCommand($"INSERT INTO {schema.Inboxes} (user_id, last_seq) SELECT u, $2 FROM unnest($1::text[]) AS u", connection);
            inboxes.Parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = [.. Enumerable.Range(0, s.Users).Select(UserId)] });
            inboxes.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = s.PerUser });
            await inboxes.ExecuteNonQueryAsync(cancellationToken);
        }

        // A freshly loaded table: statistics and the visibility map, as autovacuum would leave them.
        await using (var vacuum = dataSource.CreateCommand($"VACUUM (ANALYZE) {schema.Notifications}"))
        {
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var analyze = dataSource.CreateCommand($"ANALYZE {schema.Inboxes}"))
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  seeded {s.Users} users x {s.PerUser:N0} rows with COPY in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s"));
    }

    /// <summary>Runs one form and builds the Counts shape (as a comparable string) from its rows.</summary>
    private static async Task<string> QueryAsync(NpgsqlDataSource dataSource, string[] sql, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        var now = DateTime.UtcNow;
        foreach (var text in sql)
        {
            var command = new NpgsqlBatchCommand(text);
            command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = userId });
            if (text.Contains("$2", StringComparison.Ordinal))
            {
                command.Parameters.Add(new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = now });
            }

            batch.BatchCommands.Add(command);
        }

        int total = 0, unread = 0;
        long lastSeq = 0;
        var byType = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var byPriority = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var separateTotal = sql.Length == 3;
        while (await reader.ReadAsync(cancellationToken))
        {
            var count = reader.GetInt32(3);
            if (!separateTotal)
            {
                total += count;
            }

            if (reader.GetBoolean(2))
            {
                continue; // read rows count toward the total only
            }

            unread += count;
            byType[reader.GetString(0)] = byType.GetValueOrDefault(reader.GetString(0)) + count;
            byPriority[reader.GetString(1)] = byPriority.GetValueOrDefault(reader.GetString(1)) + count;
        }

        if (separateTotal)
        {
            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                total = reader.GetInt32(0);
            }
        }

        await reader.NextResultAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            lastSeq = reader.GetInt64(0);
        }

        return $"total {total}, unread {unread}, lastSeq {lastSeq}, byType [{string.Join(' ', byType.Select(kv => kv.Key + "=" + kv.Value))}], byPriority [{string.Join(' ', byPriority.Select(kv => kv.Key + "=" + kv.Value))}]";
    }
}
