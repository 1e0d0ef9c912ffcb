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

    protected override string DowngradeToVersion1Sql =>
        "DROP TABLE audit_log; DROP FUNCTION audit_log_append_only(); DELETE FROM schema_migrations WHERE version = 2";

    protected override async Task ExecuteSqlAsync(INotificationStore store, string sql)
    {
        var connection = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { SearchPath = ((PostgresNotificationStore)store).Schema, Pooling = false };
        await using var dataSource = NpgsqlDataSource.Create(connection.ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Ct);
    }

    [Fact]
    public async Task Schema_has_the_specified_indexes_and_text_data()
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var command = dataSource.CreateCommand(
            "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = @schema AND tablename = 'notifications' AND indexname <> 'notifications_pkey'");
        command.Parameters.AddWithValue("schema", fixture.Schema);
        Assert.Equal(8L, (long)(await command.ExecuteScalarAsync(Ct))!);

        command.CommandText = "SELECT data_type FROM information_schema.columns WHERE table_schema = @schema AND table_name = 'notifications' AND column_name = 'data'";
        Assert.Equal("text", (string?)await command.ExecuteScalarAsync(Ct));
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
