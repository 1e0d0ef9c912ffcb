using System.Data;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using static Notifications.Grains.Storage.PostgresNotificationRows;
using static Notifications.Grains.Storage.StoreRowHelpers;

namespace Notifications.Grains.Storage;

/// <summary>
/// The production store on PostgreSQL through one <see cref="NpgsqlDataSource"/> (a connection pool).
/// Multi-statement writes travel as one <see cref="NpgsqlBatch"/>: one round trip, and atomic,
/// because a batch without an explicit transaction runs in one implicit transaction.
/// </summary>
public sealed partial class PostgresNotificationStore : INotificationStore, IAsyncDisposable, IDisposable
{
    private const string Live = "(expires_at IS NULL OR expires_at > @now)";

    private readonly ILogger<PostgresNotificationStore> _logger;
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schemaName;
    private readonly string _notifications;
    private readonly string _inboxes;
    private readonly string _migrations;
    private readonly string _audit;
    private readonly string _auditGuard;
    private readonly Lock _initializationLock = new();
    private Task? _initialization;

    public PostgresNotificationStore(IOptions<StorageOptions> options, ILogger<PostgresNotificationStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var value = options.Value;
        if (string.IsNullOrWhiteSpace(value.PostgresConnectionString))
        {
            throw new ArgumentException("Storage:PostgresConnectionString is required for the PostgreSQL store.", nameof(options));
        }

        _logger = logger;
        _dataSource = NpgsqlDataSource.Create(WithBounds(value.PostgresConnectionString, value));
        _schemaName = string.IsNullOrWhiteSpace(value.PostgresSchema) ? "public" : value.PostgresSchema;
        var schema = QuoteIdentifier(_schemaName);
        _notifications = schema + ".notifications";
        _inboxes = schema + ".inboxes";
        _migrations = schema + ".schema_migrations";
        _audit = schema + ".audit_log";
        _auditGuard = schema + ".audit_log_append_only";
    }

