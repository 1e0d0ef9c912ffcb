using Microsoft.Extensions.Options;
using Notifications.Api.Auth;
using Notifications.Api.Http;

namespace Notifications.Api.RealTime;

/// <summary>
/// Who may open a hub connection, decided before any transport starts:
/// <list type="bullet">
/// <item>Once the node is stopping, no hub request at all: 503 + Retry-After. SignalR closes the
/// node's connections when stopping begins and clients reconnect at once; a reconnect that landed
/// here again would hold the node's shutdown up until the host's timeout (30 s), for a connection
/// about to be cut. Refused, the client retries and reaches a node that stays.</item>
/// <item>A user who already holds the maximum of connections: 429 + Retry-After, at negotiate (or
/// at the WebSocket upgrade of a client that skips negotiate). The hub checks again when the
/// connection starts, which settles races.</item>
/// </list>
/// </summary>
public sealed class HubAdmissionMiddleware(
    RequestDelegate next, UserConnections connections, IOptions<RealTimeOptions> options, IHostApplicationLifetime lifetime)
{
    public const string HubPath = "/hubs/notifications";
    private static readonly TimeSpan ConnectionLimitRetryAfter = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StoppingRetryAfter = TimeSpan.FromSeconds(1);

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(HubPath, StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "This node is shutting down; connect again.", StoppingRetryAfter);
        }

        if (IsNewConnection(context.Request)
            && context.User.Identity?.IsAuthenticated == true
            && connections.ConnectionCount(TokenIssuer.UserIdOf(context.User)) >= options.Value.MaxConnectionsPerUser)
        {
            return Problems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many live connections for this user.", ConnectionLimitRetryAfter);
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
