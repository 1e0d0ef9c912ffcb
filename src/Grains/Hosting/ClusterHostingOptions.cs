namespace Notifications.Grains.Hosting;

/// <summary>
/// Where the grains run and how silos find each other (configuration section <c>Cluster</c>;
/// not <c>Orleans</c>, which Orleans binds itself).
/// </summary>
public sealed class ClusterHostingOptions
{
    public const string SectionName = "Cluster";

    /// <summary><c>CoHosted</c> (default): the Api process also runs a silo. <c>Client</c>: the Api only joins silos started with src/Silo.</summary>
    public ClusterMode Mode { get; set; } = ClusterMode.CoHosted;

    /// <summary><c>Localhost</c> (one machine, one silo) or <c>Redis</c> (membership in Redis: many silos, many machines).</summary>
    public ClusteringProvider Clustering { get; set; } = ClusteringProvider.Localhost;

    /// <summary>StackExchange.Redis connection string, required for <see cref="ClusteringProvider.Redis"/>.</summary>
    public string? RedisConnectionString { get; set; }

    public string ServiceId { get; set; } = "notifications";

    public string ClusterId { get; set; } = "dev";

    /// <summary>The address a silo advertises to the others (Redis clustering); loopback by default.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Gateway port: the one a silo listens on for clients, or the one a localhost client connects to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// How long a silo waits for a probe answer before counting a miss (Orleans' default when unset).
    /// With <see cref="MissedProbesLimit"/> it sets how fast a crashed silo is declared dead, and so how
    /// long its users' inboxes are unreachable; too short, and a starved machine sees false deaths.
    /// </summary>
    public TimeSpan? ProbeTimeout { get; set; }

    /// <summary>Missed probes before a silo votes another dead (Orleans' default when unset).</summary>
    public int? MissedProbesLimit { get; set; }

    /// <summary>How long a grain call waits for its answer (Orleans' default, 30 s, when unset); also bounds a call caught in flight to a crashed silo.</summary>
    public TimeSpan? ResponseTimeout { get; set; }
}

public enum ClusterMode
{
    CoHosted,
    Client,
}

public enum ClusteringProvider
{
    Localhost,
    Redis,
}
