using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Notifications.Api.Auth;
using Notifications.Api.Contracts;

namespace Notifications.Api.RealTime;

/// <summary>
/// The real-time endpoint. Clients only listen: the hub registers each connection with
/// <see cref="UserConnections"/>, which subscribes this node to the user's inbox; the connection is
/// greeted with a counts snapshot, by the inbox's first push when the node has just subscribed, or
/// from the admission's answer when it already was.
/// </summary>
[Authorize]
public sealed class NotificationsHub(UserConnections connections) : Hub
{
    public override async Task OnConnectedAsync()
    {
        var userId = TokenIssuer.UserIdOf(Context.User!);
        var admission = await connections.TryAddAsync(userId, Context.ConnectionId);
        if (admission.Outcome == ConnectionAdmission.Refused)
        {
            // SignalR answers with a close message carrying this error, right after the handshake.
            throw new HubException("Too many connections for this user.");
        }

        // Subscribed: the inbox greets this connection with its snapshot, in order with later events.
        // Joined without a greeting: the store could not be read; the snapshot is a courtesy ("may send").
        if (admission.Greeting is { } counts)
        {
            await Clients.Caller.SendAsync(InboxEventNames.Counts, CountsResponse.From(counts));
        }
    }

    public override Task OnDisconnectedAsync(Exception? exception) =>
        connections.RemoveAsync(TokenIssuer.UserIdOf(Context.User!), Context.ConnectionId);
}
