using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Notifications.Grains.Hosting;
using Notifications.Grains.Storage;
using Orleans.TestingHost;

namespace Notifications.Grains.Tests.Inbox;

/// <summary>
/// One in-process silo with the real grains on a real SQLite store, and a fake clock so windows
/// (DND, mention limit, expiry, push timeout, subscription expiry) are exact. The inbox cache is
/// small so tests reach the store-backed pages with few notifications.
/// </summary>
public class InboxClusterFixture : IAsyncLifetime
{
    public const int CacheSize = 10;

    private readonly string _directory = Directory.CreateTempSubdirectory("inbox-tests-").FullName;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public InboxClusterFixture()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <param name="settings">Configuration beside the defaults (or replacing them).</param>
    protected InboxClusterFixture(IReadOnlyDictionary<string, string?> settings) => _settings = settings;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:SqlitePath"] = Path.Combine(_directory, "notifications.db"),
            ["Inbox:CacheSize"] = CacheSize.ToString(System.Globalization.CultureInfo.InvariantCulture),

            // The fake clock does not drive grain timers: a short look-again lets a test that moves
            // the clock past a snooze see the return pushed without waiting a real minute.
            ["Inbox:SnoozeCheckInterval"] = "00:00:00.100",
        }).AddInMemoryCollection(_settings).Build();

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.AddNotificationGrains(configuration);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    public IUserInboxGrain Inbox(string userId) => Client.GetGrain<IUserInboxGrain>(userId);

    /// <summary>The silo's own store, for arranging what an inbox finds when it activates.</summary>
    public INotificationStore Store => Cluster.Silos[0].ServiceProvider.GetRequiredService<INotificationStore>();

    /// <summary>A user id no other test uses.</summary>
    public static string NewUserId(string prefix = "u") => $"{prefix}-{Guid.NewGuid():N}";
}

[CollectionDefinition(Name)]
public sealed class InboxCluster : ICollectionFixture<InboxClusterFixture>
{
    public const string Name = "inbox cluster";
}
