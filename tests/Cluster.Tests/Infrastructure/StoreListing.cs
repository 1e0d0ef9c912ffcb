using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Notifications.LoadTest.Auth;
using Notifications.LoadTest.Http;

namespace Notifications.Cluster.Tests.Infrastructure;

public static class StoreListing
{
    /// <summary>Every notification of every user, through the API (afterSeq pages, oldest first).</summary>
    public static async Task<Dictionary<string, List<NotificationView>>> ListAsync(Uri node, IReadOnlyList<string> userIds, CancellationToken ct)
    {
        var minter = new TokenMinter(ClusterFixture.SigningKey, "notifications", "notifications");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var stored = new ConcurrentDictionary<string, List<NotificationView>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(userIds, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (userId, token) =>
        {
            var bearer = new AuthenticationHeaderValue("Bearer", minter.Mint(userId));
            var items = new List<NotificationView>();
            long afterSeq = 0;
            for (var page = 0; page < 1_000; page++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(node, $"api/notifications?limit=100&afterSeq={afterSeq}"));
                request.Headers.Authorization = bearer;
                using var response = await http.SendAsync(request, token);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var list = (await response.Content.ReadFromJsonAsync(WireJson.Default.ListAnswer, token))!;
                items.AddRange(list.Items);
                if (!list.HasMore || list.Items.Count == 0)
                {
                    break;
                }

                afterSeq = list.Items[^1].Seq;
            }

            stored[userId] = items;
        });
        return new Dictionary<string, List<NotificationView>>(stored, StringComparer.Ordinal);
    }
}
