using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Notifications.Api.Endpoints;

/// <summary>
/// Not ready from the moment the node starts shutting down: a load balancer then stops sending it
/// new work while what is in flight finishes (its hub connections are closed and refused, see
/// <see cref="RealTime.HubAdmissionMiddleware"/>).
/// </summary>
public sealed class StoppingHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("This node is shutting down.")
            : HealthCheckResult.Healthy());
}
