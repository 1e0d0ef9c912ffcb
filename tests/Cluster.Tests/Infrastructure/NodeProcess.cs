using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Notifications.Cluster.Tests.Infrastructure;

/// <summary>
/// One process the fixture started (redis-server, a silo, an Api node), its output going to a
/// file of its own. It can be killed with SIGKILL (the failure the tests inject) or stopped
/// (SIGTERM, then SIGKILL after a bound).
/// </summary>
public sealed class NodeProcess : IDisposable
{
    private const int SigTerm = 15;

    private readonly Process _process;

    private NodeProcess(string name, Process process, string logPath)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
    }

    public string Name { get; }

    public string LogPath { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <paramref name="fileName"/> through <c>sh -c exec</c> so that stdout and stderr go
    /// straight to <c>logDirectory/name.log</c> (no pipe that a busy test host could let fill up)
    /// and the process id is the program's own.
    /// </summary>
    public static NodeProcess Start(string name, string fileName, IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        var logPath = Path.Combine(logDirectory, name + ".log");
        var info = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$NODE_LOG\" 2>&1 </dev/null");
        info.ArgumentList.Add(fileName);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Nothing of the test host's own configuration leaks into the nodes.
        foreach (var key in info.Environment.Keys.ToArray())
        {
            if (key.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || key.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal) || key.Contains("__", StringComparison.Ordinal))
            {
                info.Environment.Remove(key);
            }
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        info.Environment["NODE_LOG"] = logPath;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {name} ({fileName}).");
        return new NodeProcess(name, process, logPath);
    }

    /// <summary>kill -9: no shutdown, no goodbye to the cluster.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: false); // SIGKILL on Linux
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>SIGTERM, then SIGKILL when it has not exited within <paramref name="grace"/>; bounded either way.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (HasExited)
        {
            return;
        }

        _ = SysKill(Pid, SigTerm);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return;
        }
        catch (OperationCanceledException)
        {
        }

        Kill();
        using var killTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(killTimeout.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task WaitForExitAsync(TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>The last lines of the process's output.</summary>
    public string Tail(int lines)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        }
        catch (IOException e)
        {
            return $"(no output: {e.Message})";
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);
}
