using System.Net.Http.Json;
using Notifications.LoadTest.Http;
using Notifications.LoadTest.Measure;
using Notifications.LoadTest.Swarm;

namespace Notifications.LoadTest.Traffic;

/// <summary>
/// What end users do besides listening: list their newest notifications, read their counts and
/// mark one read (the one they received last, as a click would). Each call is the user's own,
/// so the per-user limit of API.md (100/min) applies; spread over many users it is rarely hit.
/// </summary>
public sealed class EndUserTraffic(ApiClient api, RunUsers users, StatusCounter statuses)
{
    /// <param name="draw">A uniform draw from the run's seeded random: 40 % list, 40 % counts, 20 % mark read.</param>
    public async Task ReadAsync(int user, int draw, CancellationToken cancellationToken)
    {
        var node = api.NextNode();
        var token = users.Tokens[user];
        var (operation, request) = (draw % 5) switch
        {
            0 or 1 => ("list", ApiClient.Request(HttpMethod.Get, node.List, token)),
            4 when users.LastReceived(user) is { } id => ("mark-read", ApiClient.Request(HttpMethod.Patch, node.MarkRead(id), token)),
            _ => ("counts", ApiClient.Request(HttpMethod.Get, node.Counts, token)),
        };

        using (request)
        {
            try
            {
                using var response = await api.SendAsync(request, cancellationToken);
                statuses.Add(operation, (int)response.StatusCode);
                if (operation == "counts" && response.IsSuccessStatusCode)
                {
                    // Read the body as a client would, so a broken answer shows up as an error.
                    _ = await response.Content.ReadFromJsonAsync(WireJson.Default.CountsView, cancellationToken);
                }
            }
            catch (Exception e) when (Failure.IsExpected(e))
            {
                statuses.Add(operation, Failure.Name(e), isError: true);
            }
        }
    }
}
