using System.Globalization;
using System.Net;

namespace Notifications.Bench.Shared;

/// <summary>The benchmarks only ever target this machine.</summary>
public static class Loopback
{
    /// <summary>Throws unless <paramref name="host"/> is a loopback address, localhost or a Unix socket directory.</summary>
    public static void Require(string? host)
    {
        if (string.IsNullOrEmpty(host) || host.StartsWith('/')
            || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip)))
        {
            return;
        }

        throw new ArgumentException($"{host} is not a loopback address; the benchmarks only target this machine.");
    }

    public static void Require(Uri url)
    {
        if (!url.IsLoopback)
        {
            throw new ArgumentException($"{url} is not a loopback address; the benchmarks only target this machine.");
        }
    }

    /// <summary>The 1-minute load average (how busy the shared machine already was); -1 when unknown.</summary>
    public static double LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return -1;
        }
    }
}
