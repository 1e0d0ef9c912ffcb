using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static Notifications.Grains.Storage.SqliteNotificationRows;
using static Notifications.Grains.Storage.StoreRowHelpers;

namespace Notifications.Grains.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. SQLite allows one writer at a time, so every
/// write goes through one long-lived connection behind a semaphore (no busy waits between this
/// process's own writers); reads use pooled connections, which WAL lets run beside the writer.
/// </summary>
public sealed partial class SqliteNotificationStore : INotificationStore, IAsyncDisposable, IDisposable
{
    private const string Live = "(expires_at IS NULL OR expires_at > $now)";

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
    ];

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

        // One read transaction: the four reads see the same snapshot.
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
                // transaction, so a user without one has nothing else: skip three reads. A batch to
                // thousands of new users activates thousands of inboxes at once.
                return new InboxSnapshot(0, preferences, [], [], []);
            }
        }

        var recent = new List<Notification>();
        if (recentLimit > 0)
        {
            await using var command = Command(
                connection,
                $"SELECT {Columns} FROM notifications WHERE user_id = $user_id AND {Live} ORDER BY seq DESC LIMIT $limit",
                transaction);
            command.Parameters.AddWithValue("$user_id", userId);
            command.Parameters.AddWithValue("$now", nowMs);
            command.Parameters.AddWithValue("$limit", recentLimit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                recent.Add(Read(reader));
            }
        }

        var groups = new List<CountGroup>();
        await using (var command = Command(
            connection,
            $"SELECT type, priority, is_read, COUNT(*) FROM notifications WHERE user_id = $user_id AND {Live} GROUP BY type, priority, is_read",
            transaction))
        {
            command.Parameters.AddWithValue("$user_id", userId);
            command.Parameters.AddWithValue("$now", nowMs);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                groups.Add(new CountGroup(ParseType(reader.GetString(0)), ParsePriority(reader.GetString(1)), reader.GetInt64(2) != 0, reader.GetInt32(3)));
            }
        }

        var expiring = new List<ExpiringNotification>();
        await using (var command = Command(
            connection,
            "SELECT id, expires_at, type, priority, is_read FROM notifications WHERE user_id = $user_id AND expires_at IS NOT NULL AND expires_at > $now",
            transaction))
        {
            command.Parameters.AddWithValue("$user_id", userId);
            command.Parameters.AddWithValue("$now", nowMs);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                expiring.Add(new ExpiringNotification(
                    reader.GetString(0), FromUnixMilliseconds(reader.GetInt64(1)), ParseType(reader.GetString(2)), ParsePriority(reader.GetString(3)), reader.GetInt64(4) != 0));
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

        await WriteAsync(
            async (connection, transaction) =>
            {
                // The interface gives no clock here: a row's own creation time is the moment its inbox
                // judged the key free, so an older row with that key counts as expired at that moment.
                await using (var freeKey = Command(
                    connection,
                    "DELETE FROM notifications WHERE user_id = $user_id AND idempotency_key = $key AND expires_at IS NOT NULL AND expires_at <= $now",
                    transaction))
                {
                    var userParameter = freeKey.Parameters.Add(new SqliteParameter { ParameterName = "$user_id" });
                    var keyParameter = freeKey.Parameters.Add(new SqliteParameter { ParameterName = "$key" });
                    var nowParameter = freeKey.Parameters.Add(new SqliteParameter { ParameterName = "$now" });
                    foreach (var n in notifications)
                    {
                        if (n.IdempotencyKey is null)
                        {
                            continue;
                        }

                        userParameter.Value = n.UserId;
                        keyParameter.Value = n.IdempotencyKey;
                        nowParameter.Value = ToUnixMilliseconds(n.CreatedAt);
                        await freeKey.ExecuteNonQueryAsync(cancellationToken);
                    }
                }

                await using (var insert = Command(connection, $"INSERT INTO notifications ({Columns}) VALUES ({Parameters})", transaction))
                {
                    var parameters = AddParameters(insert);
                    foreach (var n in notifications)
                    {
                        Bind(parameters, n);
                        await insert.ExecuteNonQueryAsync(cancellationToken);
                    }
                }

                await using (var raise = Command(
                    connection,
                    "INSERT INTO inboxes (user_id, last_seq) VALUES ($user_id, $seq) ON CONFLICT (user_id) DO UPDATE SET last_seq = MAX(last_seq, excluded.last_seq)",
                    transaction))
                {
                    var userParameter = raise.Parameters.Add(new SqliteParameter { ParameterName = "$user_id" });
                    var seqParameter = raise.Parameters.Add(new SqliteParameter { ParameterName = "$seq" });
                    foreach (var (user, seq) in HighestSeqByUser(notifications))
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
        await using var command = Command(connection, $"SELECT {Columns} FROM notifications WHERE user_id = $user_id AND idempotency_key = $key AND {Live}");
        command.Parameters.AddWithValue("$user_id", userId);
        command.Parameters.AddWithValue("$key", idempotencyKey);
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
        NotificationQuerySql.AppendPage(sql, query, '$', new QueryParameters(command.Parameters));
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

    public Task<MarkReadOutcome?> MarkReadAsync(string userId, string id, DateTimeOffset readAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(id);
        return WriteAsync<MarkReadOutcome?>(
            async (connection, transaction) =>
            {
                await using (var update = Command(
                    connection,
                    $"UPDATE notifications SET is_read = 1, read_at = $read_at WHERE user_id = $user_id AND id = $id AND is_read = 0 AND {Live} RETURNING {Columns}",
                    transaction))
                {
                    update.Parameters.AddWithValue("$read_at", ToUnixMilliseconds(readAt));
                    update.Parameters.AddWithValue("$user_id", userId);
                    update.Parameters.AddWithValue("$id", id);
                    update.Parameters.AddWithValue("$now", ToUnixMilliseconds(now));
                    if (await ReadSingleAsync(update, cancellationToken) is { } changed)
                    {
                        return new MarkReadOutcome(changed, true);
                    }
                }

                await using var select = Command(connection, $"SELECT {Columns} FROM notifications WHERE user_id = $user_id AND id = $id AND {Live}", transaction);
                select.Parameters.AddWithValue("$user_id", userId);
                select.Parameters.AddWithValue("$id", id);
                select.Parameters.AddWithValue("$now", ToUnixMilliseconds(now));
                return await ReadSingleAsync(select, cancellationToken) is { } unchanged ? new MarkReadOutcome(unchanged, false) : null;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<NotificationRef>> MarkAllReadAsync(string userId, NotificationType? type, string? conversationId, DateTimeOffset readAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return WriteAsync<IReadOnlyList<NotificationRef>>(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, string.Empty, transaction);
                var sql = new StringBuilder($"UPDATE notifications SET is_read = 1, read_at = $read_at WHERE user_id = $user_id AND is_read = 0 AND {Live}");
                command.Parameters.AddWithValue("$read_at", ToUnixMilliseconds(readAt));
                command.Parameters.AddWithValue("$user_id", userId);
                command.Parameters.AddWithValue("$now", ToUnixMilliseconds(now));
                NotificationQuerySql.AppendFilters(sql, type, conversationId, '$', new QueryParameters(command.Parameters));

                sql.Append(" RETURNING id, seq, type, priority");
                command.CommandText = sql.ToString();
                var changed = new List<NotificationRef>();
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    changed.Add(new NotificationRef(reader.GetString(0), reader.GetInt64(1), ParseType(reader.GetString(2)), ParsePriority(reader.GetString(3))));
                }

                // RETURNING has no defined order; callers get creation order.
                changed.Sort((a, b) => a.Seq.CompareTo(b.Seq));
                return changed;
            },
            cancellationToken);
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

    public Task<IReadOnlyList<TrimmedNotification>> TrimOldestAsync(string userId, int count, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return WriteAsync<IReadOnlyList<TrimmedNotification>>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    $"DELETE FROM notifications WHERE id IN (SELECT id FROM notifications WHERE user_id = $user_id AND {Live} ORDER BY seq LIMIT $count) "
                    + "RETURNING id, seq, type, priority, is_read",
                    transaction);
                command.Parameters.AddWithValue("$user_id", userId);
                command.Parameters.AddWithValue("$now", ToUnixMilliseconds(now));
                command.Parameters.AddWithValue("$count", count);
                var trimmed = new List<TrimmedNotification>(Math.Min(count, 1_024));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    trimmed.Add(new TrimmedNotification(reader.GetString(0), reader.GetInt64(1), ParseType(reader.GetString(2)), ParsePriority(reader.GetString(3)), reader.GetInt64(4) != 0));
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

    private async Task InitializeCoreAsync(CancellationToken cancellationToken)
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
            Migrations,
            version => LogInformationMigrated(_logger, _path, version),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

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
