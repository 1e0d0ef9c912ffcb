using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Notifications.Api.Http;
using Notifications.ServiceDefaults;

namespace Notifications.Api.Endpoints;

/// <summary><c>/health/ready</c> (with ServiceDefaults' <c>/health/live</c> and <c>/metrics</c>): no token, no rate limit.</summary>
public static class OperationsEndpoints
{
    public const string ReadyTag = "ready";
    public const string ReadyPath = "/health/ready";

    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ClusterAndStoreHealthCheck>("cluster-and-store", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapReadiness(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return routes;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        if (report.Status == HealthStatus.Unhealthy)
        {
            var reason = report.Entries.Values.Select(e => e.Description).FirstOrDefault(d => d is not null) ?? "Not ready.";
            return Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, reason, TimeSpan.FromSeconds(5));
        }

        return ServiceDefaultsExtensions.WriteStatusAsync(context, report);
    }
}

/// <summary>Ready when a grain runs in the cluster and reaches the store, within a few seconds.</summary>
public sealed class ClusterAndStoreHealthCheck(IGrainFactory grains, DependencyOutage outage) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IReadinessGrain>(0).CheckAsync().WaitAsync(Timeout, cancellationToken);
            outage.Succeeded(); // the check reaches the cluster and the store: a success that ends an outage
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Logged once per outage there; the health check service's own error per check is turned off in appsettings.
            outage.Failed(exception);
            return HealthCheckResult.Unhealthy("The cluster or the store does not answer: " + exception.Message);
        }
    }
}
