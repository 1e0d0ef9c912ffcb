using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static Notifications.Grains.Storage.NotificationQuerySql;
using static Notifications.Grains.Storage.SqliteNotificationRows;
using static Notifications.Grains.Storage.StoreRowHelpers;

namespace Notifications.Grains.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. SQLite allows one writer at a time, so every
/// write goes through one long-lived connection behind a semaphore (no busy waits between this
/// process's own writers); reads use pooled connections, which WAL lets run beside the writer.
/// Foreign keys are on for every connection, so deleting a notification frees its idempotency keys.
/// </summary>
public sealed partial class SqliteNotificationStore : INotificationStore, IAsyncDisposable, IDisposable
{
    private const string Live = "(expires_at IS NULL OR expires_at > $now)";

    private const string RaiseLastSeqSql =
        "INSERT INTO inboxes (user_id, last_seq) VALUES ($user_id, $seq) ON CONFLICT (user_id) DO UPDATE SET last_seq = MAX(last_seq, excluded.last_seq)";

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE notifications (
            id TEXT NOT NULL PRIMARY KEY,
            user_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            type TEXT NOT NULL,
            title TEXT NOT NULL,
            content TEXT,
            priority TEXT NOT NULL,
            is_read INTEGER NOT NULL DEFAULT 0,
            read_at INTEGER,
            created_at INTEGER NOT NULL,
            sender_id TEXT,
            sender_username TEXT,
            sender_avatar TEXT,
            message_preview TEXT,
            conversation_id TEXT,
            message_id TEXT,
            call_session_id TEXT,
            data TEXT,
            expires_at INTEGER,
            silent INTEGER NOT NULL DEFAULT 0,
            idempotency_key TEXT
        ) STRICT;
        CREATE INDEX ix_notifications_user_created ON notifications (user_id, created_at DESC);
        CREATE INDEX ix_notifications_user_read ON notifications (user_id, is_read);
        CREATE INDEX ix_notifications_user_type_read_created ON notifications (user_id, type, is_read, created_at);
        CREATE INDEX ix_notifications_user_conversation_read ON notifications (user_id, conversation_id, is_read);
        CREATE UNIQUE INDEX ux_notifications_user_seq ON notifications (user_id, seq);
        CREATE INDEX ix_notifications_message ON notifications (message_id);
        CREATE INDEX ix_notifications_expires ON notifications (expires_at) WHERE expires_at IS NOT NULL;
        CREATE UNIQUE INDEX ux_notifications_user_idempotency ON notifications (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE TABLE inboxes (
            user_id TEXT NOT NULL PRIMARY KEY,
            last_seq INTEGER NOT NULL DEFAULT 0,
            preferences TEXT
        ) STRICT;
        """,
        AuditMigration,
        StatesMigration,
    ];

    /// <summary>
    /// Schema version 3: the v2 notification states and producer controls. Read rows become seen
    /// (a read notification is always seen). Idempotency keys move to a table of their own, as many
    /// creates may be folded into one notification; deleting the notification deletes its keys.
    /// </summary>
    private const string StatesMigration = """
        ALTER TABLE notifications ADD COLUMN seen_at INTEGER;
        ALTER TABLE notifications ADD COLUMN archived_at INTEGER;
        ALTER TABLE notifications ADD COLUMN snoozed_until INTEGER;
        ALTER TABLE notifications ADD COLUMN collapse_key TEXT;
        ALTER TABLE notifications ADD COLUMN collapsed_count INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE notifications ADD COLUMN actions TEXT;
        ALTER TABLE notifications ADD COLUMN acted_action TEXT;
        ALTER TABLE notifications ADD COLUMN acted_at INTEGER;
        UPDATE notifications SET seen_at = COALESCE(read_at, created_at) WHERE is_read = 1;
        CREATE TABLE notification_keys (
            user_id TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            notification_id TEXT NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
            PRIMARY KEY (user_id, idempotency_key)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX ix_notification_keys_notification ON notification_keys (notification_id);
        INSERT INTO notification_keys (user_id, idempotency_key, notification_id)
            SELECT user_id, idempotency_key, id FROM notifications WHERE idempotency_key IS NOT NULL;
        DROP INDEX ux_notifications_user_idempotency;
        ALTER TABLE notifications DROP COLUMN idempotency_key;
        CREATE INDEX ix_notifications_user_collapse ON notifications (user_id, collapse_key) WHERE collapse_key IS NOT NULL;
        CREATE INDEX ix_notifications_user_snoozed ON notifications (user_id) WHERE snoozed_until IS NOT NULL;
        """;

    private readonly StorageOptions _options;
    private readonly ILogger<SqliteNotificationStore> _logger;
    private readonly string _path;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _initializationLock = new();
    private Task? _initialization;
    private SqliteConnection? _writeConnection;
    private bool _disposed;

    public SqliteNotificationStore(IOptions<StorageOptions> options, ILogger<SqliteNotificationStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _logger = logger;
        _path = Path.GetFullPath(_options.SqlitePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(_options.SqliteBusyTimeout.TotalSeconds),

            // SQLite enforces foreign keys (and so cascades deletes) only where each connection asks.
            ForeignKeys = true,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string DatabasePath => _path;

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
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = Command(connection, "SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task<InboxSnapshot> LoadInboxAsync(string userId, int recentLimit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentOutOfRangeException.ThrowIfNegative(recentLimit);
        await using var connection = await OpenReadConnectionAsync(cancellationToken);

        // One read transaction: the reads see the same snapshot.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var nowMs = ToUnixMilliseconds(now);

        long lastSeq = 0;
        var preferences = NotificationPreferences.Default;
        await using (var command = Command(connection, "SELECT last_seq, preferences FROM inboxes WHERE user_id = $user_id", transaction))
        {
            command.Parameters.AddWithValue("$user_id", userId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                lastSeq = reader.GetInt64(0);
                preferences = PreferencesJson.Deserialize(reader.IsDBNull(1) ? null : reader.GetString(1));
            }
            else
            {
                // Every insert and every preferences write creates the inbox row in the same
                // transaction, so a user without one has nothing else: skip the other reads. A batch to
                // thousands of new users activates thousands of inboxes at once.
                return new InboxSnapshot(0, preferences, [], [], [], [], []);
            }
        }

        var recent = new List<Notification>();
        var recentKeys = new List<KeyBinding>();
        if (recentLimit > 0)
        {
            var newest = $"SELECT id FROM notifications WHERE user_id = $user_id AND {Live} ORDER BY seq DESC LIMIT $limit";
            await using var command = Command(connection, $"SELECT {Columns} FROM notifications WHERE user_id = $user_id AND {Live} ORDER BY seq DESC LIMIT $limit", transaction);
            command.Parameters.AddWithValue("$user_id", userId);
            command.Parameters.AddWithValue("$now", nowMs);
            command.Parameters.AddWithValue("$limit", recentLimit);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    recent.Add(Read(reader));
                }
            }

            command.CommandText = $"SELECT idempotency_key, notification_id FROM notification_keys WHERE user_id = $user_id AND notification_id IN ({newest})";
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    recentKeys.Add(new KeyBinding(reader.GetString(0), reader.GetString(1)));
                }
            }
        }

        var groups = new List<CountGroup>();
        var expiring = new List<ExpiringNotification>();
        var snoozed = new List<SnoozedNotification>();
        await using (var command = Command(
            connection,
            $"SELECT {CountedStateColumns}, COUNT(*) FROM notifications WHERE user_id = $user_id AND {Live} GROUP BY 1, 2, 3, 4, 5",
            transaction))
        {
            command.Parameters.AddWithValue("$user_id", userId);
            command.Parameters.AddWithValue("$now", nowMs);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    groups.Add(new CountGroup(ReadCountedState(reader, 0), reader.GetInt32(5)));
                }
            }

            command.CommandText = $"SELECT id, expires_at, {CountedStateColumns} FROM notifications WHERE user_id = $user_id AND expires_at IS NOT NULL AND expires_at > $now";
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    expiring.Add(new ExpiringNotification(reader.GetString(0), FromUnixMilliseconds(reader.GetInt64(1)), ReadCountedState(reader, 2)));
                }
            }

            command.CommandText = $"SELECT id, seq, snoozed_until FROM notifications WHERE user_id = $user_id AND snoozed_until IS NOT NULL AND {Live}";
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    snoozed.Add(new SnoozedNotification(reader.GetString(0), reader.GetInt64(1), FromUnixMilliseconds(reader.GetInt64(2))));
                }
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

        await WriteAsync(
            async (connection, transaction) =>
            {
                // The interface gives no clock here: a row's own creation time is the moment its inbox
                // judged the key free, so an older holder of the key counts as expired at that moment.
                // Deleting it frees all its keys (cascade).
                await using (var freeKey = Command(
                    connection,
                    "DELETE FROM notifications WHERE id = (SELECT notification_id FROM notification_keys WHERE user_id = $user_id AND idempotency_key = $key) "
                    + "AND user_id = $user_id AND expires_at IS NOT NULL AND expires_at <= $now",
                    transaction))
                {
                    var userParameter = freeKey.Parameters.Add(new SqliteParameter { ParameterName = "$user_id" });
                    var keyParameter = freeKey.Parameters.Add(new SqliteParameter { ParameterName = "$key" });
                    var nowParameter = freeKey.Parameters.Add(new SqliteParameter { ParameterName = "$now" });
                    foreach (var (n, key) in notifications)
                    {
                        if (key is null)
                        {
                            continue;
                        }

                        userParameter.Value = n.UserId;
                        keyParameter.Value = key;
                        nowParameter.Value = ToUnixMilliseconds(n.CreatedAt);
                        await freeKey.ExecuteNonQueryAsync(cancellationToken);
                    }
                }

                await using (var insert = Command(connection, $"INSERT INTO notifications ({Columns}) VALUES ({Parameters})", transaction))
                {
                    var parameters = AddParameters(insert);
                    foreach (var (n, _) in notifications)
                    {
                        Bind(parameters, n);
                        await insert.ExecuteNonQueryAsync(cancellationToken);
                    }
                }

                await using (var bind = Command(
                    connection,
                    "INSERT INTO notification_keys (user_id, idempotency_key, notification_id) VALUES ($user_id, $key, $id)",
                    transaction))
                {
                    var userParameter = bind.Parameters.Add(new SqliteParameter { ParameterName = "$user_id" });
                    var keyParameter = bind.Parameters.Add(new SqliteParameter { ParameterName = "$key" });
                    var idParameter = bind.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
                    foreach (var (n, key) in notifications)
                    {
                        if (key is null)
                        {
                            continue;
                        }

                        userParameter.Value = n.UserId;
                        keyParameter.Value = key;
                        idParameter.Value = n.Id;
                        await bind.ExecuteNonQueryAsync(cancellationToken);
                    }
                }

                await using (var raise = Command(connection, RaiseLastSeqSql, transaction))
                {
                    var userParameter = raise.Parameters.Add(new SqliteParameter { ParameterName = "$user_id" });
                    var seqParameter = raise.Parameters.Add(new SqliteParameter { ParameterName = "$seq" });
                    foreach (var (user, seq) in HighestSeqByUser([.. notifications.Select(n => n.Notification)]))
                    {
                        userParameter.Value = user;
                        seqParameter.Value = seq;
                        await raise.ExecuteNonQueryAsync(cancellationToken);
                    }
                }

                return true;
            },
            cancellationToken);
    }

    public async Task<Notification?> FindAsync(string userId, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = Command(connection, $"SELECT {Columns} FROM notifications WHERE user_id = $user_id AND id = $id AND {Live}");
        command.Parameters.AddWithValue("$user_id", userId);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", ToUnixMilliseconds(now));
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<Notification?> FindByIdempotencyKeyAsync(string userId, string idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = Command(
            connection,
            $"SELECT {Columns} FROM notifications WHERE id = (SELECT notification_id FROM notification_keys WHERE user_id = $user_id AND idempotency_key = $key) "
            + $"AND user_id = $user_id AND {Live}");
        command.Parameters.AddWithValue("$user_id", userId);
        command.Parameters.AddWithValue("$key", idempotencyKey);
        command.Parameters.AddWithValue("$now", ToUnixMilliseconds(now));
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<Notification?> FindCollapseTargetAsync(string userId, string collapseKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(collapseKey);
        await using var connection = await OpenReadConnectionAsync(cancellationToken);

        // The partial index on collapse keys, not the newest-first walk of every row of the user.
        await using var command = Command(
            connection,
            $"SELECT {Columns} FROM notifications INDEXED BY ix_notifications_user_collapse "
            + $"WHERE user_id = $user_id AND collapse_key = $collapse_key AND is_read = 0 AND {InInbox} AND {Live} ORDER BY seq DESC LIMIT 1");
        command.Parameters.AddWithValue("$user_id", userId);
        command.Parameters.AddWithValue("$collapse_key", collapseKey);
        command.Parameters.AddWithValue("$now", ToUnixMilliseconds(now));
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<NotificationPage> ListAsync(string userId, NotificationQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = Command(connection, string.Empty);
        var sql = new StringBuilder($"SELECT {Columns} FROM notifications WHERE user_id = $user_id AND {Live}");
        command.Parameters.AddWithValue("$user_id", userId);
        command.Parameters.AddWithValue("$now", ToUnixMilliseconds(now));
        AppendPage(sql, query, '$', new QueryParameters(command.Parameters));
        command.CommandText = sql.ToString();

        var items = new List<Notification>(Math.Min(query.Limit + 1, 128));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader));
        }

        var hasMore = items.Count > query.Limit;
        if (hasMore)
        {
            items.RemoveAt(items.Count - 1);
        }

        return new NotificationPage(items, hasMore);
    }

    public Task<bool> UpdateAsync(Notification notification, string? idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using (var update = Command(connection, $"UPDATE notifications SET {Assignments} WHERE user_id = $user_id AND id = $id AND {Live}", transaction))
                {
                    Bind(AddParameters(update), notification);
                    update.Parameters.AddWithValue("$now", ToUnixMilliseconds(now));
                    if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
                    {
                        return false;
                    }
                }

                await using (var raise = Command(connection, RaiseLastSeqSql, transaction))
                {
                    raise.Parameters.AddWithValue("$user_id", notification.UserId);
                    raise.Parameters.AddWithValue("$seq", notification.Seq);
                    await raise.ExecuteNonQueryAsync(cancellationToken);
                }

                if (idempotencyKey is not null)
                {
                    // A key still bound to an expired (or vanished) notification moves here; a key
                    // bound here already stays; one bound to another live notification fails the
                    // insert on the primary key, and the transaction with it.
                    await using var bind = Command(
                        connection,
                        "UPDATE notification_keys SET notification_id = $id WHERE user_id = $user_id AND idempotency_key = $key "
                        + $"AND NOT EXISTS (SELECT 1 FROM notifications WHERE id = notification_keys.notification_id AND {Live}); "
                        + "INSERT INTO notification_keys (user_id, idempotency_key, notification_id) SELECT $user_id, $key, $id "
                        + "WHERE NOT EXISTS (SELECT 1 FROM notification_keys WHERE user_id = $user_id AND idempotency_key = $key AND notification_id = $id)",
                        transaction);
                    bind.Parameters.AddWithValue("$user_id", notification.UserId);
                    bind.Parameters.AddWithValue("$key", idempotencyKey);
                    bind.Parameters.AddWithValue("$id", notification.Id);
                    bind.Parameters.AddWithValue("$now", ToUnixMilliseconds(now));
                    await bind.ExecuteNonQueryAsync(cancellationToken);
                }

                return true;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<ChangedNotification>> MarkAllReadAsync(string userId, NotificationType? type, string? conversationId, long? upToSeq, DateTimeOffset readAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return ChangeEachAsync(
            userId,
            "is_read = 0",
            (sql, parameters) => AppendFilters(sql, type, conversationId, upToSeq, '$', parameters),
            "is_read = 1, read_at = $at, seen_at = COALESCE(seen_at, $at)",
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
            (sql, parameters) => AppendFilters(sql, null, null, upToSeq, '$', parameters),
            "seen_at = $at",
            seenAt,
            now,
            cancellationToken);
    }

    public Task<IReadOnlyList<ChangedNotification>> ArchiveReadAsync(string userId, DateTimeOffset archivedAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return ChangeEachAsync(userId, "is_read = 1", (_, _) => { }, "archived_at = $at", archivedAt, now, cancellationToken);
    }

    public Task<Notification?> DeleteAsync(string userId, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(id);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, $"DELETE FROM notifications WHERE user_id = $user_id AND id = $id AND {Live} RETURNING {Columns}", transaction);
                command.Parameters.AddWithValue("$user_id", userId);
                command.Parameters.AddWithValue("$id", id);
                command.Parameters.AddWithValue("$now", ToUnixMilliseconds(now));
                return await ReadSingleAsync(command, cancellationToken);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<Notification>> DeleteByMessageAsync(string userId, string messageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(messageId);
        return WriteAsync<IReadOnlyList<Notification>>(
            async (connection, transaction) =>
            {
                // By the message-id index: a message has few notifications, a user may have thousands.
                await using var command = Command(
                    connection,
                    $"DELETE FROM notifications INDEXED BY ix_notifications_message WHERE message_id = $message_id AND user_id = $user_id AND {Live} RETURNING {Columns}",
                    transaction);
                command.Parameters.AddWithValue("$message_id", messageId);
                command.Parameters.AddWithValue("$user_id", userId);
                command.Parameters.AddWithValue("$now", ToUnixMilliseconds(now));
                var deleted = new List<Notification>();
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    deleted.Add(Read(reader));
                }

                // RETURNING has no defined order; callers get seq order.
                deleted.Sort((a, b) => a.Seq.CompareTo(b.Seq));
                return deleted;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<string>> FindUsersByMessageAsync(string messageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = Command(
            connection,
            $"SELECT DISTINCT user_id FROM notifications INDEXED BY ix_notifications_message WHERE message_id = $message_id AND {Live} ORDER BY user_id");
        command.Parameters.AddWithValue("$message_id", messageId);
        command.Parameters.AddWithValue("$now", ToUnixMilliseconds(now));
        var users = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(reader.GetString(0));
        }

        return users;
    }

    public Task<IReadOnlyList<ChangedNotification>> TrimOldestAsync(string userId, int count, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return WriteAsync<IReadOnlyList<ChangedNotification>>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    $"DELETE FROM notifications WHERE id IN (SELECT id FROM notifications WHERE user_id = $user_id AND {Live} ORDER BY seq LIMIT $count) "
                    + $"RETURNING {ChangedColumns}",
                    transaction);
                command.Parameters.AddWithValue("$user_id", userId);
                command.Parameters.AddWithValue("$now", ToUnixMilliseconds(now));
                command.Parameters.AddWithValue("$count", count);
                var trimmed = new List<ChangedNotification>(Math.Min(count, 1_024));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    trimmed.Add(ReadChanged(reader));
                }

                trimmed.Sort((a, b) => a.Seq.CompareTo(b.Seq));
                return trimmed;
            },
            cancellationToken);
    }

    public Task SavePreferencesAsync(string userId, NotificationPreferences preferences, AuditRecord audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(audit);
        var json = PreferencesJson.Serialize(preferences);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using (var save = Command(
                    connection,
                    "INSERT INTO inboxes (user_id, last_seq, preferences) VALUES ($user_id, 0, $preferences) ON CONFLICT (user_id) DO UPDATE SET preferences = excluded.preferences",
                    transaction))
                {
                    save.Parameters.AddWithValue("$user_id", userId);
                    save.Parameters.AddWithValue("$preferences", json);
                    await save.ExecuteNonQueryAsync(cancellationToken);
                }

                await using var record = Command(connection, InsertAuditSql, transaction);
                AddAuditParameters(record.Parameters, audit);
                return await record.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);
    }

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return WriteAsync(
            async (connection, transaction) =>
            {
                // Counts the notifications only: the keys the cascade deletes with them are not counted.
                await using var command = Command(
                    connection,
                    "DELETE FROM notifications WHERE rowid IN (SELECT rowid FROM notifications WHERE expires_at <= $now ORDER BY expires_at LIMIT $limit)",
                    transaction);
                command.Parameters.AddWithValue("$now", ToUnixMilliseconds(now));
                command.Parameters.AddWithValue("$limit", batchSize);
                return await command.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);
    }

    /// <summary>Creates or migrates the schema up to <paramref name="version"/> only: how tests build a database of an earlier version.</summary>
    internal Task MigrateToAsync(int version, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(version, Migrations.Length);
        return MigrateAsync(Migrations[..version], cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _writeLock.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_writeConnection is not null)
            {
                await _writeConnection.DisposeAsync();
                _writeConnection = null;
            }

            ReleasePooledConnections();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        _writeLock.Wait();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _writeConnection?.Dispose();
            _writeConnection = null;
            ReleasePooledConnections();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // Pooled read connections keep the file open; a disposed store must let it go (and be deletable).
    private void ReleasePooledConnections()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private Task InitializeCoreAsync(CancellationToken cancellationToken) => MigrateAsync(Migrations, cancellationToken);

    private async Task MigrateAsync(IReadOnlyList<string> migrations, CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(_path) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await SetBusyTimeoutAsync(connection, cancellationToken);

        // Persistent in the file; set outside a transaction, as SQLite requires.
        await using (var wal = Command(connection, "PRAGMA journal_mode = WAL"))
        {
            var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite refused WAL mode for '{_path}' (journal mode is '{mode}').");
            }
        }

        // BEGIN IMMEDIATE takes the write lock first, so processes starting together migrate one after another.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await SchemaMigrations.ApplyAsync(
            connection,
            transaction,
            "schema_migrations",
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT",
            "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)", // Unix milliseconds, as every time here
            migrations,
            version => LogInformationMigrated(_logger, _path, version),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// A bulk change of the user's live rows in the inbox that match <paramref name="condition"/> and
    /// the filters <paramref name="appendFilters"/> adds: reads their state before, then changes them
    /// (<paramref name="assignments"/>, with <c>$at</c> bound to <paramref name="at"/>). Both in one
    /// write transaction of the only writer, so they see the same rows. Returns them in seq order.
    /// </summary>
    private Task<IReadOnlyList<ChangedNotification>> ChangeEachAsync(
        string userId,
        string condition,
        Action<StringBuilder, QueryParameters> appendFilters,
        string assignments,
        DateTimeOffset at,
        DateTimeOffset now,
        CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<ChangedNotification>>(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, string.Empty, transaction);
                var where = new StringBuilder($"user_id = $user_id AND {condition} AND {InInbox} AND {Live}");
                command.Parameters.AddWithValue("$user_id", userId);
                command.Parameters.AddWithValue("$now", ToUnixMilliseconds(now));
                command.Parameters.AddWithValue("$at", ToUnixMilliseconds(at));
                appendFilters(where, new QueryParameters(command.Parameters));

                command.CommandText = $"SELECT {ChangedColumns} FROM notifications WHERE {where} ORDER BY seq";
                var changed = new List<ChangedNotification>();
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        changed.Add(ReadChanged(reader));
                    }
                }

                if (changed.Count > 0)
                {
                    command.CommandText = $"UPDATE notifications SET {assignments} WHERE {where}";
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                return changed;
            },
            cancellationToken);

    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var connection = await GetWriteConnectionAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<SqliteConnection> GetWriteConnectionAsync(CancellationToken cancellationToken)
    {
        if (_writeConnection is { } open)
        {
            return open;
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await SetBusyTimeoutAsync(connection, cancellationToken);
            var synchronous = _options.SqliteSynchronous.ToString().ToUpperInvariant();
            await using (var command = Command(connection, $"PRAGMA synchronous = {synchronous}"))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        _writeConnection = connection;
        return connection;
    }

    private async Task<SqliteConnection> OpenReadConnectionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await SetBusyTimeoutAsync(connection, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task SetBusyTimeoutAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var milliseconds = (long)_options.SqliteBusyTimeout.TotalMilliseconds;
        await using var command = Command(connection, "PRAGMA busy_timeout = " + milliseconds.ToString(CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static async Task<Notification?> ReadSingleAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrated SQLite notification store {Path} to schema version {Version}")]
    private static partial void LogInformationMigrated(ILogger logger, string path, int version);

    private readonly struct QueryParameters(SqliteParameterCollection parameters) : IQueryParameters
    {
        public void Add(string name, long value) => parameters.AddWithValue("$" + name, value);

        public void Add(string name, bool value) => parameters.AddWithValue("$" + name, value ? 1L : 0L);

        public void Add(string name, string value) => parameters.AddWithValue("$" + name, value);
    }
}
