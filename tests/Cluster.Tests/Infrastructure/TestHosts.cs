using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Notifications.Cluster.Tests.Infrastructure;

/// <summary>What every fixture of real processes needs: the repository, the build outputs, free loopback ports and bounded waits.</summary>
public static class TestHosts
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string BuildOutput(string project, string assembly)
    {
        var path = Path.Combine(RepositoryRoot, "src", project, "bin", "Release", "net10.0", assembly);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} is missing: build the solution in Release first (scripts/test.sh does: dotnet build -c Release Notifications.sln).");
    }

    public static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Polls <paramref name="url"/> until it answers 200; fails when the process exits or the bound passes.</summary>
    public static async Task WaitForAsync(NodeProcess process, Uri url, TimeSpan bound)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        var last = "no answer";
        while (clock.Elapsed < bound)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited before {url} answered 200.");
            }

            try
            {
                using var response = await http.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.GetType().Name;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{url} ({process.Name}) did not answer 200 within {bound.TotalSeconds:0} s (last: {last}).");
    }

    /// <summary>
    /// Runs a short-lived program to its end within <paramref name="bound"/> (killed past it) and
    /// returns its output, stdout then stderr; a non-zero exit throws unless <paramref name="throwOnFailure"/> is false.
    /// </summary>
    public static async Task<string> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        TimeSpan bound,
        bool throwOnFailure = true,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {bound.TotalSeconds:0} s.");
        }

        var output = await stdout + await stderr;
        return process.ExitCode == 0 || !throwOnFailure
            ? output
            : throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Notifications.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Notifications.sln above {AppContext.BaseDirectory}: cannot find the repository root.");
    }
}
