using System.Globalization;
using System.Runtime.InteropServices;

namespace Notifications.Cluster.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of the test's own (scripts/postgres.sh: initdb in a temporary folder, a
/// free loopback port), so a test can stop it, start it again on the same port and data, or
/// freeze it (SIGSTOP: a database that hangs instead of refusing) without touching the server
/// the other test projects share. Removed, data and all, on dispose. It listens on loopback, and
/// on <paramref name="extraListenAddress"/> too when given (a test's own veth address), letting in
/// clients from <paramref name="extraClients"/>.
/// </summary>
public sealed class PostgresServer(string? extraListenAddress = null, string? extraClients = null) : IAsyncDisposable
{
    private const string PgBin = "/usr/lib/postgresql/15/bin";
    private const int SigStop = 19;
    private const int SigCont = 18;

    private readonly string _dir = Directory.CreateTempSubdirectory("outage-pg-").FullName;
    private int _port;

    public string ConnectionString { get; private set; } = "";

    public async Task StartAsync()
    {
        var output = await RunAsync(Path.Combine(TestHosts.RepositoryRoot, "scripts", "postgres.sh"), ["start", _dir], TimeSpan.FromSeconds(90));
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("NOTIFICATIONS_TEST_POSTGRES=", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("scripts/postgres.sh start printed no connection string:\n" + output);
        ConnectionString = line["NOTIFICATIONS_TEST_POSTGRES=".Length..].Trim();
        _port = int.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "port")), CultureInfo.InvariantCulture);
    }

    /// <summary>Stops the server (fast shutdown: connections are cut, new ones refused).</summary>
    public Task StopAsync() => PgCtlAsync(["-D", Path.Combine(_dir, "data"), "-m", "fast", "-w", "-t", "60", "stop"]);

    /// <summary>Starts the stopped server again, same port, same data.</summary>
    public Task StartAgainAsync() => PgCtlAsync(["-D", Path.Combine(_dir, "data"), "-l", Path.Combine(_dir, "postgres.log"), "-w", "-t", "60",
        "-o", $"-p {_port} -k {_dir}", "start"]);

    /// <summary>Freezes every process of the server: connections stay open, nothing answers.</summary>
    public Task FreezeAsync() => SignalAsync(SigStop);

    public Task ThawAsync() => SignalAsync(SigCont);

    public async ValueTask DisposeAsync()
    {
        await ThawAsync();
        try
        {
            await RunAsync(Path.Combine(TestHosts.RepositoryRoot, "scripts", "postgres.sh"), ["stop", _dir], TimeSpan.FromSeconds(90));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"Could not stop the test's PostgreSQL in {_dir}: {e.Message}");
        }
    }

    /// <summary>The postmaster and its children (backends, checkpointer, WAL writer …).</summary>
    private async Task SignalAsync(int signal)
    {
        var pidFile = Path.Combine(_dir, "data", "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture, out var postmaster))
        {
            return;
        }

        // The postmaster first, so it forks no more; then its children, twice, to catch a fork
        // that was under way when it stopped.
        _ = SysKill(postmaster, signal);
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var pid in ChildrenOf(postmaster))
            {
                _ = SysKill(pid, signal);
            }

            await Task.Delay(50);
        }
    }

    private static IEnumerable<int> ChildrenOf(int parent)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            // pid (comm) state ppid …; comm may hold spaces, so read after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 1 && int.TryParse(fields[1], CultureInfo.InvariantCulture, out var ppid) && ppid == parent)
            {
                yield return pid;
            }
        }
    }

    private Task PgCtlAsync(IReadOnlyList<string> arguments) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(PgBin, "pg_ctl"), .. arguments], TimeSpan.FromSeconds(90))
            : RunAsync(Path.Combine(PgBin, "pg_ctl"), arguments, TimeSpan.FromSeconds(90));

    private Task<string> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan bound) =>
        TestHosts.RunAsync(fileName, arguments, bound, workingDirectory: _dir, environment: new Dictionary<string, string>
        {
            ["PG_EXTRA_LISTEN"] = extraListenAddress ?? "",
            ["PG_EXTRA_CLIENTS"] = extraClients ?? "",
        });

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);
}
