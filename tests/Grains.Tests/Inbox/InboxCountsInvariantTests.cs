using System.Collections.Immutable;

namespace Notifications.Grains.Tests.Inbox;

/// <summary>
/// Property-style: whatever sequence of creates (with and without collapse keys), reads, seen,
/// archive, snooze, returns, actions, deletes and expiry an inbox goes through, its counts equal a
/// recount of what its lists return — in memory and after a rebuild from the store. Seeded, so a
/// failure names its seed (INBOX_PROPERTY_SEED replays one).
/// </summary>
[Collection(InboxCluster.Name)]
public sealed class InboxCountsInvariantTests(InboxClusterFixture fixture)
{
    private const int Steps = 160;

    private static readonly NotificationType[] Types = [NotificationType.NewMessage, NotificationType.UserMentioned, NotificationType.MessageReaction, NotificationType.System];

    private static readonly NotificationPriority[] Priorities = [NotificationPriority.Low, NotificationPriority.Normal, NotificationPriority.High, NotificationPriority.Urgent];

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int> { 1, 2, 3, 4 };
        if (int.TryParse(Environment.GetEnvironmentVariable("INBOX_PROPERTY_SEED"), out var replay))
        {
            data.Add(replay);
        }
        else
        {
            data.Add(Random.Shared.Next());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Counts_equal_a_recount_of_the_lists_after_every_step(int seed)
    {
        var random = new Random(seed);
        var userId = InboxClusterFixture.NewUserId("prop");
        var inbox = fixture.Inbox(userId);
        var known = new List<string>();
        for (var step = 0; step < Steps; step++)
        {
            var operation = await StepAsync(inbox, random, known);
            var counts = await inbox.GetCountsAsync();
            var recount = await RecountAsync(inbox);
            Assert.True(
                Same(counts, recount),
                $"seed {seed}, step {step} ({operation}): counts {Describe(counts)} but the lists hold {Describe(recount)}");
        }

        // A rebuild from the store agrees with what the inbox kept in memory, field for field.
        var before = await inbox.GetCountsAsync();
        var shelvesBefore = await AllShelvesAsync(inbox);
        await fixture.Cluster.DeactivateAsync(inbox);
        var rebuilt = fixture.Inbox(userId);
        var after = await rebuilt.GetCountsAsync();
        Assert.True(Same(before, after) && before.LastSeq == after.LastSeq, $"seed {seed}: {Describe(before)} in memory, {Describe(after)} rebuilt");
        Assert.Equal(shelvesBefore, await AllShelvesAsync(rebuilt));
    }

    private async Task<string> StepAsync(IUserInboxGrain inbox, Random random, List<string> known)
    {
        string Pick() => known.Count == 0 ? "0123456789abcdef0123456789abcdef" : known[random.Next(known.Count)];
        var now = fixture.Time.GetUtcNow();
        switch (random.Next(100))
        {
            case < 40:
                var type = Types[random.Next(Types.Length)];
                var details = NotificationDetails.Of(type) with
                {
                    Priority = Priorities[random.Next(Priorities.Length)],
                    SenderId = $"s{random.Next(1000)}",
                    ConversationId = $"c{random.Next(3)}",
                    MessageId = $"m{random.Next(6)}",
                    CollapseKey = random.Next(3) == 0 ? $"k{random.Next(3)}" : null,
                    ExpiresAt = random.Next(8) == 0 ? now.AddSeconds(random.Next(1, 30)) : null,
                    Actions = random.Next(3) == 0 ? new NotificationActions([new("yes", "Yes"), new("no", "No")]) : default,
                };
                var key = random.Next(4) == 0 ? $"idem-{random.Next(10)}" : null;
                var result = await inbox.CreateAsync(new NotificationDraft(details, key));
                if (result.Notification is { } created && !known.Contains(created.Id))
                {
                    known.Add(created.Id);
                }

                return $"create {result.Status}";
            case < 47:
                await inbox.MarkReadAsync(Pick());
                return "read";
            case < 52:
                var upTo = random.Next(2) == 0 ? (long?)null : random.Next(0, (int)(await inbox.GetCountsAsync()).LastSeq + 2);
                await inbox.MarkAllReadAsync(random.Next(3) == 0 ? Types[random.Next(Types.Length)] : null, random.Next(3) == 0 ? "c1" : null, upTo);
                return "read-all";
            case < 58:
                await inbox.MarkSeenAsync(random.Next(0, (int)(await inbox.GetCountsAsync()).LastSeq + 2));
                return "seen";
            case < 65:
                await inbox.ArchiveAsync(Pick());
                return "archive";
            case < 69:
                await inbox.UnarchiveAsync(Pick());
                return "unarchive";
            case < 72:
                await inbox.ArchiveReadAsync();
                return "archive-read";
            case < 80:
                await inbox.SnoozeAsync(Pick(), now.AddSeconds(random.Next(1, 40)));
                return "snooze";
            case < 83:
                await inbox.UnsnoozeAsync(Pick());
                return "unsnooze";
            case < 87:
                await inbox.TakeActionAsync(Pick(), random.Next(2) == 0 ? "yes" : "no");
                return "action";
            case < 91:
                await inbox.DeleteAsync(Pick());
                return "delete";
            case < 93:
                await inbox.RetractAsync($"m{random.Next(6)}");
                return "retract";
            default:
                // Expiry and returns from snooze happen as time passes.
                fixture.Time.Advance(TimeSpan.FromSeconds(random.Next(1, 20)));
                return "time passes";
        }
    }

    private static async Task<List<Notification>> AllShelvesAsync(IUserInboxGrain inbox) =>
    [
        .. await ListAllAsync(inbox, new NotificationQuery { Limit = 7 }),
        .. await ListAllAsync(inbox, new NotificationQuery { Limit = 7, Archived = true }),
        .. await ListAllAsync(inbox, new NotificationQuery { Limit = 7, Snoozed = true }),
    ];

    /// <summary>The counts as the lists show them: every shelf paged through to its end.</summary>
    private static async Task<InboxCounts> RecountAsync(IUserInboxGrain inbox)
    {
        var inboxShelf = await ListAllAsync(inbox, new NotificationQuery { Limit = 7 });
        var archived = await ListAllAsync(inbox, new NotificationQuery { Limit = 7, Archived = true });
        var snoozed = await ListAllAsync(inbox, new NotificationQuery { Limit = 7, Snoozed = true });
        var unread = inboxShelf.Where(n => !n.IsRead).ToList();
        return new InboxCounts(
            inboxShelf.Count,
            unread.Count,
            ImmutableSortedDictionary.CreateRange(unread.GroupBy(n => n.Details.Type).Select(g => KeyValuePair.Create(g.Key, g.Count()))),
            ImmutableSortedDictionary.CreateRange(unread.GroupBy(n => n.Details.Priority).Select(g => KeyValuePair.Create(g.Key, g.Count()))),
            LastSeq: 0,
            Unseen: inboxShelf.Count(n => n.SeenAt is null),
            Archived: archived.Count,
            Snoozed: snoozed.Count);
    }

    private static async Task<List<Notification>> ListAllAsync(IUserInboxGrain inbox, NotificationQuery query)
    {
        var all = new List<Notification>();
        while (true)
        {
            var page = await inbox.ListAsync(query);
            Assert.All(page.Items, n => Assert.Equal(query.Shelf, n.Shelf));
            Assert.All(page.Items, n => Assert.True(!n.IsRead || n.SeenAt is not null, "a read notification is always seen"));
            all.AddRange(page.Items);
            if (!page.HasMore)
            {
                Assert.Equal(all.Count, all.Select(n => n.Id).Distinct().Count());
                return all;
            }

            query = query with { BeforeSeq = page.Items[^1].Seq };
        }
    }

    private static bool Same(InboxCounts a, InboxCounts b) =>
        (a.Total, a.Unread, a.Unseen, a.Archived, a.Snoozed) == (b.Total, b.Unread, b.Unseen, b.Archived, b.Snoozed)
        && a.ByType.SequenceEqual(b.ByType)
        && a.ByPriority.SequenceEqual(b.ByPriority);

    private static string Describe(InboxCounts c) =>
        $"total {c.Total} unread {c.Unread} unseen {c.Unseen} archived {c.Archived} snoozed {c.Snoozed} " +
        $"byType [{string.Join(",", c.ByType.Select(p => $"{p.Key}={p.Value}"))}] byPriority [{string.Join(",", c.ByPriority.Select(p => $"{p.Key}={p.Value}"))}]";
}
