using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Notifications.Grains.Inbox;
using Notifications.Grains.Limits;
using Notifications.Grains.Storage;

namespace Notifications.Grains.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>Membership as configured: localhost (one silo on one machine) or Redis (any number of silos).</summary>
    public static ISiloBuilder UseNotificationsClustering(this ISiloBuilder silo, ClusterHostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        silo.Configure<ClusterMembershipOptions>(membership =>
        {
            membership.ProbeTimeout = options.ProbeTimeout;
            membership.NumMissedProbesLimit = options.MissedProbesLimit;
        });
        silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = options.ResponseTimeout);
        if (options.Clustering == ClusteringProvider.Localhost)
        {
            return silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        }

        var redis = RequireRedis(options);
        silo.Services.AddHostedService(provider => new RedisMembershipGate(
            redis, provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<RedisMembershipGate>>(), provider.GetService<TimeProvider>() ?? TimeProvider.System));
        silo.UseRedisClustering(redis)
            .Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (options.ServiceId, options.ClusterId));
        if (options.Kubernetes)
        {
            // The ports only: Orleans' Kubernetes hosting (UseKubernetesHosting, in src/Silo)
            // advertises the pod's IP and listens on every address of the pod.
            return silo.Configure<EndpointOptions>(o => (o.SiloPort, o.GatewayPort) = (options.SiloPort, options.GatewayPort));
        }

        return silo.ConfigureEndpoints(ResolveAdvertisedAddress(options.AdvertisedAddress), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
    }

    /// <summary>The client side of <see cref="UseNotificationsClustering(ISiloBuilder, ClusterHostingOptions)"/>.</summary>
    public static IClientBuilder UseNotificationsClustering(this IClientBuilder client, ClusterHostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = options.ResponseTimeout);
        client.Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = options.GatewayListRefreshPeriod);
        if (options.Clustering == ClusteringProvider.Localhost)
        {
            return client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
        }

        return client
            .UseRedisClustering(RequireRedis(options))
            .Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (options.ServiceId, options.ClusterId));
    }

    /// <summary>An IP address as is, or a host name (e.g. a container's) resolved to its IPv4 address.</summary>
    private static IPAddress ResolveAdvertisedAddress(string address) =>
        IPAddress.TryParse(address, out var ip)
            ? ip
            : Dns.GetHostAddresses(address).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
              ?? throw new InvalidOperationException($"Cluster:AdvertisedAddress '{address}' does not resolve to an IPv4 address.");

    /// <summary>
    /// The Redis connection string, with <c>abortConnect=false</c> unless it says otherwise: a node
    /// started while Redis is down then keeps retrying and joins once Redis is back, instead of
    /// failing its start (StackExchange.Redis' default gives up at the first failed connect).
    /// </summary>
    private static string RequireRedis(ClusterHostingOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.RedisConnectionString))
        {
            throw new InvalidOperationException("Cluster:RedisConnectionString is required when Cluster:Clustering is Redis.");
        }

        return options.RedisConnectionString.Contains("abortConnect", StringComparison.OrdinalIgnoreCase)
            ? options.RedisConnectionString
            : options.RedisConnectionString + ",abortConnect=false";
    }

    /// <summary>
    /// Everything a silo needs to host this service's grains: the store (and its schema
    /// migration and cleanup job), inbox and mention-limit options, and the clock.
    /// </summary>
    public static ISiloBuilder AddNotificationGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var services = silo.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<InboxMetrics>();
        services.AddOptions<InboxOptions>().Bind(configuration.GetSection(InboxOptions.SectionName))
            .Validate(o => o.CacheSize > 0 && o.PushTimeout > TimeSpan.Zero && o.SubscriptionExpiry > TimeSpan.Zero && o.MaxPendingPushes > 0
                && o.MaxNotificationsPerUser > 0 && o.TrimBatchSize > 0, "Inbox options must be positive.")
            .ValidateOnStart();
        services.AddOptions<MentionLimitOptions>().Bind(configuration.GetSection(MentionLimitOptions.SectionName))
            .Validate(o => o.MaxMentions > 0 && o.Window > TimeSpan.Zero, "MentionLimit options must be positive.")
            .ValidateOnStart();
        services.AddNotificationStore(configuration);
        silo.AddIncomingGrainCallFilter<StoreExceptionFilter>();
        silo.AddIncomingGrainCallFilter<UserRequestLimitFilter>();
        return silo;
    }
}
