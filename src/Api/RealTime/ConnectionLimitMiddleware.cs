using Microsoft.Extensions.Options;
using Notifications.Api.Auth;
using Notifications.Api.Http;

namespace Notifications.Api.RealTime;

/// <summary>
/// Refuses a new hub connection of a user who already holds the maximum with 429 + Retry-After,
/// at negotiate (or at the WebSocket upgrade of a client that skips negotiate), before any
/// transport starts. The hub checks again when the connection starts, which settles races.
/// </summary>
public sealed class ConnectionLimitMiddleware(RequestDelegate next, UserConnections connections, IOptions<RealTimeOptions> options)
{
    public const string HubPath = "/hubs/notifications";
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    public Task InvokeAsync(HttpContext context)
    {
        if (IsNewConnection(context.Request)
            && context.User.Identity?.IsAuthenticated == true
            && connections.ConnectionCount(TokenIssuer.UserIdOf(context.User)) >= options.Value.MaxConnectionsPerUser)
        {
            return Problems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many live connections for this user.", RetryAfter);
        }

        return next(context);
    }

    private static bool IsNewConnection(HttpRequest request)
    {
        if (request.Path.Equals(HubPath + "/negotiate", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // A client that skips negotiate opens the WebSocket without a connection id.
        return request.Path.Equals(HubPath, StringComparison.OrdinalIgnoreCase)
            && request.HttpContext.WebSockets.IsWebSocketRequest
            && !request.Query.ContainsKey("id");
    }
}
