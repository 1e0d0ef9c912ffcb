using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Notifications.Testing;

/// <summary>
/// Free loopback ports for the servers a test starts (Kestrel, silo, gateway, redis-server).
/// </summary>
/// <remarks>
/// A port probed with bind(0) comes from the kernel's ephemeral range, the same range every
/// outgoing connection takes its source port from: between the probe and the server's own bind,
/// any connect() on the machine — the silo dialing its own gateway, a browser — can take it, and
/// the server fails with "address already in use" (CI saw exactly that). Below the range only
/// another listener can take a port, so these are drawn there, at random, never the same one
/// twice in a process, and checked free by binding them.
/// </remarks>
public static class LoopbackPorts
{
    private const int Lowest = 10_000;
    private const int Attempts = 200;
    private static readonly ConcurrentDictionary<int, bool> HandedOut = new();

    public static int Free()
    {
        var ceiling = EphemeralRangeStart();
        if (ceiling - Lowest >= 1_000)
        {
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var port = Random.Shared.Next(Lowest, ceiling);
                if (HandedOut.TryAdd(port, true) && CanBind(port))
                {
                    return port;
                }
            }
        }

        // A machine whose ephemeral range starts too low for the above: the kernel's choice.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string FreeText() => Free().ToString(CultureInfo.InvariantCulture);

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int EphemeralRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // IANA's dynamic range: what Windows and macOS use.
            return 49_152;
        }
    }
}
