using Notifications.Api.Contracts;
using Notifications.Api.Telemetry;

namespace Notifications.Api.Endpoints;

/// <summary>
/// Runs one create per recipient, each in the recipient's own inbox, many at a time, and
/// gathers the answers in the order of the ids sent.
/// </summary>
public sealed class FanOut(IGrainFactory grains, NotificationsMetrics metrics)
{
    /// <summary>Creates in flight at once: enough to keep every silo core and the group commit busy.</summary>
    private const int MaxInFlight = 2_000;

    public async Task<FanOutResponse> CreateAsync(IReadOnlyList<string> userIds, NotificationDraft draft, CancellationToken cancellationToken)
    {
        var results = new CreateResult[userIds.Count];
        await Parallel.ForAsync(
            0,
            userIds.Count,
            new ParallelOptions { MaxDegreeOfParallelism = MaxInFlight, CancellationToken = cancellationToken },
            async (i, _) => results[i] = await grains.GetUserInbox(userIds[i]).CreateAsync(draft));

        int created = 0, replaced = 0, duplicate = 0, suppressed = 0, rateLimited = 0;
        var items = new FanOutResult[results.Length];
        for (var i = 0; i < results.Length; i++)
        {
            var result = results[i];
            switch (result.Status)
            {
                case CreateStatus.Created: created++; break;
                case CreateStatus.Replaced: replaced++; break;
                case CreateStatus.Duplicate: duplicate++; break;
                case CreateStatus.Suppressed: suppressed++; break;
                case CreateStatus.RateLimited: rateLimited++; break;
            }

            items[i] = new FanOutResult(userIds[i], CreateResponse.StatusName(result.Status), result.Notification?.Id);
        }

        metrics.Outcome(CreateStatus.Created, created);
        metrics.Outcome(CreateStatus.Replaced, replaced);
        metrics.Outcome(CreateStatus.Duplicate, duplicate);
        metrics.Outcome(CreateStatus.Suppressed, suppressed);
        metrics.Outcome(CreateStatus.RateLimited, rateLimited);
        return new FanOutResponse(created, replaced, duplicate, suppressed, rateLimited, items);
    }
}
