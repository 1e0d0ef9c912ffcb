using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;

namespace Notifications.Api.Http;

/// <summary>
/// Turns a failing dependency (cluster or store) into 503 + Retry-After, and a request the
/// server refused mid-way into its own status, each with a problem body. Anything else stays a 500.
/// </summary>
public sealed partial class ServiceUnavailableExceptionHandler(ILogger<ServiceUnavailableExceptionHandler> logger) : IExceptionHandler
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case BadHttpRequestException bad:
                await Problems.WriteAsync(httpContext, bad.StatusCode, bad.Message);
                return true;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                return true;
            case var dependency when IsDependencyFailure(dependency):
                LogWarningDependencyUnavailable(logger, exception);
                await Problems.WriteAsync(httpContext, StatusCodes.Status503ServiceUnavailable, "A dependency is unavailable; retry later.", RetryAfter);
                return true;
            default:
                return false;
        }
    }

    private static bool IsDependencyFailure(Exception exception) => exception switch
    {
        OrleansException or TimeoutException or DbException or StoreUnavailableException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsDependencyFailure),
        _ => exception.InnerException is { } inner && IsDependencyFailure(inner),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "A request failed because a dependency is unavailable")]
    private static partial void LogWarningDependencyUnavailable(ILogger logger, Exception exception);
}
