using System.Net;
using System.Net.Http.Headers;

namespace Notifications.LoadTest.Http;

/// <summary>
/// One pooled HTTP stack for the whole run and the Api nodes it spreads requests over
/// (round-robin). Request URIs are built once per node so a request allocates only its message.
/// </summary>
public sealed class ApiClient : IDisposable
{
    public const string HubPath = "hubs/notifications";

    private readonly HttpClient _http;
    private readonly Node[] _nodes;
    private long _next = -1;

    public ApiClient(IReadOnlyList<Uri> urls, int maxConnectionsPerServer, TimeSpan requestTimeout)
    {
        _nodes = [.. urls.Select((u, i) => new Node(u, i))];
        var handler = new SocketsHttpHandler
        {
            // Every in-flight request needs its own HTTP/1.1 connection; never queue inside the handler.
            MaxConnectionsPerServer = maxConnectionsPerServer,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = requestTimeout };
    }

    public IReadOnlyList<Uri> Urls => [.. _nodes.Select(n => n.Base)];

    /// <summary>The next node, round-robin.</summary>
    public Node NextNode() => _nodes[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)_nodes.Length)];

    public Node NodeAt(int index) => _nodes[index % _nodes.Length];

    /// <summary>The node after <paramref name="node"/>: where a request or a connection fails over to.</summary>
    public Node NodeAfter(Node node) => _nodes[(node.Index + 1) % _nodes.Length];

    public int NodeCount => _nodes.Length;

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);

    public static HttpRequestMessage Request(HttpMethod method, Uri uri, string token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, uri) { Content = content, Version = HttpVersion.Version11 };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>One Api node and the fixed URIs the tool calls on it.</summary>
    public sealed class Node(Uri baseUri, int index)
    {
        public Uri Base { get; } = baseUri;

        /// <summary>Position in the run's <c>--url</c> list.</summary>
        public int Index { get; } = index;

        public Uri Create { get; } = new(baseUri, "api/notifications");

        public Uri Batch { get; } = new(baseUri, "api/notifications/batch");

        public Uri Counts { get; } = new(baseUri, "api/notifications/counts");

        public Uri List { get; } = new(baseUri, "api/notifications?limit=20");

        public Uri Hub { get; } = new(baseUri, HubPath);

        public Uri Live { get; } = new(baseUri, "health/live");

        public Uri MarkRead(string id) => new(Base, "api/notifications/" + Uri.EscapeDataString(id) + "/read");

        public Uri CatchUp(long afterSeq) => new(Base, "api/notifications?limit=100&afterSeq=" + afterSeq.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
