using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Notifications.Api.Tests.Infrastructure;
using Notifications.ServiceDefaults;
using Orleans.Runtime;

namespace Notifications.Api.Tests.Hosting;

/// <summary>The silo's <c>/health/ready</c> check (src/Silo), on the co-hosted silo of the test service.</summary>
[Collection(ApiCollection.Name)]
public sealed class SiloReadinessHealthCheckTests(NotificationsApiFactory factory)
{
    [Fact]
    public async Task A_running_silo_is_ready()
    {
        var check = new SiloReadinessHealthCheck(factory.Services.GetRequiredService<IClusterMembershipService>(), factory.Services.GetRequiredService<ILocalSiloDetails>());

        var result = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Theory]
    [InlineData(SiloStatus.Joining)]
    [InlineData(SiloStatus.ShuttingDown)]
    [InlineData(SiloStatus.Dead)]
    [InlineData(SiloStatus.None)]
    public async Task A_silo_that_is_not_active_in_membership_is_not_ready(SiloStatus status)
    {
        var local = factory.Services.GetRequiredService<ILocalSiloDetails>();
        var members = status == SiloStatus.None
            ? ImmutableDictionary<SiloAddress, ClusterMember>.Empty
            : ImmutableDictionary<SiloAddress, ClusterMember>.Empty.Add(local.SiloAddress, new ClusterMember(local.SiloAddress, status, local.Name));
        var check = new SiloReadinessHealthCheck(new FixedMembership(new ClusterMembershipSnapshot(members, new MembershipVersion(1))), local);

        var result = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains(status.ToString(), result.Description, StringComparison.Ordinal);
    }

    private sealed class FixedMembership(ClusterMembershipSnapshot snapshot) : IClusterMembershipService
    {
        public ClusterMembershipSnapshot CurrentSnapshot => snapshot;

        public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => throw new NotSupportedException();

        public ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public Task<bool> TryKill(SiloAddress siloAddress) => Task.FromResult(false);
    }
}
