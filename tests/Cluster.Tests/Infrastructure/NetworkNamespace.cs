using System.Globalization;

namespace Notifications.Cluster.Tests.Infrastructure;

/// <summary>
/// A network namespace of the test's own, joined to the host by a veth pair on a /30 that nothing
/// else on the machine uses: the host side is <see cref="HostAddress"/>, the namespace side
/// <see cref="InsideAddress"/>; these two are the only non-loopback addresses a test may use.
/// <see cref="CutAsync"/> takes the namespace's end down, so whatever runs inside can reach nothing
/// and nothing reaches it (packets vanish; no connection is reset), until <see cref="HealAsync"/>.
/// A blackhole route for the /30 stands behind the veth's own route: were the veth's route to go,
/// packets for the namespace still go nowhere instead of to the default gateway. Deleting the
/// namespace removes the veth pair; <see cref="DisposeAsync"/> also removes the route. Needs root
/// (CAP_NET_ADMIN) and iproute2.
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    private const string Prefix = "notif-part-";

    private static readonly string Ip = new[] { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip" }.FirstOrDefault(File.Exists) ?? "ip";

    private readonly string _hostLink;
    private readonly string _insideLink;
    private readonly string _subnet;

    private NetworkNamespace(string name, int octet)
    {
        Name = name;
        var suffix = name[Prefix.Length..];
        (_hostLink, _insideLink) = ("npH" + suffix, "npN" + suffix);
        _subnet = $"10.251.{octet}.0/30";
        HostAddress = $"10.251.{octet}.1";
        InsideAddress = $"10.251.{octet}.2";
    }

    public string Name { get; }

    /// <summary>The host's end of the veth pair: what the namespace's processes connect to.</summary>
    public string HostAddress { get; }

    /// <summary>The namespace's end: what its processes listen on and advertise.</summary>
    public string InsideAddress { get; }

    /// <summary>Whether the namespace is cut off right now.</summary>
    public bool IsCut { get; private set; }

    /// <summary>The command that runs a program inside the namespace (<c>ip netns exec</c> execs it, so the pid is the program's).</summary>
    public IReadOnlyList<string> Launcher => [Ip, "netns", "exec", Name];

    public static async Task<NetworkNamespace> CreateAsync()
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("The partition test runs a silo in a network namespace of its own: it must run as root (ip netns, veth).");
        }

        await RemoveLeftoversAsync();
        var used = await IpAsync(["-4", "-o", "addr", "show"]) + await IpAsync(["-4", "route", "show", "table", "all"]);
        var octet = Enumerable.Range(0, 256).Select(i => (Environment.ProcessId + i) % 256)
            .First(o => !used.Contains($"10.251.{o}.", StringComparison.Ordinal));
        var network = new NetworkNamespace(Prefix + Guid.NewGuid().ToString("N")[..6], octet);
        try
        {
            await network.SetUpAsync();
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }

        return network;
    }

    public async Task CutAsync()
    {
        await IpAsync(["-n", Name, "link", "set", _insideLink, "down"]);
        IsCut = true;
    }

    public async Task HealAsync()
    {
        await IpAsync(["-n", Name, "link", "set", _insideLink, "up"]);
        IsCut = false;
    }

    /// <summary>Runs <paramref name="program"/> inside the namespace and returns its output (for probes from within).</summary>
    public Task<string> RunInsideAsync(string program, IReadOnlyList<string> arguments, TimeSpan bound) =>
        TestHosts.RunAsync(Launcher[0], [.. Launcher.Skip(1), program, .. arguments], bound, throwOnFailure: false);

    public async ValueTask DisposeAsync()
    {
        await TryIpAsync(["netns", "delete", Name]);
        await TryIpAsync(["link", "delete", _hostLink]);
        await TryIpAsync(["route", "delete", "blackhole", _subnet]);
    }

    private async Task SetUpAsync()
    {
        await IpAsync(["netns", "add", Name]);
        await IpAsync(["link", "add", _hostLink, "type", "veth", "peer", "name", _insideLink]);
        await IpAsync(["link", "set", _insideLink, "netns", Name]);
        await IpAsync(["addr", "add", HostAddress + "/30", "dev", _hostLink]);
        await IpAsync(["link", "set", _hostLink, "up"]);
        await IpAsync(["route", "add", "blackhole", _subnet, "metric", "4000"]);
        await IpAsync(["-n", Name, "addr", "add", InsideAddress + "/30", "dev", _insideLink]);
        await IpAsync(["-n", Name, "link", "set", _insideLink, "up"]);
        await IpAsync(["-n", Name, "link", "set", "lo", "up"]);
    }

    /// <summary>Namespaces (and their host links and routes) that a killed test run left behind.</summary>
    private static async Task RemoveLeftoversAsync()
    {
        var names = (await IpAsync(["netns", "list"])).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')[0])
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal));
        foreach (var name in names)
        {
            var links = await IpAsync(["-n", name, "-4", "-o", "addr", "show"]);
            var octet = links.Split(' ').FirstOrDefault(w => w.StartsWith("10.251.", StringComparison.Ordinal))?.Split('.')[2];
            await new NetworkNamespace(name, octet is null ? 0 : int.Parse(octet, CultureInfo.InvariantCulture)).DisposeAsync();
        }
    }

    private static Task<string> IpAsync(IReadOnlyList<string> arguments) => TestHosts.RunAsync(Ip, arguments, TimeSpan.FromSeconds(20));

    private static Task TryIpAsync(IReadOnlyList<string> arguments) => TestHosts.RunAsync(Ip, arguments, TimeSpan.FromSeconds(20), throwOnFailure: false);
}
