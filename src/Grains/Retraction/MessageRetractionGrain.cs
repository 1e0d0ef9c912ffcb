using Notifications.Grains.Storage;
using Orleans.Concurrency;

namespace Notifications.Grains.Retraction;

/// <summary>
/// Retract, served by whichever silo is asked: it finds the users through the store's message
/// index and has each user's inbox, the single writer of its notifications, delete its own (and
/// push the deletes). It holds nothing but the store.
/// </summary>
[StatelessWorker]
public sealed class MessageRetractionGrain(IRetractionStore store, TimeProvider time) : Grain, IMessageRetractionGrain
{
    /// <summary>
    /// Inbox deletes in flight at once: enough to keep a group of writers busy, few enough that an
    /// inbox's delete never queues behind so many others (one writer at a time on SQLite) that its
    /// own call times out.
    /// </summary>
    private const int MaxInFlight = 64;

    public async Task<int> RetractAsync(string messageId)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        var users = await store.FindUsersByMessageAsync(messageId, time.GetUtcNow(), CancellationToken.None);
        var deleted = 0;

        // Calls leave from this activation's turn (grain calls may not start on other threads), a chunk at a time.
        foreach (var chunk in users.Chunk(MaxInFlight))
        {
            var counts = await Task.WhenAll(chunk.Select(userId => GrainFactory.GetUserInbox(userId).RetractAsync(messageId)));
            deleted += counts.Sum();
        }

        return deleted;
    }
}
