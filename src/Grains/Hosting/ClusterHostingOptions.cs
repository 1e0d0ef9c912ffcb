using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

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
    /// Probe period and initial probe timeout of failure detection (Orleans' default: 5 s). With
    /// <see cref="MissedProbesLimit"/> it sets how fast a crashed silo is declared dead, and so how
    /// long its users' inboxes are unreachable: 2 s × 2 declares a killed silo dead in about 4 s
    /// (15 s with Orleans' defaults). Orleans 10 adapts the effective timeout to observed probe
    /// times (between half and four times this), extends it while the prober itself is degraded,
    /// probes indirectly through another silo and ignores misses of a silo whose connection still
    /// carries messages, so a busy machine does not declare a live silo dead; too short a value
    /// still would.
    /// </summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes before a silo votes another dead (Orleans' default: 3).</summary>
    public int MissedProbesLimit { get; set; } = 2;

    /// <summary>
    /// How long a grain call waits for its answer (Orleans' default: 30 s); it also bounds a call
    /// caught in flight to a crashed silo. 8 s keeps every request under 10 s: past it the caller
    /// gets 503 + Retry-After and retries safely with its idempotency key.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// How often an Api node (an Orleans client) reads the live gateways from the membership table
    /// (Orleans' default: 1 min). A silo that is cut off rather than crashed resets no connection,
    /// so the client only stops sending to it, and renews its users' inbox subscriptions on the
    /// other silos, once this read shows it dead: 5 s keeps a partition's push outage at failure
    /// detection plus at most 5 s, for one small membership read per period.
    /// </summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A silo runs in a Kubernetes pod (src/Silo only): Orleans' Kubernetes hosting names the silo
    /// after its pod (<c>POD_NAME</c>), advertises the pod's address (<c>POD_IP</c>, in place of
    /// <see cref="AdvertisedAddress"/>), labels the pod with the cluster's identity and declares a
    /// silo dead as soon as its pod is deleted. Membership stays in Redis.
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>
    /// The <c>Cluster</c> section, validated: it decides what the host registers, so it is read
    /// before the host is built and a wrong value fails the start with every problem listed.
    /// </summary>
    public static ClusterHostingOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(SectionName).Get<ClusterHostingOptions>() ?? new ClusterHostingOptions();
        var failures = options.Validate();
        return failures.Count == 0 ? options : throw new OptionsValidationException(SectionName, typeof(ClusterHostingOptions), failures);
    }

    /// <summary>Every problem of this configuration, empty when it can work.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (Clustering == ClusteringProvider.Redis && string.IsNullOrWhiteSpace(RedisConnectionString))
        {
            failures.Add("Cluster:RedisConnectionString is required when Cluster:Clustering is Redis.");
        }

        if (string.IsNullOrWhiteSpace(ServiceId) || string.IsNullOrWhiteSpace(ClusterId))
        {
            failures.Add("Cluster:ServiceId and Cluster:ClusterId must not be empty.");
        }

        if (SiloPort is < 1 or > 65535 || GatewayPort is < 1 or > 65535)
        {
            failures.Add($"Cluster:SiloPort ({SiloPort}) and Cluster:GatewayPort ({GatewayPort}) must be ports between 1 and 65535.");
        }
        else if (SiloPort == GatewayPort)
        {
            failures.Add($"Cluster:SiloPort and Cluster:GatewayPort must differ (both are {SiloPort}).");
        }

        if (Clustering == ClusteringProvider.Redis && !Kubernetes && string.IsNullOrWhiteSpace(AdvertisedAddress))
        {
            failures.Add("Cluster:AdvertisedAddress must not be empty with Redis clustering.");
        }

        if (ProbeTimeout <= TimeSpan.Zero || ResponseTimeout <= TimeSpan.Zero || GatewayListRefreshPeriod <= TimeSpan.Zero)
        {
            failures.Add("Cluster:ProbeTimeout, Cluster:ResponseTimeout and Cluster:GatewayListRefreshPeriod must be positive.");
        }

        if (MissedProbesLimit < 1)
        {
            failures.Add("Cluster:MissedProbesLimit must be at least 1.");
        }

        if (Kubernetes && Clustering != ClusteringProvider.Redis)
        {
            failures.Add("Cluster:Kubernetes needs Cluster:Clustering=Redis (membership lives in Redis; Kubernetes only names and watches the pods).");
        }

        return failures;
    }
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
