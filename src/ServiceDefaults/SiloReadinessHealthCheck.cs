using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Notifications.ServiceDefaults;

/// <summary>
/// A silo started from src/Silo is ready when the cluster's membership lists it as
/// <see cref="SiloStatus.Active"/>: it has joined and takes grains. Until then (joining, or
/// waiting for Redis) and from the moment it starts shutting down, <c>/health/ready</c> answers
/// 503, so a rolling update moves on to the next silo only once this one serves.
/// </summary>
public sealed class SiloReadinessHealthCheck(IClusterMembershipService membership, ILocalSiloDetails local) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(local.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"The silo is {status} in the cluster's membership, not Active."));
    }
}
