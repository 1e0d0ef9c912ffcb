using Notifications.Grains.Hosting;

namespace Notifications.Api.Cluster;

public static class ClusterHostingExtensions
{
    /// <summary>
    /// Joins the Orleans cluster: co-hosts a silo (the one-machine default, store included)
    /// or runs as a client of silos started with src/Silo; membership as configured.
    /// </summary>
    public static WebApplicationBuilder AddNotificationsCluster(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ClusterHostingOptions.SectionName).Get<ClusterHostingOptions>() ?? new ClusterHostingOptions();
        builder.Services.AddSingleton<ClusterChangeSignal>();
        if (options.Mode == ClusterMode.CoHosted)
        {
            builder.UseOrleans(silo => silo
                .UseNotificationsClustering(options)
                .AddActivityPropagation()
                .AddNotificationGrains(builder.Configuration));
            builder.Services.AddHostedService<MembershipChangeWatcher>();
        }
        else
        {
            builder.UseOrleansClient(client => client
                .UseNotificationsClustering(options)
                .AddActivityPropagation()
                .AddClusterConnectionStatusObserver<GatewayChangeObserver>()
                .UseConnectionRetryFilter(WaitForSilosAsync));
        }

        return builder;
    }

    /// <summary>An Api node started before its silos keeps trying instead of failing its start-up.</summary>
    private static async Task<bool> WaitForSilosAsync(Exception exception, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        return true;
    }
}