    /// <summary>
    /// Npgsql's default pool (100) per silo exhausts the server's own default limit (100) as soon as
    /// a burst of activations meets two silos, and its default timeouts (30 s per command, 15 s to
    /// connect) let a hung database hold requests far past the grain-call timeout. Unless the
    /// connection string says otherwise, bound all three.
    /// </summary>
    private static string WithBounds(string connectionString, StorageOptions options)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Names(given, "Maximum Pool Size", "Max Pool Size", "MaxPoolSize"))
        {
            builder.MaxPoolSize = options.PostgresMaxPoolSize;
        }

        if (!Names(given, "Command Timeout", "CommandTimeout"))
        {
            builder.CommandTimeout = (int)Math.Ceiling(options.PostgresCommandTimeout.TotalSeconds);
        }

        if (!Names(given, "Timeout"))
        {
            builder.Timeout = (int)Math.Ceiling(options.PostgresConnectTimeout.TotalSeconds);
        }

        return builder.ConnectionString;
    }

    private static bool Names(System.Data.Common.DbConnectionStringBuilder given, params string[] keywords) =>
        keywords.Any(given.ContainsKey);

    /// <summary>The schema holding the tables.</summary>
    public string Schema => _schemaName;

    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        // Once per instance: a failed or cancelled attempt may be retried, a successful one is kept.
        lock (_initializationLock)
        {
            if (_initialization is null || _initialization.IsFaulted || _initialization.IsCanceled)
            {
                _initialization = InitializeCoreAsync(cancellationToken);
            }

            return _initialization;
        }
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task<InboxSnapshot> LoadInboxAsync(string userId, int recentLimit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentOutOfRangeException.ThrowIfNegative(recentLimit);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);

        // Repeatable read: the counts and the recent list come from one snapshot.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(BatchCommand($"SELECT last_seq, preferences FROM {_inboxes} WHERE user_id = @user_id", userId, now));
        batch.BatchCommands.Add(BatchCommand($"SELECT {Columns} FROM {_notifications} WHERE user_id = @user_id AND {Live} ORDER BY seq DESC LIMIT @limit", userId, now));
        batch.BatchCommands[^1].Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = recentLimit });
        batch.BatchCommands.Add(BatchCommand(
            $"SELECT type, priority, is_read, COUNT(*)::integer FROM {_notifications} WHERE user_id = @user_id AND {Live} GROUP BY type, priority, is_read",
            userId,
            now));
        batch.BatchCommands.Add(BatchCommand(
            $"SELECT id, expires_at, type, priority, is_read FROM {_notifications} WHERE user_id = @user_id AND expires_at IS NOT NULL AND expires_at > @now",
            userId,
            now));

        long lastSeq = 0;
        var preferences = NotificationPreferences.Default;
        var recent = new List<Notification>();
        var groups = new List<CountGroup>();
        var expiring = new List<ExpiringNotification>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                lastSeq = reader.GetInt64(0);
                preferences = PreferencesJson.Deserialize(reader.IsDBNull(1) ? null : reader.GetString(1));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                recent.Add(Read(reader));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                groups.Add(new CountGroup(ParseType(reader.GetString(0)), ParsePriority(reader.GetString(1)), reader.GetBoolean(2), reader.GetInt32(3)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                expiring.Add(new ExpiringNotification(reader.GetString(0), Time(reader, 1), ParseType(reader.GetString(2)), ParsePriority(reader.GetString(3)), reader.GetBoolean(4)));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new InboxSnapshot(lastSeq, preferences, recent, groups, expiring);
    }

    public async Task InsertAsync(IReadOnlyList<Notification> notifications, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        if (notifications.Count == 0)
        {
            return;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);

        var keyed = notifications.Where(n => n.IdempotencyKey is not null).ToArray();
        if (keyed.Length > 0)
        {
            // The interface gives no clock here: a row's own creation time is the moment its inbox
            // judged the key free, so an older row with that key counts as expired at that moment.
            var freeKeys = new NpgsqlBatchCommand(
                $"DELETE FROM {_notifications} AS n USING unnest(@user_id::text[], @key::text[], @now::timestamptz[]) AS k(user_id, key, now) "
                + "WHERE n.user_id = k.user_id AND n.idempotency_key = k.key AND n.expires_at <= k.now");
            freeKeys.Parameters.Add(new NpgsqlParameter<string[]>("user_id", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. keyed.Select(n => n.UserId)] });
            freeKeys.Parameters.Add(new NpgsqlParameter<string[]>("key", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. keyed.Select(n => n.IdempotencyKey!)] });
            freeKeys.Parameters.Add(new NpgsqlParameter<DateTime[]>("now", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [.. keyed.Select(n => n.CreatedAt.UtcDateTime)] });
            batch.BatchCommands.Add(freeKeys);
        }

        var insert = new NpgsqlBatchCommand($"INSERT INTO {_notifications} ({Columns}) SELECT * FROM unnest({UnnestArguments})");
        AddArrays(insert.Parameters, notifications);
        batch.BatchCommands.Add(insert);

        // Users in a fixed order: concurrent batches then lock inbox rows in the same order and cannot deadlock.
        var highest = HighestSeqByUser(notifications).OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        var raise = new NpgsqlBatchCommand(
            $"INSERT INTO {_inboxes} AS i (user_id, last_seq) SELECT * FROM unnest(@user_id::text[], @seq::bigint[]) "
            + "ON CONFLICT (user_id) DO UPDATE SET last_seq = GREATEST(i.last_seq, excluded.last_seq)");
        raise.Parameters.Add(new NpgsqlParameter<string[]>("user_id", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. highest.Select(p => p.Key)] });
        raise.Parameters.Add(new NpgsqlParameter<long[]>("seq", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. highest.Select(p => p.Value)] });
        batch.BatchCommands.Add(raise);

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Notification?> FindAsync(string userId, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(id);
        await using var command = Command($"SELECT {Columns} FROM {_notifications} WHERE user_id = @user_id AND id = @id AND {Live}", userId, now);
        command.Parameters.Add(new NpgsqlParameter<string>("id", NpgsqlDbType.Text) { TypedValue = id });
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<Notification?> FindByIdempotencyKeyAsync(string userId, string idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        await using var command = Command($"SELECT {Columns} FROM {_notifications} WHERE user_id = @user_id AND idempotency_key = @key AND {Live}", userId, now);
        command.Parameters.Add(new NpgsqlParameter<string>("key", NpgsqlDbType.Text) { TypedValue = idempotencyKey });
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<NotificationPage> ListAsync(string userId, NotificationQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        await using var command = Command(string.Empty, userId, now);
        var sql = new StringBuilder($"SELECT {Columns} FROM {_notifications} WHERE user_id = @user_id AND {Live}");
        NotificationQuerySql.AppendPage(sql, query, '@', new QueryParameters(command.Parameters));
        command.CommandText = sql.ToString();

        var items = new List<Notification>(Math.Min(query.Limit + 1, 128));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(Read(reader));
            }
        }

        var hasMore = items.Count > query.Limit;
        if (hasMore)
        {
            items.RemoveAt(items.Count - 1);
        }

        return new NotificationPage(items, hasMore);
    }

    public async Task<MarkReadOutcome?> MarkReadAsync(string userId, string id, DateTimeOffset readAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(id);
        await using (var update = Command(
            $"UPDATE {_notifications} SET is_read = true, read_at = @read_at WHERE user_id = @user_id AND id = @id AND NOT is_read AND {Live} RETURNING {Columns}",
            userId,
            now))
        {
            update.Parameters.Add(new NpgsqlParameter<string>("id", NpgsqlDbType.Text) { TypedValue = id });
            update.Parameters.Add(TimeParameter("read_at", readAt));
            if (await ReadSingleAsync(update, cancellationToken) is { } changed)
            {
                return new MarkReadOutcome(changed, true);
            }
        }

        // Not changed: it is already read, expired or absent; only the first is answered with the row.
        return await FindAsync(userId, id, now, cancellationToken) is { } unchanged ? new MarkReadOutcome(unchanged, false) : null;
    }

    public async Task<IReadOnlyList<NotificationRef>> MarkAllReadAsync(string userId, NotificationType? type, string? conversationId, DateTimeOffset readAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        await using var command = Command(string.Empty, userId, now);
        var sql = new StringBuilder($"UPDATE {_notifications} SET is_read = true, read_at = @read_at WHERE user_id = @user_id AND NOT is_read AND {Live}");
        command.Parameters.Add(TimeParameter("read_at", readAt));
        NotificationQuerySql.AppendFilters(sql, type, conversationId, '@', new QueryParameters(command.Parameters));
        sql.Append(" RETURNING id, seq, type, priority");
        command.CommandText = sql.ToString();

        var changed = new List<NotificationRef>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                changed.Add(new NotificationRef(reader.GetString(0), reader.GetInt64(1), ParseType(reader.GetString(2)), ParsePriority(reader.GetString(3))));
            }
        }

        // RETURNING has no defined order; callers get creation order.
        changed.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        return changed;
    }

    public async Task<Notification?> DeleteAsync(string userId, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(id);
        await using var command = Command($"DELETE FROM {_notifications} WHERE user_id = @user_id AND id = @id AND {Live} RETURNING {Columns}", userId, now);
        command.Parameters.Add(new NpgsqlParameter<string>("id", NpgsqlDbType.Text) { TypedValue = id });
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<TrimmedNotification>> TrimOldestAsync(string userId, int count, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        await using var command = Command(
            $"DELETE FROM {_notifications} WHERE id IN (SELECT id FROM {_notifications} WHERE user_id = @user_id AND {Live} ORDER BY seq LIMIT @count) "
            + "RETURNING id, seq, type, priority, is_read",
            userId,
            now);
        command.Parameters.Add(new NpgsqlParameter<int>("count", NpgsqlDbType.Integer) { TypedValue = count });
        var trimmed = new List<TrimmedNotification>(Math.Min(count, 1_024));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                trimmed.Add(new TrimmedNotification(reader.GetString(0), reader.GetInt64(1), ParseType(reader.GetString(2)), ParsePriority(reader.GetString(3)), reader.GetBoolean(4)));
            }
        }

        trimmed.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        return trimmed;
    }

    public async Task SavePreferencesAsync(string userId, NotificationPreferences preferences, AuditRecord audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(audit);
        await using var batch = _dataSource.CreateBatch();
        var save = new NpgsqlBatchCommand(
            $"INSERT INTO {_inboxes} (user_id, last_seq, preferences) VALUES (@user_id, 0, @preferences) ON CONFLICT (user_id) DO UPDATE SET preferences = excluded.preferences");
        save.Parameters.Add(new NpgsqlParameter<string>("user_id", NpgsqlDbType.Text) { TypedValue = userId });
        save.Parameters.Add(new NpgsqlParameter<string>("preferences", NpgsqlDbType.Text) { TypedValue = PreferencesJson.Serialize(preferences) });
        var record = new NpgsqlBatchCommand(InsertAuditSql);
        AddAuditParameters(record.Parameters, audit);
        batch.BatchCommands.Add(save);
        batch.BatchCommands.Add(record);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);

        // One cleanup at a time cluster-wide: every silo runs the job, but a batch runs only where it
        // takes the advisory lock (held for this one statement); the others delete nothing this turn.
        // SKIP LOCKED keeps a batch from waiting on rows a user is changing.
        await using var command = _dataSource.CreateCommand(
            $"WITH cleanup AS (SELECT pg_try_advisory_xact_lock(hashtextextended('notifications.cleanup:' || @schema, 0)) AS mine) "
            + $"DELETE FROM {_notifications} WHERE (SELECT mine FROM cleanup) "
            + $"AND id IN (SELECT id FROM {_notifications} WHERE expires_at <= @now ORDER BY expires_at LIMIT @limit FOR UPDATE SKIP LOCKED)");
        command.Parameters.Add(TimeParameter("now", now));
        command.Parameters.Add(new NpgsqlParameter<string>("schema", NpgsqlDbType.Text) { TypedValue = _schemaName });
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = batchSize });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    internal static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private async Task InitializeCoreAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Processes starting together queue on this lock; the later ones then find the schema current.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('notifications.schema:' || @schema, 0))", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<string>("schema", NpgsqlDbType.Text) { TypedValue = _schemaName });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        // CREATE SCHEMA checks the privilege even when the schema exists, so only ask when it is missing.
        bool schemaExists;
        await using (var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema)", connection, transaction))
        {
            exists.Parameters.Add(new NpgsqlParameter<string>("schema", NpgsqlDbType.Text) { TypedValue = _schemaName });
            schemaExists = (bool)(await exists.ExecuteScalarAsync(cancellationToken))!;
        }

        if (!schemaExists)
        {
            await ExecuteAsync(connection, transaction, $"CREATE SCHEMA {QuoteIdentifier(_schemaName)}", cancellationToken);
        }

        await SchemaMigrations.ApplyAsync(
            connection,
            transaction,
            _migrations,
            $"CREATE TABLE IF NOT EXISTS {_migrations} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
            "now()",
            Migrations(),
            version => LogInformationMigrated(_logger, _schemaName, version),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private string[] Migrations() =>
    [
        $"""
        CREATE TABLE {_notifications} (
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
        CREATE INDEX ix_notifications_user_created ON {_notifications} (user_id, created_at DESC);
        CREATE INDEX ix_notifications_user_read ON {_notifications} (user_id, is_read);
        CREATE INDEX ix_notifications_user_type_read_created ON {_notifications} (user_id, type, is_read, created_at);
        CREATE INDEX ix_notifications_user_conversation_read ON {_notifications} (user_id, conversation_id, is_read);
        CREATE UNIQUE INDEX ux_notifications_user_seq ON {_notifications} (user_id, seq);
        CREATE INDEX ix_notifications_message ON {_notifications} (message_id);
        CREATE INDEX ix_notifications_expires ON {_notifications} (expires_at) WHERE expires_at IS NOT NULL;
        CREATE UNIQUE INDEX ux_notifications_user_idempotency ON {_notifications} (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE TABLE {_inboxes} (
            user_id text PRIMARY KEY,
            last_seq bigint NOT NULL DEFAULT 0,
            preferences text
        );
        """,
        AuditMigration,
    ];

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private readonly struct QueryParameters(NpgsqlParameterCollection parameters) : IQueryParameters
    {
        public void Add(string name, long value) => parameters.Add(new NpgsqlParameter<long>(name, NpgsqlDbType.Bigint) { TypedValue = value });

        public void Add(string name, bool value) => parameters.Add(new NpgsqlParameter<bool>(name, NpgsqlDbType.Boolean) { TypedValue = value });

        public void Add(string name, string value) => parameters.Add(new NpgsqlParameter<string>(name, NpgsqlDbType.Text) { TypedValue = value });
    }

    private static NpgsqlBatchCommand BatchCommand(string sql, string userId, DateTimeOffset now)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string>("user_id", NpgsqlDbType.Text) { TypedValue = userId });
        command.Parameters.Add(TimeParameter("now", now));
        return command;
    }

    /// <summary>A command on a pooled connection with the user and clock parameters every user-scoped query has.</summary>
    private NpgsqlCommand Command(string sql, string userId, DateTimeOffset now)
    {
        var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string>("user_id", NpgsqlDbType.Text) { TypedValue = userId });
        command.Parameters.Add(TimeParameter("now", now));
        return command;
    }

    private static async Task<Notification?> ReadSingleAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrated PostgreSQL notification store schema {Schema} to version {Version}")]
    private static partial void LogInformationMigrated(ILogger logger, string schema, int version);
}
