using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notifications.Grains.Storage;

namespace Notifications.Grains.Tests.Storage;

public sealed class SqliteNotificationStoreTests(SqliteStoreFixture fixture)
    : NotificationStoreContractTests, IClassFixture<SqliteStoreFixture>
{
    protected override INotificationStore Store => fixture.Store;

    protected override INotificationStore CreateStore(string name) => fixture.CreateStore(name);

    protected override Task MigrateToAsync(INotificationStore store, int version) => ((SqliteNotificationStore)store).MigrateToAsync(version, Ct);

    protected override string SqlTime(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    protected override string SqlBool(bool value) => value ? "1" : "0";

    protected override async Task ExecuteSqlAsync(INotificationStore store, string sql)
    {
        await using var connection = await OpenAsync(store);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    protected override async Task<object?> QueryScalarAsync(INotificationStore store, string sql)
    {
        await using var connection = await OpenAsync(store);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }

    private static async Task<SqliteConnection> OpenAsync(INotificationStore store)
    {
        var connection = new SqliteConnection($"Data Source={((SqliteNotificationStore)store).DatabasePath};Pooling=False");
        await connection.OpenAsync(Ct);
        return connection;
    }

    [Fact]
    public async Task Database_file_is_in_wal_mode_and_its_directory_is_created()
    {
        var store = (SqliteNotificationStore)fixture.CreateStore(Path.Combine("nested", "deeper", "wal"));
        await store.InitializeAsync(Ct);

        Assert.True(File.Exists(store.DatabasePath));
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync(Ct));
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'notifications' AND name NOT LIKE 'sqlite_%'";
        Assert.Equal(9L, (long)(await command.ExecuteScalarAsync(Ct))!);
    }
}

/// <summary>One temporary directory per test class; the main store's file and any others live in it.</summary>
public sealed class SqliteStoreFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "notifications-sqlite-" + Guid.NewGuid().ToString("N"));
    private readonly List<SqliteNotificationStore> _stores = [];

    public INotificationStore Store { get; private set; } = null!;

    public static SqliteNotificationStore Create(string path, SqliteSynchronous synchronous = SqliteSynchronous.Full) =>
        new(Options.Create(new StorageOptions { SqlitePath = path, SqliteSynchronous = synchronous }), NullLogger<SqliteNotificationStore>.Instance);

    public INotificationStore CreateStore(string name)
    {
        var store = Create(Path.Combine(_directory, name + ".db"));
        lock (_stores)
        {
            _stores.Add(store);
        }

        return store;
    }

    public async ValueTask InitializeAsync()
    {
        Store = CreateStore("main");
        await Store.InitializeAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
