using Notifications.LoadTest.Http;
using Notifications.LoadTest.Reporting;
using Notifications.LoadTest.Swarm;

namespace Notifications.Cluster.Tests;

/// <summary>
/// What a fault run delivered and stored, against what was acknowledged: every acknowledged
/// notification on every connection of its user (the ones the load tool dropped on purpose counted
/// apart: finding them proves the check sees a loss), the store against the acknowledgements both
/// ways, and each user's seqs in the store, which must run 1, 2, 3 … without a hole or a repeat
/// (nothing is deleted in these runs; a write that failed leaves its seq to the next one).
/// </summary>
public sealed record DeliveryAudit
{
    public required long Lost { get; init; }
    public required IReadOnlyList<string> LostSamples { get; init; }
    public required long LostOnPurposeFound { get; init; }
    public required long Stored { get; init; }
    public required long AcknowledgedMissingFromStore { get; init; }
    public required long StoredNotAcknowledged { get; init; }
    public required int UsersWithSeqHoles { get; init; }
    public required long RepeatedSeqs { get; init; }
    public required IReadOnlyList<string> SeqSamples { get; init; }

    public static DeliveryAudit Compute(LoadResult result, RunTimeline timeline, IReadOnlyDictionary<string, List<NotificationView>> stored)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(stored);
        var byUser = timeline.Connections.GroupBy(c => c.User).ToDictionary(g => g.Key, g => g.ToArray());
        var onPurpose = (result.Connections.DiscardedByFault ?? []).ToHashSet(StringComparer.Ordinal);
        long lost = 0, lostOnPurposeFound = 0;
        var lostSamples = new List<string>();
        foreach (var a in timeline.Acknowledged)
        {
            foreach (var c in byUser[a.User].Where(c => !c.Received.ContainsKey(a.Id)))
            {
                if (onPurpose.Contains(a.Id))
                {
                    lostOnPurposeFound++;
                    continue;
                }

                lost++;
                if (lostSamples.Count < 10)
                {
                    lostSamples.Add($"{a.Id} (user {timeline.UserIds[a.User]}, connection {c.Index} on node {c.Node}, sent at {a.SentAt:0.000} s, acknowledged at {a.AcknowledgedAt:0.000} s)");
                }
            }
        }

        var acknowledgedIds = timeline.Acknowledged.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var storedIds = stored.Values.SelectMany(v => v).Select(n => n.Id).ToHashSet(StringComparer.Ordinal);

        int usersWithHoles = 0;
        long repeated = 0;
        var seqSamples = new List<string>();
        foreach (var (user, items) in stored)
        {
            var seqs = items.Select(n => n.Seq).Order().ToArray();
            var repeats = seqs.Length - seqs.Distinct().Count();
            var holes = seqs.Length > 0 && seqs[^1] - seqs[0] + 1 != seqs.Distinct().Count() || seqs.Length > 0 && seqs[0] != 1;
            repeated += repeats;
            if (holes)
            {
                usersWithHoles++;
            }

            if ((holes || repeats > 0) && seqSamples.Count < 10)
            {
                seqSamples.Add($"user {user}: {seqs.Length} notifications, seqs {seqs[0]}..{seqs[^1]}, {repeats} repeated");
            }
        }

        return new DeliveryAudit
        {
            Lost = lost,
            LostSamples = lostSamples,
            LostOnPurposeFound = lostOnPurposeFound,
            Stored = storedIds.Count,
            AcknowledgedMissingFromStore = acknowledgedIds.Count(id => !storedIds.Contains(id)),
            StoredNotAcknowledged = storedIds.Count(id => !acknowledgedIds.Contains(id)),
            UsersWithSeqHoles = usersWithHoles,
            RepeatedSeqs = repeated,
            SeqSamples = seqSamples,
        };
    }
}
