using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Notifications.Grains.Inbox;
using Notifications.Grains.Limits;
using Notifications.Grains.Storage;

namespace Notifications.Grains.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>Localhost clustering with the configured ports and ids (the one-machine topology).</summary>
    public static ISiloBuilder UseNotificationsClustering(this ISiloBuilder silo, ClusterHostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
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
        services.AddOptions<InboxOptions>().Bind(configuration.GetSection(InboxOptions.SectionName))
            .Validate(o => o.CacheSize > 0 && o.PushTimeout > TimeSpan.Zero && o.SubscriptionExpiry > TimeSpan.Zero, "Inbox options must be positive.")
            .ValidateOnStart();
        services.AddOptions<MentionLimitOptions>().Bind(configuration.GetSection(MentionLimitOptions.SectionName))
            .Validate(o => o.MaxMentions > 0 && o.Window > TimeSpan.Zero, "MentionLimit options must be positive.")
            .ValidateOnStart();
        services.AddNotificationStore(configuration);
        return silo;
    }
}
