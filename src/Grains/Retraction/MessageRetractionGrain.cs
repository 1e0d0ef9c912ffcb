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
    /// <summary>Inbox deletes in flight at once, as for a batch's creates.</summary>
    private const int MaxInFlight = 500;

    public async Task<int> RetractAsync(string messageId)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        var users = await store.FindUsersByMessageAsync(messageId, time.GetUtcNow(), CancellationToken.None);
        var deleted = 0;
        await Parallel.ForEachAsync(
            users,
            new ParallelOptions { MaxDegreeOfParallelism = MaxInFlight },
            async (userId, _) => Interlocked.Add(ref deleted, await GrainFactory.GetUserInbox(userId).RetractAsync(messageId)));
        return deleted;
    }
}
