using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Notifications.LoadTest.Http;

namespace Notifications.LoadTest.Swarm;

/// <summary>
/// Opens one connection's transport on the node it is on, or, when that node does not answer,
/// on the next nodes in turn: a client whose Api node went away reconnects to another one within
/// the same reconnect attempt. The connection's <see cref="TrackedConnection.Node"/> follows.
/// </summary>
internal sealed class FailoverConnectionFactory(HttpConnectionFactory inner, HttpConnectionOptions options, ApiClient api, TrackedConnection connection) : IConnectionFactory
{
    public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        // HttpConnectionFactory refuses any endpoint but the options' Url once that is set; this
        // factory picks the endpoint. (The hub's own endpoint, derived from the Url, exists by now.)
        options.Url = null;
        var node = connection.Node;
        for (var tried = 1; ; tried++)
        {
            try
            {
                var context = await inner.ConnectAsync(new UriEndPoint(node.Hub), cancellationToken);
                connection.Node = node;
                return context;
            }
            catch (Exception) when (tried < api.NodeCount && !cancellationToken.IsCancellationRequested)
            {
                node = api.NodeAfter(node);
            }
        }
    }
}
