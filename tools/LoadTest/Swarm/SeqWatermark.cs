namespace Notifications.LoadTest.Swarm;

/// <summary>
/// The client's rule for never losing track (API.md: seqs of one user grow by one per create, and
/// one connection's pushes arrive in order): <see cref="Trusted"/> is the highest seq S such that
/// every notification with a seq up to S that exists has really been received — by push, in
/// order, or by a catch-up that completed. A push beyond <c>Trusted + 1</c> or a counts
/// <c>lastSeq</c> beyond <see cref="Trusted"/> opens a gap; only a completed catch-up closes it.
/// Nothing else ever moves <see cref="Trusted"/>, so a failed catch-up leaves the gap open for the
/// next try instead of letting later pushes paper over it.
/// </summary>
public sealed class SeqWatermark
{
    private readonly Lock _gate = new();
    private readonly SortedSet<long> _receivedAbove = [];
    private long _trusted;
    private long _known;

    public long Trusted
    {
        get
        {
            lock (_gate)
            {
                return _trusted;
            }
        }
    }

    /// <summary>The highest seq the service is known to have assigned (pushes and counts snapshots).</summary>
    public long Known
    {
        get
        {
            lock (_gate)
            {
                return _known;
            }
        }
    }

    public bool HasGap
    {
        get
        {
            lock (_gate)
            {
                return _known > _trusted;
            }
        }
    }

    /// <summary>A pushed notification; true when a gap is open afterwards.</summary>
    public bool OnPush(long seq)
    {
        lock (_gate)
        {
            _known = Math.Max(_known, seq);
            if (seq == _trusted + 1)
            {
                _trusted = seq;
                AbsorbContiguous();
            }
            else if (seq > _trusted + 1)
            {
                _receivedAbove.Add(seq);
            }

            return _known > _trusted;
        }
    }

    /// <summary>A counts event's <c>lastSeq</c>; true when a gap is open afterwards.</summary>
    public bool OnLastSeq(long lastSeq)
    {
        lock (_gate)
        {
            _known = Math.Max(_known, lastSeq);
            return _known > _trusted;
        }
    }

    /// <summary>Where a catch-up starts (<c>afterSeq</c>) and the highest seq known to exist when it starts.</summary>
    public (long AfterSeq, long Target) BeginCatchUp()
    {
        lock (_gate)
        {
            return (_trusted, _known);
        }
    }

    /// <summary>
    /// A catch-up that started at <see cref="BeginCatchUp"/> read every page: everything up to
    /// <paramref name="target"/> that exists was in its answer (deleted or expired ones are simply
    /// not there), and so was everything up to <paramref name="highestFetched"/>. True when a gap
    /// is still open (seqs assigned meanwhile, not all received yet).
    /// </summary>
    public bool CompleteCatchUp(long target, long highestFetched)
    {
        lock (_gate)
        {
            _trusted = Math.Max(_trusted, Math.Max(target, highestFetched));
            _known = Math.Max(_known, _trusted);
            _receivedAbove.RemoveWhere(seq => seq <= _trusted);
            AbsorbContiguous();
            return _known > _trusted;
        }
    }

    private void AbsorbContiguous()
    {
        while (_receivedAbove.Count > 0 && _receivedAbove.Min == _trusted + 1)
        {
            _trusted = _receivedAbove.Min;
            _receivedAbove.Remove(_trusted);
        }
    }
}
