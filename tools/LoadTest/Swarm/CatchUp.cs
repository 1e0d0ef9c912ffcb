using System.Net;
using System.Net.Http.Json;
using Notifications.LoadTest.Http;
using Notifications.LoadTest.Measure;

namespace Notifications.LoadTest.Swarm;

/// <summary>
/// What a real client does after a reconnect (API.md): <c>GET /api/notifications?afterSeq=N</c>
/// from the last seq it saw, oldest first, again with the last seq while <c>hasMore</c>.
/// </summary>
public static class CatchUp
{
    /// <summary>A bound on pages, so a misbehaving server cannot keep the tool looping.</summary>
    private const int MaxPages = 1_000;

    /// <param name="afterSeq">The last seq seen before the gap (taken when the gap was noticed: pushes may have moved the connection's last seq since).</param>
    public static async Task<int> RunAsync(TrackedConnection connection, long afterSeq, string token, ApiClient api, StatusCounter statuses, CancellationToken cancellationToken)
    {
        var fetched = 0;
        for (var page = 0; page < MaxPages; page++)
        {
            using var request = ApiClient.Request(HttpMethod.Get, connection.Node.CatchUp(afterSeq), token);
            using var response = await api.SendAsync(request, cancellationToken);
            statuses.Add("catch-up", (int)response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                await Task.Delay(wait < TimeSpan.FromSeconds(10) ? wait : TimeSpan.FromSeconds(10), cancellationToken);
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                return fetched;
            }

            var list = await response.Content.ReadFromJsonAsync(WireJson.Default.ListAnswer, cancellationToken);
            if (list is null || list.Items.Count == 0)
            {
                return fetched;
            }

            foreach (var item in list.Items)
            {
                if (connection.OnCaughtUp(item))
                {
                    fetched++;
                }

                afterSeq = Math.Max(afterSeq, item.Seq);
            }

            if (!list.HasMore)
            {
                return fetched;
            }
        }

        return fetched;
    }
}
