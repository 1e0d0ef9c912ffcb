using Orleans.Runtime;

namespace Notifications.Api.Cluster;

/// <summary>Co-hosted mode: this process's silo sees every membership change; active silos changing is the signal.</summary>
public sealed partial class MembershipChangeWatcher(
    IClusterMembershipService membership,
    ClusterChangeSignal signal,
    ILogger<MembershipChangeWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        HashSet<SiloAddress>? active = null;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var now = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToHashSet();
                if (active is not null && !active.SetEquals(now))
                {
                    LogInformationMembershipChanged(logger, active.Count, now.Count);
                    signal.Notify();
                }

                active = now;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Active silos changed from {Before} to {After}; renewing inbox subscriptions")]
    private static partial void LogInformationMembershipChanged(ILogger logger, int before, int after);
}
