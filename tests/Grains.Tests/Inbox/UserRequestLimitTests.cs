using Notifications.Grains.Domain;

namespace Notifications.Grains.Tests.Inbox;

/// <summary>
/// The per-user request limit, kept by the user's inbox: a marked call to the user's own inbox
/// counts, calls to other inboxes and unmarked calls do not, and the refusal crosses the wire
/// with its Retry-After.
/// </summary>
[Collection(InboxCluster.Name)]
public sealed class UserRequestLimitTests(InboxClusterFixture fixture)
{
    private const int Limit = 5;

    [Fact]
    public async Task Marked_calls_to_the_users_own_inbox_count_toward_one_window_whatever_the_method()
    {
        var userId = InboxClusterFixture.NewUserId();
        var inbox = fixture.Inbox(userId);
        UserRequestLimit.Mark(UserIdHash.Of(userId), Limit);
        try
        {
            await inbox.GetCountsAsync();
            await inbox.ListAsync(new NotificationQuery { Limit = 10 });
            await inbox.GetPreferencesAsync();
            await inbox.ChargeRequestAsync();
            await inbox.GetAsync("missing");

            var refused = await Assert.ThrowsAsync<UserRequestLimitExceededException>(() => inbox.GetCountsAsync());
            Assert.Equal(TimeSpan.FromMinutes(1), refused.RetryAfter); // the clock stands still: the whole window is left
            await Assert.ThrowsAsync<UserRequestLimitExceededException>(() => inbox.ChargeRequestAsync());

            // A new minute, a new window.
            fixture.Time.Advance(TimeSpan.FromMinutes(1));
            await inbox.GetCountsAsync();
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    [Fact]
    public async Task Calls_to_other_users_inboxes_and_unmarked_calls_do_not_count()
    {
        var admin = InboxClusterFixture.NewUserId();
        var recipient = fixture.Inbox(InboxClusterFixture.NewUserId());
        UserRequestLimit.Mark(UserIdHash.Of(admin), 1);
        try
        {
            // A broadcast's calls carry the admin's mark to the recipients' inboxes: not the admin's requests there.
            for (var i = 0; i < 3; i++)
            {
                await recipient.CreateAsync(NotificationDraft.Of(NotificationType.System));
            }
        }
        finally
        {
            RequestContext.Clear();
        }

        // Producers and connections are not marked.
        for (var i = 0; i < 3; i++)
        {
            await recipient.GetCountsAsync();
        }

        Assert.Equal(3, (await recipient.GetCountsAsync()).Total);
    }
}
