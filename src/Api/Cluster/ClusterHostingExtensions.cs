using Notifications.Grains.Hosting;

namespace Notifications.Api.Cluster;

public static class ClusterHostingExtensions
{
    /// <summary>
    /// Joins the Orleans cluster: co-hosts a silo on localhost clustering (the one-machine
    /// default, store included) or runs as a client of silos started with src/Silo.
    /// </summary>
    public static WebApplicationBuilder AddNotificationsCluster(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ClusterHostingOptions.SectionName).Get<ClusterHostingOptions>() ?? new ClusterHostingOptions();
        if (options.Mode == ClusterMode.CoHosted)
        {
            builder.UseOrleans(silo => silo
                .UseNotificationsClustering(options)
                .AddNotificationGrains(builder.Configuration));
        }
        else
        {
            builder.UseOrleansClient(client => client
                .UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId));
        }

        return builder;
    }
}
