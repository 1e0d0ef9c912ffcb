namespace Notifications.Grains.Tests.Inbox;

/// <summary>References built from the cached grain types are the same grains as Orleans' own.</summary>
[Collection(InboxCluster.Name)]
public sealed class GrainReferencesTests(InboxClusterFixture fixture)
{
    [Fact]
    public async Task Cached_references_address_the_same_grains_as_GetGrain()
    {
        // The first call resolves the types, every later one uses them: check both paths.
        for (var i = 0; i < 2; i++)
        {
            var userId = InboxClusterFixture.NewUserId();
            var cached = fixture.Client.GetUserInbox(userId);
            Assert.Equal(fixture.Inbox(userId).GetGrainId(), cached.GetGrainId());

            var created = await cached.CreateAsync(NotificationDetails.Of(NotificationType.System) with { Title = "t" });
            Assert.Equal(userId, created.Notification!.UserId);
            Assert.Equal(1, (await fixture.Inbox(userId).GetCountsAsync()).Total);

            var key = IMentionLimiterGrain.KeyFor("sender", userId);
            Assert.Equal(fixture.Client.GetGrain<IMentionLimiterGrain>(key).GetGrainId(), fixture.Client.GetMentionLimiter(key).GetGrainId());
        }
    }
}
