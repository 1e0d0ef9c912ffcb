using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Notifications.Grains.Storage;

namespace Notifications.Grains.Tests.Storage;

public sealed class PostgresNotificationStoreTests(PostgresStoreFixture fixture)
    : NotificationStoreContractTests, IClassFixture<PostgresStoreFixture>
{
    protected override INotificationStore Store => fixture.Store;

    protected override INotificationStore CreateStore(string name) => fixture.CreateStore(name);

    protected override Task MigrateToAsync(INotificationStore store, int version) => ((PostgresNotificationStore)store).MigrateToAsync(version, Ct);

    protected override string SqlTime(DateTimeOffset time) =>
        "'" + time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + "+00'::timestamptz";

    protected override string SqlBool(bool value) => value ? "true" : "false";

    protected override async Task ExecuteSqlAsync(INotificationStore store, string sql)
    {
        await using var dataSource = DataSourceOf(store);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Ct);
    }

    protected override async Task<object?> QueryScalarAsync(INotificationStore store, string sql)
    {
        await using var dataSource = DataSourceOf(store);
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync(Ct);
    }

    /// <summary>Unqualified names resolve in the store's schema.</summary>
    private NpgsqlDataSource DataSourceOf(INotificationStore store) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { SearchPath = ((PostgresNotificationStore)store).Schema, Pooling = false }.ConnectionString);

    [Fact]
    public async Task Schema_has_the_specified_indexes_and_text_data()
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var command = dataSource.CreateCommand(
            "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = @schema AND tablename = 'notifications' AND indexname <> 'notifications_pkey'");
        command.Parameters.AddWithValue("schema", fixture.Schema);
        Assert.Equal(9L, (long)(await command.ExecuteScalarAsync(Ct))!);

        command.CommandText = "SELECT data_type FROM information_schema.columns WHERE table_schema = @schema AND table_name = 'notifications' AND column_name = 'data'";
        Assert.Equal("text", (string?)await command.ExecuteScalarAsync(Ct));
    }

    /// <summary>
    /// Retract finds a message's few notifications through the message-id index, and a create its
    /// collapse target through the collapse-key index, never by walking a user's thousands (the
    /// planner's choice, once it has statistics of a realistic table).
    /// </summary>
    [Theory]
    [InlineData("delete by message", "ix_notifications_message")]
    [InlineData("users by message", "ix_notifications_message")]
    [InlineData("collapse target", "ix_notifications_user_collapse")]
    public async Task Lookups_across_many_rows_use_their_index(string lookup, string index)
    {
        var store = (PostgresNotificationStore)CreateStore("plan" + Guid.NewGuid().ToString("N")[..8]);
        await store.InitializeAsync(Ct);
        var heavy = NewUser();
        await store.InsertAsync(
            [.. Enumerable.Range(1, 2_000).Select(i => Make(heavy, i, conversationId: "c" + (i % 20), messageId: "m" + i, collapseKey: i % 10 == 0 ? "ck" + (i % 70) : null))],
            Ct);
        for (var u = 0; u < 50; u++)
        {
            var user = NewUser();
            await store.InsertAsync([.. Enumerable.Range(1, 20).Select(i => Make(user, i, messageId: "m" + i))], Ct);
        }

        await ExecuteSqlAsync(store, "ANALYZE notifications");
        var sql = lookup switch
        {
            "delete by message" => store.DeleteByMessageSql,
            "users by message" => store.FindUsersByMessageSql,
            _ => store.FindCollapseTargetSql,
        };

        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var explain = dataSource.CreateCommand("EXPLAIN " + sql);
        explain.Parameters.AddWithValue("message_id", "m7");
        explain.Parameters.AddWithValue("collapse_key", "ck-none");
        explain.Parameters.AddWithValue("user_id", heavy);
        explain.Parameters.Add(new NpgsqlParameter<DateTime>("now", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = T0.UtcDateTime });
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            plan.Add(reader.GetString(0));
        }

        Assert.Contains(index, string.Join("\n", plan), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cleanup_runs_in_one_place_at_a_time()
    {
        var store = CreateStore("cleanup");
        await store.InitializeAsync(Ct);
        var user = NewUser();
        await store.InsertAsync([Make(user, 1, expiresAt: T0.AddSeconds(1)) with { CreatedAt = T0 }], Ct);

        // Another silo's cleanup holds the lock: this one deletes nothing and does not wait.
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var other = await dataSource.OpenConnectionAsync(Ct);
        await using var transaction = await other.BeginTransactionAsync(Ct);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('notifications.cleanup:' || @schema, 0))", other, transaction))
        {
            lockCommand.Parameters.AddWithValue("schema", ((PostgresNotificationStore)store).Schema);
            await lockCommand.ExecuteNonQueryAsync(Ct);
        }

        Assert.Equal(0, await store.DeleteExpiredAsync(T0.AddMinutes(1), 10, Ct));
        await transaction.RollbackAsync(Ct);
        Assert.Equal(1, await store.DeleteExpiredAsync(T0.AddMinutes(1), 10, Ct));
    }
}

/// <summary>
/// A fresh schema per test class, dropped at the end. The connection string comes from
/// <c>NOTIFICATIONS_TEST_POSTGRES</c>; without it every test of the class fails (never skips).
/// </summary>
public sealed class PostgresStoreFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = "NOTIFICATIONS_TEST_POSTGRES";

    private readonly string _prefix = "test_" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<PostgresNotificationStore> _stores = [];

    public INotificationStore Store { get; private set; } = null!;

    public string ConnectionString { get; private set; } = null!;

    public string Schema => _prefix + "_main";

    public static string RequireConnectionString() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set. The PostgreSQL store tests need a server: run "
                + $"`scripts/postgres.sh start /tmp/pg` and export the {EnvironmentVariable}=... line it prints.");

    public INotificationStore CreateStore(string name)
    {
        var store = new PostgresNotificationStore(
            Options.Create(new StorageOptions
            {
                Provider = StorageOptions.PostgresProvider,
                PostgresConnectionString = ConnectionString,
                PostgresSchema = _prefix + "_" + name,
            }),
            NullLogger<PostgresNotificationStore>.Instance);
        lock (_stores)
        {
            _stores.Add(store);
        }

        return store;
    }

    public async ValueTask InitializeAsync()
    {
        ConnectionString = RequireConnectionString();
        Store = CreateStore("main");
        await Store.InitializeAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        var schemas = _stores.Select(s => s.Schema).Distinct().ToArray();
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        if (ConnectionString is null)
        {
            return;
        }

        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        foreach (var schema in schemas)
        {
            await using var command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {PostgresNotificationStore.QuoteIdentifier(schema)} CASCADE");
            await command.ExecuteNonQueryAsync();
        }
    }
}
