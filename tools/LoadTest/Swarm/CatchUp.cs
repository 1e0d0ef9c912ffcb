using System.Net;
using System.Net.Http.Json;
using Notifications.LoadTest.Http;
using Notifications.LoadTest.Measure;

namespace Notifications.LoadTest.Swarm;

/// <summary>
/// What a real client does after a reconnect or a gap (API.md): <c>GET /api/notifications?afterSeq=N</c>
/// from the last seq it trusts, oldest first, again with the last seq while <c>hasMore</c>. One
/// pass either reads every page (<see cref="CatchUpPass.Completed"/>) or fails; a failed pass
/// proves nothing, so the caller keeps the gap open and tries again (<see cref="RetryDelay"/>).
/// </summary>
public static class CatchUp
{
    /// <summary>A bound on pages, so a misbehaving server cannot keep the tool looping.</summary>
    private const int MaxPages = 1_000;

    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(10);

    /// <summary>Backoff after the n-th failed pass in a row: 250 ms doubling, at most 5 s, ±20 % jitter.</summary>
    public static TimeSpan RetryDelay(int failures)
    {
        var milliseconds = Math.Min(5_000, 250 * Math.Pow(2, Math.Min(failures, 10) - 1));
        return TimeSpan.FromMilliseconds(milliseconds * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }

    /// <param name="afterSeq">The seq the connection trusts (<see cref="SeqWatermark.BeginCatchUp"/>).</param>
    public static async Task<CatchUpPass> RunAsync(TrackedConnection connection, ApiClient.Node node, long afterSeq, string token, ApiClient api, StatusCounter statuses, CancellationToken cancellationToken)
    {
        var fetched = 0;
        var highest = afterSeq;
        for (var page = 0; page < MaxPages; page++)
        {
            using var request = ApiClient.Request(HttpMethod.Get, node.CatchUp(highest), token);
            using var response = await api.SendAsync(request, cancellationToken);
            statuses.Add("catch-up", (int)response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                await Task.Delay(wait < MaxRetryAfter ? wait : MaxRetryAfter, cancellationToken);
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                return new CatchUpPass(Completed: false, fetched, highest);
            }

            var list = await response.Content.ReadFromJsonAsync(WireJson.Default.ListAnswer, cancellationToken);
            if (list is null)
            {
                return new CatchUpPass(Completed: false, fetched, highest);
            }

            foreach (var item in list.Items)
            {
                if (connection.OnCaughtUp(item))
                {
                    fetched++;
                }

                highest = Math.Max(highest, item.Seq);
            }

            if (!list.HasMore || list.Items.Count == 0)
            {
                return new CatchUpPass(Completed: true, fetched, highest);
            }
        }

        return new CatchUpPass(Completed: false, fetched, highest);
    }
}

/// <summary>One catch-up pass: whether it read every page, what was new, the highest seq it saw.</summary>
public readonly record struct CatchUpPass(bool Completed, int Fetched, long HighestSeq);
