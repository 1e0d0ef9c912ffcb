using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notifications.Grains.Storage;
using Npgsql;

namespace Notifications.Bench.Shared;

/// <summary>
/// The service's tables and indexes, in a throwaway schema of their own, created by the service's own
/// store migration and written with its own column lists, so the baselines cannot drift from it.
/// </summary>
public sealed class NotificationSchema(string name)
{
    /// <summary>Every column, in the order the rows are written; the same as <see cref="SampleRow.Columns"/>, or the baselines would write the wrong table.</summary>
    public static readonly string Columns = PostgresNotificationRows.Columns == SampleRow.Columns
        ? PostgresNotificationRows.Columns
        : throw new InvalidOperationException($"The store's columns changed: SampleRow writes ({SampleRow.Columns}), the store has ({PostgresNotificationRows.Columns}).");

    /// <summary>The <c>unnest(...)</c> argument list of the service's batched insert.</summary>
    public static readonly string UnnestArguments = PostgresNotificationRows.UnnestArguments;

    public string Name { get; } = name;

    public string Notifications => Quoted + ".notifications";

    public string Inboxes => Quoted + ".inboxes";

    /// <summary>The idempotency keys, which refer to notifications (a TRUNCATE of these must name both).</summary>
    public string Keys => Quoted + ".notification_keys";

    private string Quoted => "\"" + Name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A schema name nobody else uses: <c>bench_&lt;what&gt;_&lt;random&gt;</c>.</summary>
    public static NotificationSchema Fresh(string what) => new($"bench_{what}_{Guid.NewGuid().ToString("N")[..8]}");

    /// <summary>Creates the schema with the service's PostgreSQL store migration.</summary>
    public async Task CreateAsync(string connectionString, CancellationToken cancellationToken)
    {
        var options = new StorageOptions
        {
            Provider = StorageOptions.PostgresProvider,
            PostgresConnectionString = connectionString,
            PostgresSchema = Name,
        };
        await using var store = new PostgresNotificationStore(Options.Create(options), NullLogger<PostgresNotificationStore>.Instance);
        await store.InitializeAsync(cancellationToken);
    }

    public async Task DropAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {Quoted} CASCADE");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The server settings that decide what "durable" costs, printed next to every figure.</summary>
    public static async Task<Dictionary<string, string>> ServerSettingsAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { "server_version", "fsync", "synchronous_commit", "wal_sync_method", "shared_buffers", "max_connections" })
        {
            await using var command = dataSource.CreateCommand("SELECT current_setting($1)");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            settings[name] = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        return settings;
    }
}
