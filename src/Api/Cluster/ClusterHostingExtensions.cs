using Notifications.Grains.Hosting;
using Notifications.ServiceDefaults;

namespace Notifications.Api.Cluster;

public static class ClusterHostingExtensions
{
    /// <summary>
    /// Joins the Orleans cluster: co-hosts a silo (the one-machine default, store included)
    /// or runs as a client of silos started with src/Silo; membership as configured.
    /// </summary>
    public static WebApplicationBuilder AddNotificationsCluster(this WebApplicationBuilder builder)
    {
        var options = ClusterHostingOptions.Read(builder.Configuration);
        if (options.Kubernetes && options.Mode == ClusterMode.CoHosted)
        {
            throw new InvalidOperationException("Cluster:Kubernetes applies to silos started from src/Silo: run the Api with Cluster:Mode=Client beside them.");
        }

        var tracing = ServiceDefaultsExtensions.IsTracingEnabled(builder.Configuration);
        builder.Services.AddSingleton<ClusterChangeSignal>();
        if (options.Mode == ClusterMode.CoHosted)
        {
            builder.UseOrleans(silo =>
            {
                silo.UseNotificationsClustering(options).AddNotificationGrains(builder.Configuration);
                if (tracing)
                {
                    silo.AddActivityPropagation();
                }
            });
            builder.Services.AddHostedService<MembershipChangeWatcher>();
        }
        else
        {
            builder.UseOrleansClient(client =>
            {
                client.UseNotificationsClustering(options)
                    .AddClusterConnectionStatusObserver<GatewayChangeObserver>()
                    .UseConnectionRetryFilter(WaitForSilosAsync);
                if (tracing)
                {
                    client.AddActivityPropagation();
                }
            });
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
