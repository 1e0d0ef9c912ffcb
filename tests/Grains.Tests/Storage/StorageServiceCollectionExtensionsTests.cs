using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Notifications.Grains.Storage;

namespace Notifications.Grains.Tests.Storage;

public sealed class StorageServiceCollectionExtensionsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "notifications-di-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Default_is_sqlite_behind_group_commit_with_the_schema_created_at_start()
    {
        var path = Path.Combine(_directory, "sub", "notifications.db");
        using var host = BuildHost(new() { ["Storage:SqlitePath"] = path, ["Storage:CleanupBatchSize"] = "77" });

        await host.StartAsync(Ct);
        var store = host.Services.GetRequiredService<IInboxStore>();
        var options = host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var snapshot = await store.LoadInboxAsync("u", 10, DateTimeOffset.UtcNow, Ct);
        await host.StopAsync(Ct);

        Assert.IsType<GroupCommitNotificationStore>(store);
        Assert.Same(host.Services.GetRequiredService<INotificationStore>(), host.Services.GetRequiredService<IStoreMaintenance>());
        Assert.Same(host.Services.GetRequiredService<INotificationStore>(), host.Services.GetRequiredService<IRetractionStore>());
        Assert.True(File.Exists(path));
        Assert.Equal(0, snapshot.LastSeq);
        Assert.Equal(77, options.CleanupBatchSize);
        Assert.Contains(host.Services.GetServices<IHostedService>(), s => s is ExpiredNotificationsCleanupService);
        Assert.Same(TimeProvider.System, host.Services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void Group_commit_can_be_turned_off()
    {
        using var host = BuildHost(new() { ["Storage:SqlitePath"] = Path.Combine(_directory, "n.db"), ["Storage:GroupCommit"] = "false" });

        var tracked = Assert.IsType<OutageTrackingNotificationStore>(host.Services.GetRequiredService<IInboxStore>());
        Assert.IsType<SqliteNotificationStore>(tracked.Database);
    }

    [Fact]
    public void Postgres_provider_selects_the_postgres_store()
    {
        using var host = BuildHost(new()
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:PostgresConnectionString"] = "Host=127.0.0.1;Username=postgres",
            ["Storage:GroupCommit"] = "false",
        });

        var tracked = Assert.IsType<OutageTrackingNotificationStore>(host.Services.GetRequiredService<INotificationStore>());
        Assert.IsType<PostgresNotificationStore>(tracked.Database);
    }

    [Theory]
    [InlineData("Postgres", null, "PostgresConnectionString")]
    [InlineData("Mongo", null, "Storage:Provider")]
    [InlineData("Sqlite", "0", "CleanupBatchSize")]
    public async Task Invalid_configuration_fails_at_start(string provider, string? batchSize, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Storage:Provider"] = provider, ["Storage:SqlitePath"] = Path.Combine(_directory, "n.db") };
        if (batchSize is not null)
        {
            settings["Storage:CleanupBatchSize"] = batchSize;
        }

        using var host = BuildHost(settings);

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initialize_runs_once_per_store_instance()
    {
        await using var store = SqliteStoreFixture.Create(Path.Combine(_directory, "once.db"));

        var first = store.InitializeAsync(Ct);
        var second = store.InitializeAsync(Ct);
        await first;

        Assert.Same(first, second);
        Assert.Same(first, store.InitializeAsync(Ct));
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddNotificationStore(builder.Configuration);
        return builder.Build();
    }
}
