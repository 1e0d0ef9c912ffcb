namespace Notifications.Cluster.Tests.Infrastructure;

/// <summary>
/// The cluster of <see cref="ClusterFixture"/> with silo1 in a network namespace of its own
/// (<see cref="Network"/>), so that a test can cut it off from the other silo, the Api nodes,
/// Redis and PostgreSQL at once, and heal it. Redis and a PostgreSQL of the fixture's own listen on
/// loopback and on the host's end of the veth pair, where silo1 reaches them; silo2 advertises that
/// address too, so silo1 can reach it. The namespace and the database are removed at the end.
/// </summary>
public sealed class PartitionFixture : ClusterFixture
{
    private NetworkNamespace? _network;
    private PostgresServer? _database;

    public NetworkNamespace Network => _network ?? throw new InvalidOperationException("The fixture is not initialized.");

    protected override IReadOnlyList<string> RedisAddresses => ["127.0.0.1", Network.HostAddress];

    protected override async Task<string> PrepareEnvironmentAsync()
    {
        _network = await NetworkNamespace.CreateAsync();
        _database = new PostgresServer(_network.HostAddress, _network.InsideAddress + "/32");
        await _database.StartAsync();
        return _database.ConnectionString;
    }

    protected override SiloPlacement PlaceSilo(int index) => index == 0
        ? new SiloPlacement(Network.InsideAddress, Network.Launcher, Network.HostAddress)
        : new SiloPlacement(Network.HostAddress, [], "127.0.0.1");

    protected override async ValueTask DisposeEnvironmentAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (_network is not null)
        {
            await _network.DisposeAsync();
        }
    }
}
