using Notifications.LoadTest.Swarm;

namespace Notifications.LoadTest.Tests;

/// <summary>
/// The rule that keeps a client from losing track: the trusted seq moves only over what was
/// really received — in-order pushes or a completed catch-up — never over a gap.
/// </summary>
public sealed class SeqWatermarkTests
{
    [Fact]
    public void In_order_pushes_advance_the_trusted_seq_without_a_gap()
    {
        var seq = new SeqWatermark();

        Assert.False(seq.OnPush(1));
        Assert.False(seq.OnPush(2));
        Assert.False(seq.OnLastSeq(2));

        Assert.Equal(2, seq.Trusted);
        Assert.False(seq.HasGap);
    }

    [Fact]
    public void A_skipped_seq_opens_a_gap_that_later_pushes_do_not_close()
    {
        var seq = new SeqWatermark();
        seq.OnPush(1);

        Assert.True(seq.OnPush(3)); // 2 never arrived
        Assert.True(seq.OnPush(4));
        Assert.True(seq.OnPush(5));

        Assert.Equal(1, seq.Trusted);
        Assert.Equal((1L, 5L), seq.BeginCatchUp());
    }

    [Fact]
    public void A_counts_last_seq_beyond_the_trusted_seq_opens_a_gap()
    {
        var seq = new SeqWatermark();
        seq.OnPush(1);

        Assert.True(seq.OnLastSeq(4));

        Assert.Equal(1, seq.Trusted);
        Assert.Equal(4, seq.Known);
    }

    [Fact]
    public void A_late_push_that_fills_the_gap_closes_it_over_everything_received_above()
    {
        var seq = new SeqWatermark();
        seq.OnPush(1);
        seq.OnPush(3);
        seq.OnPush(4);

        Assert.False(seq.OnPush(2));

        Assert.Equal(4, seq.Trusted);
    }

    [Fact]
    public void Only_a_completed_catch_up_closes_a_gap_up_to_the_target_known_when_it_started()
    {
        var seq = new SeqWatermark();
        seq.OnPush(1);
        seq.OnLastSeq(6);
        var (afterSeq, target) = seq.BeginCatchUp();

        // Seqs 2..6 existed; 4 was deleted before the catch-up ran, so its answer ends at 6 without it.
        Assert.False(seq.CompleteCatchUp(target, highestFetched: 6));

        Assert.Equal(1, afterSeq);
        Assert.Equal(6, seq.Trusted);
    }

    [Fact]
    public void A_failed_catch_up_leaves_the_trusted_seq_where_it_was_for_the_next_try()
    {
        var seq = new SeqWatermark();
        seq.OnPush(1);
        seq.OnLastSeq(3);
        _ = seq.BeginCatchUp(); // this pass fails: nothing is completed

        seq.OnPush(4); // pushes go on meanwhile

        Assert.True(seq.HasGap);
        Assert.Equal((1L, 4L), seq.BeginCatchUp());
    }

    [Fact]
    public void Seqs_assigned_during_a_catch_up_keep_the_gap_open_until_they_are_received()
    {
        var seq = new SeqWatermark();
        seq.OnLastSeq(2);
        var (_, target) = seq.BeginCatchUp();
        seq.OnPush(4); // 3 was pushed while the catch-up ran and did not arrive

        Assert.True(seq.CompleteCatchUp(target, highestFetched: 2));
        Assert.Equal(2, seq.Trusted);

        var (_, next) = seq.BeginCatchUp();
        Assert.False(seq.CompleteCatchUp(next, highestFetched: 4));
        Assert.Equal(4, seq.Trusted);
    }
}
