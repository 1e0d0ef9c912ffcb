using Npgsql;

namespace Notifications.Bench.Shared;

/// <summary>
/// The service's tables and indexes, in a throwaway schema of their own. The DDL is copied from
/// migration 1 of <c>src/Grains/Storage/PostgresNotificationStore.cs</c> (<c>Migrations()</c>) and
/// the column list from <c>src/Grains/Storage/PostgresNotificationRows.cs</c> (<c>Columns</c>);
/// keep them in step when the store's schema changes, or the baselines stop being comparable.
/// </summary>
public sealed class NotificationSchema(string name)
{
    /// <summary>Every column, in the order the rows are written (PostgresNotificationRows.Columns).</summary>
    public const string Columns =
        "id, user_id, seq, type, title, content, priority, is_read, read_at, created_at, sender_id, sender_username, "
        + "sender_avatar, message_preview, conversation_id, message_id, call_session_id, data, expires_at, silent, idempotency_key";

    /// <summary>The <c>unnest(...)</c> argument list of the service's batched insert (PostgresNotificationRows.UnnestArguments).</summary>
    public const string UnnestArguments =
        "@id::text[], @user_id::text[], @seq::bigint[], @type::text[], @title::text[], @content::text[], @priority::text[], "
        + "@is_read::boolean[], @read_at::timestamptz[], @created_at::timestamptz[], @sender_id::text[], @sender_username::text[], "
        + "@sender_avatar::text[], @message_preview::text[], @conversation_id::text[], @message_id::text[], @call_session_id::text[], "
        + "@data::text[], @expires_at::timestamptz[], @silent::boolean[], @idempotency_key::text[]";

    public string Name { get; } = name;

    public string Notifications => Quoted + ".notifications";

    public string Inboxes => Quoted + ".inboxes";

    private string Quoted => "\"" + Name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A schema name nobody else uses: <c>bench_&lt;what&gt;_&lt;random&gt;</c>.</summary>
    public static NotificationSchema Fresh(string what) => new($"bench_{what}_{Guid.NewGuid().ToString("N")[..8]}");

    public async Task CreateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            CREATE SCHEMA {Quoted};
            CREATE TABLE {Notifications} (
                id text PRIMARY KEY,
                user_id text NOT NULL,
                seq bigint NOT NULL,
                type text NOT NULL,
                title text NOT NULL,
                content text,
                priority text NOT NULL,
                is_read boolean NOT NULL DEFAULT false,
                read_at timestamptz,
                created_at timestamptz NOT NULL,
                sender_id text,
                sender_username text,
                sender_avatar text,
                message_preview text,
                conversation_id text,
                message_id text,
                call_session_id text,
                data text,
                expires_at timestamptz,
                silent boolean NOT NULL DEFAULT false,
                idempotency_key text
            );
            CREATE INDEX ix_notifications_user_created ON {Notifications} (user_id, created_at DESC);
            CREATE INDEX ix_notifications_user_read ON {Notifications} (user_id, is_read);
            CREATE INDEX ix_notifications_user_type_read_created ON {Notifications} (user_id, type, is_read, created_at);
            CREATE INDEX ix_notifications_user_conversation_read ON {Notifications} (user_id, conversation_id, is_read);
            CREATE UNIQUE INDEX ux_notifications_user_seq ON {Notifications} (user_id, seq);
            CREATE INDEX ix_notifications_message ON {Notifications} (message_id);
            CREATE INDEX ix_notifications_expires ON {Notifications} (expires_at) WHERE expires_at IS NOT NULL;
            CREATE UNIQUE INDEX ux_notifications_user_idempotency ON {Notifications} (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
            CREATE TABLE {Inboxes} (
                user_id text PRIMARY KEY,
                last_seq bigint NOT NULL DEFAULT 0,
                preferences text
            );
            """);
        await command.ExecuteNonQueryAsync(cancellationToken);
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
