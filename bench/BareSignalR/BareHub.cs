using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Notifications.Bench.BareSignalR;

/// <summary>
/// Clients only listen. Each connection joins its user's group (not <c>Clients.User</c>, which
/// scans every connection per send) and is greeted with a counts snapshot, as the service does.
/// </summary>
[Authorize]
public sealed class BareHub(Inboxes inboxes) : Hub
{
    public override async Task OnConnectedAsync()
    {
        var userId = Context.User?.FindFirst("sub")?.Value ?? throw new HubException("No sub claim.");
        var inbox = inboxes.Get(userId);
        await inbox.Gate.WaitAsync();
        try
        {
            // Joined and greeted under the user's gate: nothing created meanwhile is missed or reordered.
            await Groups.AddToGroupAsync(Context.ConnectionId, inbox.Group);
            await Clients.Caller.SendAsync(BareApi.CountsEvent, inbox.Counts());
        }
        finally
        {
            inbox.Gate.Release();
        }
    }
}
