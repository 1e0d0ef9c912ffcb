using Notifications.Api.Contracts;

namespace Notifications.Api.RealTime;

public static class RealTimeExtensions
{
    /// <summary>SignalR with the contract's JSON, the per-node user registry and its subscription upkeep.</summary>
    public static IServiceCollection AddNotificationsRealTime(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RealTimeOptions>().Bind(configuration.GetSection(RealTimeOptions.SectionName))
            .Validate(o => o.MaxConnectionsPerUser > 0 && o.RenewInterval > TimeSpan.Zero, "RealTime options must be positive.")
            .ValidateOnStart();
        services.AddSingleton<UserConnections>();
        services.AddHostedService<SubscriptionRenewalService>();
        services.AddSignalR().AddJsonProtocol(o => ApiJson.Configure(o.PayloadSerializerOptions));
        return services;
    }

    /// <summary>The hub, behind the per-user connection limit.</summary>
    public static IEndpointRouteBuilder MapNotificationsHub(this IEndpointRouteBuilder routes)
    {
        routes.MapHub<NotificationsHub>(HubAdmissionMiddleware.HubPath);
        return routes;
    }
}
