using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Notifications.Api.Auth;
using Notifications.Api.Contracts;

namespace Notifications.Api.RealTime;

/// <summary>
/// The real-time endpoint. Clients only listen: the hub registers each connection with
/// <see cref="UserConnections"/>, which subscribes this node to the user's inbox, and greets it
/// with a counts snapshot.
/// </summary>
[Authorize]
public sealed partial class NotificationsHub(UserConnections connections, IGrainFactory grains, ILogger<NotificationsHub> logger) : Hub
{
    public override async Task OnConnectedAsync()
    {
        var userId = TokenIssuer.UserIdOf(Context.User!);
        var admission = await connections.TryAddAsync(userId, Context.ConnectionId);
        if (admission == ConnectionAdmission.Refused)
        {
            // SignalR answers with a close message carrying this error, right after the handshake.
            throw new HubException("Too many connections for this user.");
        }

        if (admission == ConnectionAdmission.Subscribed)
        {
            return; // the inbox greets this connection with its snapshot, in order with later events
        }

        try
        {
            var counts = await grains.GetUserInbox(userId).GetCountsAsync();
            await Clients.Caller.SendAsync(InboxEventNames.Counts, CountsResponse.From(counts));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The snapshot is a courtesy ("may send"); the connection is good without it.
            LogWarningSnapshotFailed(logger, exception);
        }
    }

    public override Task OnDisconnectedAsync(Exception? exception) =>
        connections.RemoveAsync(TokenIssuer.UserIdOf(Context.User!), Context.ConnectionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending the counts snapshot to a new connection failed")]
    private static partial void LogWarningSnapshotFailed(ILogger logger, Exception exception);
}
