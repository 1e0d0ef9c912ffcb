using Notifications.Grains.Tests.Inbox;

namespace Notifications.Grains.Tests.Limits;

/// <summary>A producer's quota grain: one window a second across every node that leases from it.</summary>
[Collection(InboxCluster.Name)]
public sealed class ProducerQuotaGrainTests(InboxClusterFixture fixture)
{
    [Fact]
    public async Task Leases_share_one_window_and_the_next_second_opens_a_new_one()
    {
        var quota = fixture.Client.GetProducerQuota("producer-" + Guid.NewGuid().ToString("N"));

        // Two nodes asking in turn: the window's ten permits go to whoever asks, never more.
        Assert.Equal(new QuotaLease(4, TimeSpan.FromSeconds(1)), await quota.LeaseAsync(4, 10));
        Assert.Equal(4, (await quota.LeaseAsync(4, 10)).Granted);
        Assert.Equal(2, (await quota.LeaseAsync(4, 10)).Granted);
        var spent = await quota.LeaseAsync(4, 10);
        Assert.Equal(0, spent.Granted);
        Assert.Equal(TimeSpan.FromSeconds(1), spent.ValidFor); // the clock stands still: the whole window is left

        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(4, (await quota.LeaseAsync(4, 10)).Granted);
    }

    [Fact]
    public async Task Each_producer_has_its_own_quota()
    {
        var first = fixture.Client.GetProducerQuota("producer-" + Guid.NewGuid().ToString("N"));
        var second = fixture.Client.GetProducerQuota("producer-" + Guid.NewGuid().ToString("N"));

        Assert.Equal(3, (await first.LeaseAsync(5, 3)).Granted);
        Assert.Equal(3, (await second.LeaseAsync(5, 3)).Granted);
        Assert.Equal(fixture.Client.GetGrain<IProducerQuotaGrain>("p").GetGrainId(), fixture.Client.GetProducerQuota("p").GetGrainId());
    }
}
