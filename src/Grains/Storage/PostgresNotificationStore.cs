using System.Data;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using static Notifications.Grains.Storage.NotificationQuerySql;
using static Notifications.Grains.Storage.PostgresNotificationRows;
using static Notifications.Grains.Storage.StoreRowHelpers;

namespace Notifications.Grains.Storage;

/// <summary>
/// The production store on PostgreSQL through one <see cref="NpgsqlDataSource"/> (a connection pool).
/// Multi-statement writes travel as one <see cref="NpgsqlBatch"/>: one round trip, and atomic,
/// because a batch without an explicit transaction runs in one implicit transaction. Deleting a
/// notification frees its idempotency keys by the keys table's foreign key (ON DELETE CASCADE).
/// </summary>
public sealed partial class PostgresNotificationStore : INotificationStore, IAsyncDisposable, IDisposable
{
    private const string Live = "(expires_at IS NULL OR expires_at > @now)";

    private readonly ILogger<PostgresNotificationStore> _logger;
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schemaName;
    private readonly string _notifications;
    private readonly string _inboxes;
    private readonly string _keys;
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
        _keys = schema + ".notification_keys";
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

        // Repeatable read: the counts, the recent list and its keys come from one snapshot.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var newest = $"SELECT id FROM {_notifications} WHERE user_id = @user_id AND {Live} ORDER BY seq DESC LIMIT @limit";
        batch.BatchCommands.Add(BatchCommand($"SELECT last_seq, preferences FROM {_inboxes} WHERE user_id = @user_id", userId, now));
        batch.BatchCommands.Add(BatchCommand($"SELECT {Columns} FROM {_notifications} WHERE user_id = @user_id AND {Live} ORDER BY seq DESC LIMIT @limit", userId, now));
        batch.BatchCommands[^1].Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = recentLimit });
        batch.BatchCommands.Add(BatchCommand($"SELECT idempotency_key, notification_id FROM {_keys} WHERE user_id = @user_id AND notification_id IN ({newest})", userId, now));
        batch.BatchCommands[^1].Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = recentLimit });
        batch.BatchCommands.Add(BatchCommand(
            $"SELECT {CountedStateColumns}, COUNT(*)::integer FROM {_notifications} WHERE user_id = @user_id AND {Live} GROUP BY 1, 2, 3, 4, 5",
            userId,
            now));
        batch.BatchCommands.Add(BatchCommand(
            $"SELECT id, expires_at, {CountedStateColumns} FROM {_notifications} WHERE user_id = @user_id AND expires_at IS NOT NULL AND expires_at > @now",
            userId,
            now));
        batch.BatchCommands.Add(BatchCommand(
            $"SELECT id, seq, snoozed_until FROM {_notifications} WHERE user_id = @user_id AND snoozed_until IS NOT NULL AND {Live}",
            userId,
            now));

        long lastSeq = 0;
        var preferences = NotificationPreferences.Default;
        var recent = new List<Notification>();
        var recentKeys = new List<KeyBinding>();
        var groups = new List<CountGroup>();
        var expiring = new List<ExpiringNotification>();
        var snoozed = new List<SnoozedNotification>();
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
                recentKeys.Add(new KeyBinding(reader.GetString(0), reader.GetString(1)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                groups.Add(new CountGroup(ReadCountedState(reader, 0), reader.GetInt32(5)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                expiring.Add(new ExpiringNotification(reader.GetString(0), Time(reader, 1), ReadCountedState(reader, 2)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                snoozed.Add(new SnoozedNotification(reader.GetString(0), reader.GetInt64(1), Time(reader, 2)));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new InboxSnapshot(lastSeq, preferences, recent, recentKeys, groups, expiring, snoozed);
    }

    public async Task InsertAsync(IReadOnlyList<NewNotification> notifications, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        if (notifications.Count == 0)
        {
            return;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        var rows = notifications.Select(n => n.Notification).ToArray();

        var keyed = notifications.Where(n => n.IdempotencyKey is not null).ToArray();
        if (keyed.Length > 0)
        {
            // The interface gives no clock here: a row's own creation time is the moment its inbox
            // judged the key free, so an older holder of the key counts as expired at that moment.
            // Deleting it frees all its keys (cascade).
            var freeKeys = new NpgsqlBatchCommand(
                $"DELETE FROM {_notifications} AS n USING {_keys} AS k, unnest(@user_id::text[], @key::text[], @now::timestamptz[]) AS x(user_id, key, now) "
                + "WHERE k.user_id = x.user_id AND k.idempotency_key = x.key AND n.id = k.notification_id AND n.user_id = x.user_id AND n.expires_at <= x.now");
            freeKeys.Parameters.Add(TextArray("user_id", keyed.Select(n => n.Notification.UserId)));
            freeKeys.Parameters.Add(TextArray("key", keyed.Select(n => n.IdempotencyKey!)));
            freeKeys.Parameters.Add(new NpgsqlParameter<DateTime[]>("now", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [.. keyed.Select(n => n.Notification.CreatedAt.UtcDateTime)] });
            batch.BatchCommands.Add(freeKeys);
        }

        var insert = new NpgsqlBatchCommand($"INSERT INTO {_notifications} ({Columns}) SELECT * FROM unnest({UnnestArguments})");
        AddArrays(insert.Parameters, rows);
        batch.BatchCommands.Add(insert);

        if (keyed.Length > 0)
        {
            var bind = new NpgsqlBatchCommand(
                $"INSERT INTO {_keys} (user_id, idempotency_key, notification_id) SELECT * FROM unnest(@user_id::text[], @key::text[], @id::text[])");
            bind.Parameters.Add(TextArray("user_id", keyed.Select(n => n.Notification.UserId)));
            bind.Parameters.Add(TextArray("key", keyed.Select(n => n.IdempotencyKey!)));
            bind.Parameters.Add(TextArray("id", keyed.Select(n => n.Notification.Id)));
            batch.BatchCommands.Add(bind);
        }

        // Users in a fixed order: concurrent batches then lock inbox rows in the same order and cannot deadlock.
        var highest = HighestSeqByUser(rows).OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        var raise = new NpgsqlBatchCommand(
            $"INSERT INTO {_inboxes} AS i (user_id, last_seq) SELECT * FROM unnest(@user_id::text[], @seq::bigint[]) "
            + "ON CONFLICT (user_id) DO UPDATE SET last_seq = GREATEST(i.last_seq, excluded.last_seq)");
        raise.Parameters.Add(TextArray("user_id", highest.Select(p => p.Key)));
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
        await using var command = Command(
            $"SELECT {Columns} FROM {_notifications} WHERE id = (SELECT notification_id FROM {_keys} WHERE user_id = @user_id AND idempotency_key = @key) "
            + $"AND user_id = @user_id AND {Live}",
            userId,
            now);
        command.Parameters.Add(new NpgsqlParameter<string>("key", NpgsqlDbType.Text) { TypedValue = idempotencyKey });
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<Notification?> FindCollapseTargetAsync(string userId, string collapseKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(collapseKey);
        await using var command = Command(FindCollapseTargetSql, userId, now);
        command.Parameters.Add(new NpgsqlParameter<string>("collapse_key", NpgsqlDbType.Text) { TypedValue = collapseKey });
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<NotificationPage> ListAsync(string userId, NotificationQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        await using var command = Command(string.Empty, userId, now);
        var sql = new StringBuilder($"SELECT {Columns} FROM {_notifications} WHERE user_id = @user_id AND {Live}");
        AppendPage(sql, query, '@', new QueryParameters(command.Parameters));
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

    public async Task<bool> UpdateAsync(Notification notification, string? idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);

        // One statement, so one round trip and atomic: the later steps act only on what the update
        // returned. Every step sees the snapshot from before the update, so the key is bound by the
        // insert unless the rebinding already moved it here (or it was here); a key bound to another
        // live notification fails the insert on the primary key, and the whole statement with it.
        await using var command = _dataSource.CreateCommand(
            $"WITH updated AS ("
            + $"UPDATE {_notifications} AS n SET {Assignments} FROM unnest({UnnestArguments}) AS v({Columns}) "
            + "WHERE n.user_id = v.user_id AND n.id = v.id AND (n.expires_at IS NULL OR n.expires_at > @now) RETURNING n.user_id, n.id, n.seq), "
            + $"raised AS (INSERT INTO {_inboxes} AS i (user_id, last_seq) SELECT user_id, seq FROM updated "
            + "ON CONFLICT (user_id) DO UPDATE SET last_seq = GREATEST(i.last_seq, excluded.last_seq)), "
            + $"rebound AS (UPDATE {_keys} AS k SET notification_id = u.id FROM updated AS u "
            + "WHERE k.user_id = u.user_id AND k.idempotency_key = @key AND k.notification_id <> u.id "
            + $"AND NOT EXISTS (SELECT 1 FROM {_notifications} AS e WHERE e.id = k.notification_id AND (e.expires_at IS NULL OR e.expires_at > @now)) "
            + "RETURNING k.idempotency_key), "
            + $"bound AS (INSERT INTO {_keys} (user_id, idempotency_key, notification_id) SELECT u.user_id, @key, u.id FROM updated AS u "
            + "WHERE @key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM rebound) "
            + $"AND NOT EXISTS (SELECT 1 FROM {_keys} AS k WHERE k.user_id = u.user_id AND k.idempotency_key = @key AND k.notification_id = u.id)) "
            + "SELECT COUNT(*)::integer FROM updated");
        AddArrays(command.Parameters, [notification]);
        command.Parameters.Add(TimeParameter("now", now));
        command.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Text) { Value = (object?)idempotencyKey ?? DBNull.Value });
        return (int)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    public Task<IReadOnlyList<ChangedNotification>> MarkAllReadAsync(string userId, NotificationType? type, string? conversationId, long? upToSeq, DateTimeOffset readAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return ChangeEachAsync(
            userId,
            "NOT is_read",
            (sql, parameters) => AppendFilters(sql, type, conversationId, upToSeq, '@', parameters),
            "is_read = true, read_at = @at, seen_at = COALESCE(n.seen_at, @at)",
            readAt,
            now,
            cancellationToken);
    }

    public Task<IReadOnlyList<ChangedNotification>> MarkSeenAsync(string userId, long upToSeq, DateTimeOffset seenAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return ChangeEachAsync(
            userId,
            "seen_at IS NULL",
            (sql, parameters) => AppendFilters(sql, null, null, upToSeq, '@', parameters),
            "seen_at = @at",
            seenAt,
            now,
            cancellationToken);
    }

    public Task<IReadOnlyList<ChangedNotification>> ArchiveReadAsync(string userId, DateTimeOffset archivedAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return ChangeEachAsync(userId, "is_read", (_, _) => { }, "archived_at = @at", archivedAt, now, cancellationToken);
    }

    public async Task<Notification?> DeleteAsync(string userId, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(id);
        await using var command = Command($"DELETE FROM {_notifications} WHERE user_id = @user_id AND id = @id AND {Live} RETURNING {Columns}", userId, now);
        command.Parameters.Add(new NpgsqlParameter<string>("id", NpgsqlDbType.Text) { TypedValue = id });
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<Notification>> DeleteByMessageAsync(string userId, string messageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(messageId);
        await using var command = Command(DeleteByMessageSql, userId, now);
        command.Parameters.Add(new NpgsqlParameter<string>("message_id", NpgsqlDbType.Text) { TypedValue = messageId });
        var deleted = new List<Notification>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                deleted.Add(Read(reader));
            }
        }

        // RETURNING has no defined order; callers get seq order.
        deleted.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        return deleted;
    }

    public async Task<IReadOnlyList<string>> FindUsersByMessageAsync(string messageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        await using var command = _dataSource.CreateCommand(FindUsersByMessageSql);
        command.Parameters.Add(new NpgsqlParameter<string>("message_id", NpgsqlDbType.Text) { TypedValue = messageId });
        command.Parameters.Add(TimeParameter("now", now));
        var users = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(reader.GetString(0));
        }

        return users;
    }

    public async Task<IReadOnlyList<ChangedNotification>> TrimOldestAsync(string userId, int count, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        await using var command = Command(
            $"DELETE FROM {_notifications} WHERE id IN (SELECT id FROM {_notifications} WHERE user_id = @user_id AND {Live} ORDER BY seq LIMIT @count) "
            + $"RETURNING {ChangedColumns}",
            userId,
            now);
        command.Parameters.Add(new NpgsqlParameter<int>("count", NpgsqlDbType.Integer) { TypedValue = count });
        var trimmed = new List<ChangedNotification>(Math.Min(count, 1_024));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                trimmed.Add(ReadChanged(reader));
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

    /// <summary>Creates or migrates the schema up to <paramref name="version"/> only: how tests build a database of an earlier version.</summary>
    internal Task MigrateToAsync(int version, CancellationToken cancellationToken)
    {
        var migrations = Migrations();
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(version, migrations.Length);
        return MigrateAsync(migrations[..version], cancellationToken);
    }

    /// <summary>
    /// A create's look-up of the notification its collapse key replaces, by the partial index on
    /// collapse keys: most creates with a key find none, which a walk of the user's rows by seq would
    /// learn only at their end.
    /// </summary>
    internal string FindCollapseTargetSql =>
        $"SELECT {Columns} FROM {_notifications} WHERE user_id = @user_id AND collapse_key = @collapse_key AND NOT is_read AND {InInbox} AND {Live} ORDER BY seq DESC LIMIT 1";

    /// <summary>Retract's delete of one user's notifications of a message: by the message-id index, as a message has few notifications and a user may have thousands.</summary>
    internal string DeleteByMessageSql => $"DELETE FROM {_notifications} WHERE message_id = @message_id AND user_id = @user_id AND {Live} RETURNING {Columns}";

    /// <summary>Retract's look-up of the users holding notifications of a message, by the message-id index.</summary>
    internal string FindUsersByMessageSql => $"SELECT DISTINCT user_id FROM {_notifications} WHERE message_id = @message_id AND {Live} ORDER BY user_id";

    private Task InitializeCoreAsync(CancellationToken cancellationToken) => MigrateAsync(Migrations(), cancellationToken);

    private async Task MigrateAsync(IReadOnlyList<string> migrations, CancellationToken cancellationToken)
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
            migrations,
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
        StatesMigration,
    ];

    /// <summary>
    /// Schema version 3: the v2 notification states and producer controls. Read rows become seen
    /// (a read notification is always seen). Idempotency keys move to a table of their own, as many
    /// creates may be folded into one notification; deleting the notification deletes its keys.
    /// </summary>
    private string StatesMigration => $"""
        ALTER TABLE {_notifications}
            ADD COLUMN seen_at timestamptz,
            ADD COLUMN archived_at timestamptz,
            ADD COLUMN snoozed_until timestamptz,
            ADD COLUMN collapse_key text,
            ADD COLUMN collapsed_count integer NOT NULL DEFAULT 1,
            ADD COLUMN actions text,
            ADD COLUMN acted_action text,
            ADD COLUMN acted_at timestamptz;
        UPDATE {_notifications} SET seen_at = COALESCE(read_at, created_at) WHERE is_read;
        CREATE TABLE {_keys} (
            user_id text NOT NULL,
            idempotency_key text NOT NULL,
            notification_id text NOT NULL REFERENCES {_notifications} (id) ON DELETE CASCADE,
            PRIMARY KEY (user_id, idempotency_key)
        );
        CREATE INDEX ix_notification_keys_notification ON {_keys} (notification_id);
        INSERT INTO {_keys} (user_id, idempotency_key, notification_id)
            SELECT user_id, idempotency_key, id FROM {_notifications} WHERE idempotency_key IS NOT NULL;
        DROP INDEX {QuoteIdentifier(_schemaName)}.ux_notifications_user_idempotency;
        ALTER TABLE {_notifications} DROP COLUMN idempotency_key;
        CREATE INDEX ix_notifications_user_collapse ON {_notifications} (user_id, collapse_key) WHERE collapse_key IS NOT NULL;
        CREATE INDEX ix_notifications_user_snoozed ON {_notifications} (user_id) WHERE snoozed_until IS NOT NULL;
        """;

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

    /// <summary>
    /// A bulk change of the user's live rows in the inbox that match <paramref name="condition"/> and
    /// the filters <paramref name="appendFilters"/> adds (<paramref name="assignments"/> on <c>n</c>,
    /// with <c>@at</c> bound to <paramref name="at"/>). One statement: the subquery gives each row's
    /// state before the change, which RETURNING reports. Returns them in seq order.
    /// </summary>
    private async Task<IReadOnlyList<ChangedNotification>> ChangeEachAsync(
        string userId,
        string condition,
        Action<StringBuilder, QueryParameters> appendFilters,
        string assignments,
        DateTimeOffset at,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var command = Command(string.Empty, userId, now);
        command.Parameters.Add(TimeParameter("at", at));
        var where = new StringBuilder($"user_id = @user_id AND {condition} AND {InInbox} AND {Live}");
        appendFilters(where, new QueryParameters(command.Parameters));
        command.CommandText =
            $"UPDATE {_notifications} AS n SET {assignments} FROM (SELECT {ChangedColumns} FROM {_notifications} WHERE {where}) "
            + "AS prior (id, seq, type, priority, is_read, is_seen, shelf) WHERE n.id = prior.id RETURNING prior.*";

        var changed = new List<ChangedNotification>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                changed.Add(ReadChanged(reader));
            }
        }

        // RETURNING has no defined order; callers get seq order.
        changed.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        return changed;
    }

    private static NpgsqlParameter<string[]> TextArray(string name, IEnumerable<string> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. values] };

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
