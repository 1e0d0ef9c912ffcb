using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Notifications.Cluster.Tests.Infrastructure;

/// <summary>
/// A real cluster on loopback, every process separate: redis-server (membership), two silos and
/// two Api nodes (Orleans clients) from the Release build outputs, on the PostgreSQL that
/// scripts/test.sh started (NOTIFICATIONS_TEST_POSTGRES), in a schema of its own that is dropped
/// at the end. Every process it started is stopped in <see cref="DisposeAsync"/> (and when the
/// test host exits), SIGKILL when it does not stop in time. Every wait is bounded. Missing
/// prerequisites fail with a clear message; nothing is skipped. A derived fixture may bring its
/// own environment (a database, a network namespace) and place a silo elsewhere.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    public const string SigningKey = "cluster-test-signing-key-0123456789-abcdef";
    public const string PostgresVariable = "NOTIFICATIONS_TEST_POSTGRES";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    private readonly List<NodeProcess> _processes = [];
    private readonly Lock _gate = new();
    private readonly string _runId = Guid.NewGuid().ToString("N")[..10];
    private string _postgres = "";
    private int _redisPort;
    private NodeProcess? _redis;
    private bool _keepLogs;
    private bool _disposed;

    public string LogDirectory { get; } = Directory.CreateTempSubdirectory("cluster-test-").FullName;

    public string Schema => "cluster_" + _runId;

    public IReadOnlyList<SiloNode> Silos { get; private set; } = [];

    public IReadOnlyList<ApiNode> Apis { get; private set; } = [];

    public string RepositoryRoot => TestHosts.RepositoryRoot;

    public async ValueTask InitializeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        try
        {
            _postgres = await PrepareEnvironmentAsync();
            var siloDll = TestHosts.BuildOutput("Silo", "Notifications.Silo.dll");
            var apiDll = TestHosts.BuildOutput("Api", "Notifications.Api.dll");

            await StartRedisAsync();
            var silos = new List<SiloNode>();
            for (var i = 0; i < 2; i++)
            {
                silos.Add(StartSilo(i, siloDll));
            }

            Silos = silos;
            // Silos first: an Api node started before any silo only retries, which costs time here.
            await Task.WhenAll(silos.Select(s => TestHosts.WaitForAsync(s.Process, new Uri(s.Url, "health/live"), ReadyTimeout)));
            var apis = new List<ApiNode>();
            for (var i = 0; i < 2; i++)
            {
                apis.Add(StartApi(i, apiDll));
            }

            Apis = apis;
            await Task.WhenAll(apis.Select(a => TestHosts.WaitForAsync(a.Process, new Uri(a.Url, "health/ready"), ReadyTimeout)));
        }
        catch (Exception e)
        {
            _keepLogs = true;
            var tails = Tails();
            await DisposeAsync();
            throw new InvalidOperationException($"The cluster did not start: {e.Message}{Environment.NewLine}{tails}", e);
        }
    }

    /// <summary>What the cluster runs on besides Redis; returns the PostgreSQL connection string (loopback).</summary>
    protected virtual Task<string> PrepareEnvironmentAsync() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs
            ? Task.FromResult(cs)
            : throw new InvalidOperationException($"{PostgresVariable} is not set: the cluster test needs a PostgreSQL server (scripts/test.sh starts one and sets it).");

    /// <summary>Removes what <see cref="PrepareEnvironmentAsync"/> set up, after every process has stopped.</summary>
    protected virtual ValueTask DisposeEnvironmentAsync() => ValueTask.CompletedTask;

    /// <summary>Where silo number <paramref name="index"/> (from 0) runs; on loopback unless a derived fixture says otherwise.</summary>
    protected virtual SiloPlacement PlaceSilo(int index) => SiloPlacement.Loopback;

    /// <summary>Settings of every Api node beyond the fixture's own (which they may override).</summary>
    protected virtual void ConfigureApi(IDictionary<string, string> environment)
    {
    }

    /// <summary>The addresses Redis listens on, loopback first (the one the fixture pings).</summary>
    protected virtual IReadOnlyList<string> RedisAddresses => ["127.0.0.1"];

    /// <summary>Runs a test; when it fails, keeps the process logs and writes their tails to the test output.</summary>
    public async Task RunKeepingLogsOnFailureAsync(Func<Task> test, ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            await test();
        }
        catch
        {
            KeepLogs();
            output.WriteLine(Tails());
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        NodeProcess[] processes;
        lock (_gate)
        {
            // Once only: a fixture that failed to start has disposed itself already.
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            processes = [.. _processes];
        }

        // Api nodes first, then silos, then Redis: each goes before what it depends on.
        await Task.WhenAll(processes.Where(p => p.Name.StartsWith("api", StringComparison.Ordinal)).Select(p => p.StopAsync(TimeSpan.FromSeconds(5))));
        await Task.WhenAll(processes.Where(p => p.Name.StartsWith("silo", StringComparison.Ordinal)).Select(p => p.StopAsync(TimeSpan.FromSeconds(5))));
        await Task.WhenAll(processes.Where(p => p.Name.StartsWith("redis", StringComparison.Ordinal)).Select(p => p.StopAsync(TimeSpan.FromSeconds(5))));
        foreach (var process in processes)
        {
            process.Dispose();
        }

        await DropSchemaAsync();
        await DisposeEnvironmentAsync();
        if (!_keepLogs)
        {
            try
            {
                Directory.Delete(LogDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Keeps the process logs after the run (a test failed), and says where they are.</summary>
    public void KeepLogs() => _keepLogs = true;

    /// <summary>The last lines of every process's output, for a failure message.</summary>
    public string Tails(int lines = 40)
    {
        NodeProcess[] processes;
        lock (_gate)
        {
            processes = [.. _processes];
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Process logs in {LogDirectory}:");
        foreach (var process in processes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"----- {process.Name} (pid {process.Pid}{(process.HasExited ? ", exited" : "")}) last {lines} lines -----");
            text.AppendLine(process.Tail(lines));
        }

        return text.ToString();
    }

    /// <summary>Stops Redis (SIGTERM: its append-only file is flushed), leaving the cluster without its membership table.</summary>
    public Task StopRedisAsync() => _redis!.StopAsync(TimeSpan.FromSeconds(10));

    /// <summary>Starts Redis again on the same port with the same data, as a restarted production Redis would come back.</summary>
    public Task StartRedisAgainAsync() => StartRedisAsync();

    /// <summary>Starts one more silo (it joins through Redis) without waiting for it.</summary>
    public SiloNode StartAdditionalSilo() => StartSilo(CountOf("silo"), TestHosts.BuildOutput("Silo", "Notifications.Silo.dll"));

    /// <summary>Starts one more Api node without waiting for it.</summary>
    public ApiNode StartAdditionalApi() => StartApi(CountOf("api"), TestHosts.BuildOutput("Api", "Notifications.Api.dll"));

    private int CountOf(string kind)
    {
        lock (_gate)
        {
            return _processes.Count(p => p.Name.StartsWith(kind, StringComparison.Ordinal));
        }
    }

    private async Task StartRedisAsync()
    {
        var redis = FindOnPath("redis-server")
            ?? throw new InvalidOperationException("redis-server is not installed (apt-get install -y redis-server): the cluster test needs it for Orleans membership.");
        if (_redisPort == 0)
        {
            _redisPort = LoopbackPorts.Free();
        }

        // Persisted (append-only, every write synced) so that a stopped Redis comes back with the membership table.
        var data = Directory.CreateDirectory(Path.Combine(LogDirectory, "redis-data")).FullName;
        var process = Track(NodeProcess.Start("redis", redis, ["--port", TestHosts.Port(_redisPort), "--bind", .. RedisAddresses, "--protected-mode", RedisAddresses.Count > 1 ? "no" : "yes", "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", data], LogDirectory, new Dictionary<string, string>(), LogDirectory));
        _redis = process;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("redis-server exited at start.");
            }

            if (await PingRedisAsync(_redisPort))
            {
                return;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new TimeoutException($"redis-server on port {_redisPort} did not answer PING within 20 s.");
            }

            await Task.Delay(100);
        }
    }

    private SiloNode StartSilo(int index, string dll)
    {
        var placement = PlaceSilo(index);
        var (siloPort, gatewayPort, httpPort) = (LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());
        var url = new Uri($"http://{placement.Address}:{httpPort}/");
        var environment = CommonEnvironment(placement.DependenciesAddress);
        environment["Cluster__AdvertisedAddress"] = placement.Address;
        environment["Cluster__SiloPort"] = TestHosts.Port(siloPort);
        environment["Cluster__GatewayPort"] = TestHosts.Port(gatewayPort);
        string[] command = [.. placement.Launcher, "dotnet", dll, "--urls", url.ToString().TrimEnd('/')];
        var process = Track(NodeProcess.Start($"silo{index + 1}", command[0], command[1..], Path.GetDirectoryName(dll)!, environment, LogDirectory));
        return new SiloNode(process, url, siloPort, gatewayPort);
    }

    private ApiNode StartApi(int index, string dll)
    {
        var url = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/");
        var environment = CommonEnvironment("127.0.0.1");
        environment["Cluster__Mode"] = "Client";
        environment["Auth__SigningKey"] = SigningKey;
        // Clients catch up through the REST API after every gap; the per-user limit is not under test here.
        environment["RateLimits__UserRequestsPerMinute"] = "1000000";
        ConfigureApi(environment);
        var process = Track(NodeProcess.Start($"api{index + 1}", "dotnet", [dll, "--urls", url.ToString().TrimEnd('/')], Path.GetDirectoryName(dll)!, environment, LogDirectory));
        return new ApiNode(process, url);
    }

    /// <summary>What every node is given; it reaches Redis and PostgreSQL at <paramref name="dependencies"/>.</summary>
    private Dictionary<string, string> CommonEnvironment(string dependencies) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Cluster__Clustering"] = "Redis",
        ["Cluster__RedisConnectionString"] = dependencies + ":" + TestHosts.Port(_redisPort),
        ["Cluster__ServiceId"] = "notifications-cluster-test",
        ["Cluster__ClusterId"] = "cluster-test-" + _runId,
        ["Cluster__AdvertisedAddress"] = "127.0.0.1",
        ["Storage__Provider"] = "Postgres",
        ["Storage__PostgresConnectionString"] = new NpgsqlConnectionStringBuilder(_postgres) { Host = dependencies }.ConnectionString,
        ["Storage__PostgresSchema"] = Schema,
        // Two silos beside the other test projects' connections: stay well below max_connections (100).
        ["Storage__PostgresMaxPoolSize"] = "16",
        ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
    };

    private NodeProcess Track(NodeProcess process)
    {
        lock (_gate)
        {
            _processes.Add(process);
        }

        return process;
    }

    private void KillAll()
    {
        lock (_gate)
        {
            foreach (var process in _processes)
            {
                process.Kill();
            }
        }
    }

    private async Task DropSchemaAsync()
    {
        if (_postgres.Length == 0)
        {
            return;
        }

        try
        {
            await using var connection = new NpgsqlConnection(_postgres);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE", connection);
            await command.ExecuteNonQueryAsync(timeout.Token);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
        {
            Console.Error.WriteLine($"Could not drop schema {Schema}: {e.Message}");
        }
    }

    private static async Task<bool> PingRedisAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/sbin")
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

}

public sealed record SiloNode(NodeProcess Process, Uri Url, int SiloPort, int GatewayPort);

/// <summary>
/// Where a silo runs: the address it listens on and advertises, the command it is started through
/// (e.g. <c>ip netns exec …</c>; none: started directly) and the address it reaches Redis and
/// PostgreSQL at.
/// </summary>
public sealed record SiloPlacement(string Address, IReadOnlyList<string> Launcher, string DependenciesAddress)
{
    public static SiloPlacement Loopback { get; } = new("127.0.0.1", [], "127.0.0.1");
}

public sealed record ApiNode(NodeProcess Process, Uri Url);
