namespace Notifications.Grains.Storage;

/// <summary>
/// Where notifications are stored; bound from the <c>Storage</c> configuration section
/// (not <c>Orleans</c>, which Orleans binds itself).
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public const string SqliteProvider = "Sqlite";

    public const string PostgresProvider = "Postgres";

    /// <summary><c>Sqlite</c> (embedded, the default: needs no server) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = SqliteProvider;

    /// <summary>The SQLite database file, relative to the working directory unless rooted; its directory is created.</summary>
    public string SqlitePath { get; set; } = "data/notifications.db";

    /// <summary>
    /// SQLite's <c>synchronous</c> setting. <see cref="SqliteSynchronous.Full"/> (the default) survives
    /// power loss; <see cref="SqliteSynchronous.Normal"/> is faster but may lose the last commits then.
    /// </summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>How long an SQLite statement waits for another process's lock before failing.</summary>
    public TimeSpan SqliteBusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An Npgsql connection string; required when <see cref="Provider"/> is <c>Postgres</c>.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>
    /// Connections one process may open to PostgreSQL when the connection string does not set
    /// <c>Maximum Pool Size</c>; keep (silos × this) below the server's <c>max_connections</c>.
    /// </summary>
    public int PostgresMaxPoolSize { get; set; } = 32;

    /// <summary>
    /// How long a PostgreSQL command may run, and how long opening a connection (or waiting for a
    /// free one in the pool) may take, when the connection string does not set <c>Command Timeout</c>
    /// or <c>Timeout</c> (Npgsql's defaults: 30 s and 15 s). A database that hangs then fails a
    /// request within seconds, inside the grain-call timeout, instead of holding an inbox for half a minute.
    /// </summary>
    public TimeSpan PostgresCommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc cref="PostgresCommandTimeout"/>
    public TimeSpan PostgresConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The PostgreSQL schema holding the tables; created when missing.</summary>
    public string PostgresSchema { get; set; } = "public";

    /// <summary>How often expired notifications are deleted.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many expired notifications one cleanup statement deletes at most.</summary>
    public int CleanupBatchSize { get; set; } = 1000;

    /// <summary>Batches concurrent inserts into few database round trips (<see cref="GroupCommitNotificationStore"/>).</summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>The most rows one group commit writes.</summary>
    public int GroupCommitMaxBatchRows { get; set; } = GroupCommitOptions.DefaultMaxBatchRows;

    /// <summary>How long a group commit waits for more inserts after the first one arrives.</summary>
    public TimeSpan GroupCommitMaxLinger { get; set; } = GroupCommitOptions.DefaultMaxLinger;

    /// <summary>How many insert requests may wait for a group commit before callers are held back.</summary>
    public int GroupCommitQueueCapacity { get; set; } = GroupCommitOptions.DefaultQueueCapacity;

    /// <summary>How many group commits may be in flight at once, each on its own connection.</summary>
    public int GroupCommitConcurrency { get; set; } = GroupCommitOptions.DefaultConcurrency;

    internal bool IsPostgres => string.Equals(Provider, PostgresProvider, StringComparison.OrdinalIgnoreCase);

    internal bool IsSqlite => string.Equals(Provider, SqliteProvider, StringComparison.OrdinalIgnoreCase);

    internal GroupCommitOptions ToGroupCommitOptions() => new()
    {
        MaxBatchRows = GroupCommitMaxBatchRows,
        MaxLinger = GroupCommitMaxLinger,
        QueueCapacity = GroupCommitQueueCapacity,
        Concurrency = GroupCommitConcurrency,
    };
}

/// <summary>SQLite's <c>PRAGMA synchronous</c> levels.</summary>
public enum SqliteSynchronous
{
    Off,
    Normal,
    Full,
    Extra,
}

/// <summary>Tuning of <see cref="GroupCommitNotificationStore"/>.</summary>
public sealed class GroupCommitOptions
{
    public const int DefaultMaxBatchRows = 512;

    public const int DefaultQueueCapacity = 10_000;

    public const int DefaultConcurrency = 4;

    public static readonly TimeSpan DefaultMaxLinger = TimeSpan.FromMilliseconds(2);

    /// <summary>The most rows one inner insert receives (a single larger request still goes alone).</summary>
    public int MaxBatchRows { get; init; } = DefaultMaxBatchRows;

    /// <summary>How long to wait for more requests after the first one of a batch; zero takes only what is queued.</summary>
    public TimeSpan MaxLinger { get; init; } = DefaultMaxLinger;

    /// <summary>How many requests may wait; further callers wait for room.</summary>
    public int QueueCapacity { get; init; } = DefaultQueueCapacity;

    /// <summary>
    /// Commits in flight at once. One at a time caps a silo at MaxBatchRows per commit latency
    /// (512 rows per ~25 ms fsync: ~20,000 rows/s) while the database sits idle; while every slot
    /// is busy the next batch keeps filling, so load still turns into larger batches first.
    /// </summary>
    public int Concurrency { get; init; } = DefaultConcurrency;
}
