using Microsoft.AspNetCore.Diagnostics;

namespace Notifications.Api.Http;

/// <summary>
/// Turns a failing dependency (cluster or store) into 503 + Retry-After, and a request the
/// server refused mid-way into its own status (a bad request; the user's request limit, counted
/// by the inbox: 429 + Retry-After), each with a problem body. Anything else stays a 500.
/// The 503s are logged as one outage (start, summaries, end), not once per request.
/// </summary>
public sealed partial class ServiceUnavailableExceptionHandler(DependencyOutage outage, ILogger<ServiceUnavailableExceptionHandler> logger) : IExceptionHandler
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case BadHttpRequestException bad:
                await Problems.WriteAsync(httpContext, bad.StatusCode, bad.Message);
                return true;
            case UserRequestLimitExceededException limited:
                await Problems.WriteAsync(httpContext, StatusCodes.Status429TooManyRequests, "Too many requests.", limited.RetryAfter);
                return true;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                return true;
            case var dependency when DependencyOutage.IsDependencyFailure(dependency):
                outage.Failed(exception);
                LogDebugDependencyUnavailable(logger, exception);
                await Problems.WriteAsync(httpContext, StatusCodes.Status503ServiceUnavailable, "A dependency is unavailable; retry later.", RetryAfter);
                return true;
            default:
                return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A request was answered 503 because a dependency is unavailable")]
    private static partial void LogDebugDependencyUnavailable(ILogger logger, Exception exception);
}
