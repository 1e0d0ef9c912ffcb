using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Notifications.Api.Http;

namespace Notifications.Api.Endpoints;

/// <summary><c>/health/live</c>, <c>/health/ready</c> and <c>/metrics</c>: no token, no rate limit.</summary>
public static class OperationsEndpoints
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ClusterAndStoreHealthCheck>("cluster-and-store", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        routes.MapPrometheusScrapingEndpoint("/metrics");
        return routes;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        if (report.Status == HealthStatus.Unhealthy)
        {
            var reason = report.Entries.Values.Select(e => e.Description).FirstOrDefault(d => d is not null) ?? "Not ready.";
            return Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, reason, TimeSpan.FromSeconds(5));
        }

        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync($$"""{"status":"{{report.Status}}"}""");
    }
}

/// <summary>Ready when a grain runs in the cluster and reaches the store, within a few seconds.</summary>
public sealed class ClusterAndStoreHealthCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IReadinessGrain>(0).CheckAsync().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The cluster or the store does not answer.", exception);
        }
    }
}
