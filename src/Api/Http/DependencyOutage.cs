using Notifications.Grains.Hosting;

namespace Notifications.Api.Http;

/// <summary>
/// The Api node's view of its dependencies (the cluster and, through it, the store): every place
/// that meets their failure — a request answered 503, a failed readiness check, a subscription
/// that could not be made — reports it here, and the outage is logged once as a state change.
/// </summary>
public sealed class DependencyOutage(ILogger<DependencyOutage> logger) : IDisposable
{
    private readonly OutageLog _log = new("A dependency of the Api (cluster or store)", logger, TimeProvider.System);

    /// <summary>Failures of the cluster or the store, as opposed to a bug or a bad request.</summary>
    public static bool IsDependencyFailure(Exception exception) => exception switch
    {
        OrleansException or TimeoutException or System.Data.Common.DbException or StoreUnavailableException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsDependencyFailure),
        _ => exception.InnerException is { } inner && IsDependencyFailure(inner),
    };

    public void Failed(Exception exception) => _log.Failed(exception);

    public void Succeeded() => _log.Succeeded();

    public void Dispose() => _log.Dispose();
}
