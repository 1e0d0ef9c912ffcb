namespace Notifications.Grains.Hosting;

/// <summary>
/// Where the grains run (configuration section <c>Cluster</c>; not <c>Orleans</c>, which Orleans binds itself).
/// </summary>
public sealed class ClusterHostingOptions
{
    public const string SectionName = "Cluster";

    /// <summary><c>CoHosted</c> (default): this process also runs a silo. <c>Client</c>: only an Orleans client of separate silos.</summary>
    public ClusterMode Mode { get; set; } = ClusterMode.CoHosted;

    public string ServiceId { get; set; } = "notifications";

    public string ClusterId { get; set; } = "dev";

    /// <summary>Silo-to-silo port of a co-hosted silo.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Gateway port: the one a co-hosted silo listens on, or the one a client connects to.</summary>
    public int GatewayPort { get; set; } = 30000;
}

public enum ClusterMode
{
    CoHosted,
    Client,
}
