using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Grains.Hosting;

namespace Notifications.Grains.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The key of the store's <see cref="OutageLog"/> in the container.</summary>
    public const string StoreOutage = "store";

    /// <summary>
    /// Registers the notification store chosen by the <c>Storage</c> configuration section as the
    /// singleton <see cref="INotificationStore"/>, the inboxes' <see cref="IInboxStore"/> (it behind
    /// group commit unless <c>Storage:GroupCommit</c> is false) and the host's
    /// <see cref="IStoreMaintenance"/>, the <see cref="IAuditStore"/>, retract's <see cref="IRetractionStore"/>, its start-up
    /// schema migration and the expired-notification cleanup.
    /// </summary>
    public static IServiceCollection AddNotificationStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<SqliteNotificationStore>();
        services.TryAddSingleton<PostgresNotificationStore>();
        // The database, watched for outages: every round trip, maintenance included, goes through it.
        services.TryAddSingleton<INotificationStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            INotificationStore database = options.IsPostgres
                ? provider.GetRequiredService<PostgresNotificationStore>()
                : provider.GetRequiredService<SqliteNotificationStore>();
            return new OutageTrackingNotificationStore(database, provider.GetRequiredKeyedService<OutageLog>(StoreOutage));
        });
        services.TryAddSingleton<IStoreMaintenance>(provider => provider.GetRequiredService<INotificationStore>());
        services.TryAddSingleton<IAuditStore>(provider => provider.GetRequiredService<INotificationStore>());
        services.TryAddSingleton<IRetractionStore>(provider => provider.GetRequiredService<INotificationStore>());
        services.TryAddSingleton<IInboxStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            var store = provider.GetRequiredService<INotificationStore>();
            return options.GroupCommit
                ? new GroupCommitNotificationStore(
                    store,
                    options.ToGroupCommitOptions(),
                    provider.GetRequiredService<ILogger<GroupCommitNotificationStore>>(),
                    provider.GetService<IMeterFactory>())
                : store;
        });

        services.TryAddKeyedSingleton(StoreOutage, (provider, _) => new OutageLog(
            "The notification store", provider.GetRequiredService<ILoggerFactory>().CreateLogger("Notifications.Grains.Storage.StoreOutage"), provider.GetRequiredService<TimeProvider>()));
        services.AddHostedService<StoreInitializer>();
        services.AddHostedService<ExpiredNotificationsCleanupService>();
        return services;
    }
}
